import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';

import { api, message, User } from '../api';
import { bytes, percent, rate, uptime } from '../format';
import { LiveView, watch } from '../live';
import { navigate } from '../router';
import type { Server } from './Servers';

interface Point {
  ts: string;
  cpu: { avg: number | null; max: number | null };
  memory: { avg: number | null };
  disk: { avg: number | null };
}

interface History {
  from: string;
  to: string;
  stepSeconds: number;
  stepRaised: boolean;
  points: Point[];
}

const RANGES: Record<string, number> = { '1 h': 3600, '24 h': 86400, '7 d': 604800 };

function Chart(props: { history: History }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const p = props.history.points;
    const data: uPlot.AlignedData = [
      p.map((x) => Date.parse(x.ts) / 1000),
      p.map((x) => x.cpu.avg),
      p.map((x) => x.memory.avg),
      p.map((x) => x.disk.avg),
    ];
    const plot = new uPlot({
      width: Math.max(300, el.current!.clientWidth),
      height: 260,
      // the range asked for, not just where the samples are: an hour with two samples still spans the hour
      scales: { x: { time: true, range: [Date.parse(props.history.from) / 1000, Date.parse(props.history.to) / 1000] },
        y: { range: [0, 100] } },
      series: [
        {},
        { label: 'CPU %', stroke: '#0b5cad', width: 2 },
        { label: 'Memory %', stroke: '#1a7f37', width: 2 },
        { label: 'Disk %', stroke: '#9a6700', width: 2 },
      ],
      axes: [{}, { values: (_u, ticks) => ticks.map((t) => t + ' %') }],
    }, data, el.current!);
    const onResize = () => plot.setSize({ width: Math.max(300, el.current!.clientWidth), height: 260 });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [props.history]);
  return <div class="chart" ref={el} role="img" aria-label="CPU, memory and disk use over time" />;
}

export function ServerPage(props: { id: number; me: User; monitorUrl: string }) {
  const [server, setServer] = useState<Server | null>(null);
  const [live, setLive] = useState<LiveView | null>(null);
  const [range, setRange] = useState('1 h');
  const [history, setHistory] = useState<History | null>(null);
  const [reload, setReload] = useState(0);
  const [tasks, setTasks] = useState<{ id: number; command: string; status: string }[]>([]);
  const [test, setTest] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const operates = props.me.role === 'admin' || props.me.role === 'operator';

  useEffect(() => {
    api<Server>('GET', `/api/servers/${props.id}`).then(setServer, (e) => setError(message(e)));
    if (operates) {
      api<{ items: { id: number; command: string; status: string }[] }>('GET', `/api/tasks?serverId=${props.id}&limit=5`)
        .then((p) => setTasks(p.items), () => undefined);
    }
    return watch(props.monitorUrl, setLive, [props.id]);
  }, [props.id]);
  useEffect(() => {
    const from = new Date(Date.now() - RANGES[range] * 1000).toISOString();
    api<History>('GET', `${props.monitorUrl}/api/servers/${props.id}/stats/history?from=${encodeURIComponent(from)}`)
      .then(setHistory, (e) => setError(message(e)));
    // the chart moves on by itself: once a minute, or when a range button is pressed again
    const t = window.setTimeout(() => setReload((n) => n + 1), 60000);
    return () => window.clearTimeout(t);
  }, [props.id, range, reload]);

  const runTest = async () => {
    setTest('testing…');
    try {
      const r = await api<{ ok: boolean; latencyMs: number; error: string | null }>('POST', `/api/servers/${props.id}/test`);
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
        {s && <span class={'status ' + s.status}>{s.status}</span>}
        {operates && server?.hostKeyTrusted && (
          <>
            <button type="button" class="small" onClick={() => navigate(`/terminal/${props.id}`)}>Terminal</button>
            <button type="button" class="small" onClick={() => navigate(`/tasks/new/${props.id}`)}>Run task</button>
            <button type="button" class="small" onClick={runTest}>Test connection</button>
          </>
        )}
        {test && <span class="hint" role="status">{test}</span>}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {server && <p class="hint">{server.username}@{server.host}:{server.port}{server.description ? ' — ' + server.description : ''}</p>}
      {s?.status === 'offline' && s.error && <p class="error">{s.error}</p>}
      {sample && (
        <dl class="live-numbers">
          <dt>CPU</dt><dd>{percent(sample.cpu)}</dd>
          <dt>Memory</dt><dd>{percent(sample.memory.percent)} ({bytes(sample.memory.usedBytes)} of {bytes(sample.memory.totalBytes)})</dd>
          <dt>Swap</dt><dd>{percent(sample.swap.percent)}</dd>
          <dt>Load</dt><dd>{sample.load.map((l) => l.toFixed(2)).join(' ')}</dd>
          <dt>Network</dt><dd>↓ {rate(sample.network?.rxBytesPerSec)} ↑ {rate(sample.network?.txBytesPerSec)}</dd>
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
