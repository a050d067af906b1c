import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { getServer, listTasks, serverHistory, testConnection } from '../api/routes';
import type { History, Server, Task, User } from '../api/types';
import { StatusBadge } from '../components/Badges';
import { Chart } from '../components/Chart';
import { ErrorMessage } from '../components/ErrorMessage';
import { bytes, load, percent, traffic, uptime } from '../format';
import { LiveView, watch } from '../live';
import { navigate } from '../router';

const RANGES: Record<string, number> = { '1 h': 3600, '24 h': 86400, '7 d': 604800 };

export function ServerPage(props: { id: number; me: User; monitorUrl: string }) {
  const [server, setServer] = useState<Server | null>(null);
  const [live, setLive] = useState<LiveView | null>(null);
  const [range, setRange] = useState('1 h');
  const [history, setHistory] = useState<History | null>(null);
  const [reload, setReload] = useState(0);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [test, setTest] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const operates = props.me.role === 'admin' || props.me.role === 'operator';

  useEffect(() => {
    getServer(props.id).then(setServer, (e) => setError(message(e)));
    if (operates) {
      listTasks({ serverId: props.id, limit: 5 }).then((p) => setTasks(p.items), () => undefined);
    }
    return watch(props.monitorUrl, setLive, [props.id]);
  }, [props.id]);
  useEffect(() => {
    const from = new Date(Date.now() - RANGES[range] * 1000).toISOString();
    serverHistory(props.monitorUrl, props.id, from).then(setHistory, (e) => setError(message(e)));
    // the chart moves on by itself: once a minute, or when a range button is pressed again
    const t = window.setTimeout(() => setReload((n) => n + 1), 60000);
    return () => window.clearTimeout(t);
  }, [props.id, range, reload]);

  const runTest = async () => {
    setTest('testing…');
    try {
      const r = await testConnection(props.id);
      setTest(r.ok ? `connected in ${r.latencyMs} ms` : `failed: ${r.error}`);
    } catch (e) {
      setTest(message(e));
    }
  };

  const s = live?.servers.get(props.id);
  const sample = s?.sample;
  return (
    <main>
      <div class="page-head">
        <h1>{server?.name ?? 'Server ' + props.id}</h1>
        {s && <StatusBadge status={s.status} />}
        {operates && server?.hostKeyTrusted && (
          <>
            <button type="button" class="small" onClick={() => navigate(`/terminal/${props.id}`)}>Terminal</button>
            <button type="button" class="small" onClick={() => navigate(`/tasks/new/${props.id}`)}>Run task</button>
            <button type="button" class="small" onClick={runTest}>Test connection</button>
          </>
        )}
        {test && <span class="hint" role="status">{test}</span>}
      </div>
      <ErrorMessage text={error} />
      {server && <p class="hint">{server.username}@{server.host}:{server.port}{server.description ? ' — ' + server.description : ''}</p>}
      {s?.status === 'offline' && s.error && <p class="error">{s.error}</p>}
      {sample && (
        <dl class="live-numbers">
          <dt>CPU</dt><dd>{percent(sample.cpu)}</dd>
          <dt>Memory</dt><dd>{percent(sample.memory.percent)} ({bytes(sample.memory.usedBytes)} of {bytes(sample.memory.totalBytes)})</dd>
          <dt>Swap</dt><dd>{percent(sample.swap.percent)}</dd>
          <dt>Load</dt><dd>{load(sample.load)}</dd>
          <dt>Network</dt><dd>{traffic(sample.network)}</dd>
          <dt>Uptime</dt><dd>{uptime(sample.uptimeSeconds)}</dd>
          <dt>Processes</dt><dd>{sample.processes}</dd>
          {sample.disks.map((d) => (<><dt>Disk {d.mount}</dt><dd>{percent(d.percent)} of {bytes(d.totalBytes)}</dd></>))}
        </dl>
      )}
      <div class="page-head">
        <h2>History</h2>
        {Object.keys(RANGES).map((r) => (
          <button type="button" key={r} class={'small' + (r === range ? '' : ' outline')} aria-pressed={r === range}
            onClick={() => { setRange(r); setReload((n) => n + 1); }}>{r}</button>
        ))}
        {history?.stepRaised && <span class="hint">one point per {history.stepSeconds} s</span>}
      </div>
      {history && (history.points.length > 0 ? <Chart history={history} /> : <p class="hint">No samples in this range yet.</p>)}
      {operates && (
        <>
          <h2>Last tasks</h2>
          {tasks.length === 0 ? <p class="hint">None yet.</p> : (
            <ul>{tasks.map((t) => <li key={t.id}><code>{t.command}</code> — {t.status}</li>)}</ul>
          )}
        </>
      )}
    </main>
  );
}
