import { useEffect, useMemo, useState } from 'preact/hooks';

import { message } from '../api/client';
import {
  acknowledgeAlert, exportSamples, getServer, listSessions, listTasks, serverAlerts, serverBreakdown, serverHistory,
  testConnection,
} from '../api/routes';
import type { Alert, Breakdown, History, Sample, Server, Session, Task, User } from '../api/types';
import { StatusBadge } from '../components/Badges';
import { Chart, Series } from '../components/Chart';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { Meter } from '../components/Meter';
import { Time } from '../components/Time';
import { TopProcesses } from '../components/TopProcesses';
import { alertOn, worst } from '../fleet';
import { bytes, load, percent, rate, traffic, uptime } from '../format';
import { useTitle } from '../hooks';
import { LiveView, watch } from '../live';
import { navigate } from '../router';
import { TableWrap } from '../components/TableWrap';

/** The ranges offered, in seconds back from now; "custom" is from..to as the user set it or dragged. */
const RANGES: Record<string, number> = { '15 min': 900, '1 h': 3600, '6 h': 21600, '24 h': 86400, '7 d': 604800 };

type Range = { kind: 'latest'; name: string } | { kind: 'custom'; from: number; to: number };

/** A datetime-local input's value for an instant (seconds), in local time. */
function local(seconds: number): string {
  const d = new Date(seconds * 1000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

/** What the charts draw: history buckets, then (viewing the latest range) the samples streamed since. */
function chartData(history: History | null, tail: Sample[]) {
  const points = history?.points ?? [];
  const lastBucket = points.length ? Date.parse(points[points.length - 1].ts) / 1000 : 0;
  const step = history?.stepSeconds ?? 0;
  const fresh = tail.filter((s) => Date.parse(s.ts) / 1000 >= lastBucket + step);
  const t = [...points.map((p) => Date.parse(p.ts) / 1000), ...fresh.map((s) => Date.parse(s.ts) / 1000)];
  const h = <K extends keyof History['points'][number]>(k: K, f: (s: Sample) => number | null, max = false) => [
    ...points.map((p) => { const v = p[k] as { avg: number | null; max: number | null }; return max ? v.max : v.avg; }),
    ...fresh.map(f),
  ];
  return {
    times: t,
    cpu: [
      { label: 'CPU avg', colour: '--chart-1', values: h('cpu', (s) => s.cpu) },
      { label: 'CPU max', colour: '--chart-4', values: h('cpu', (s) => s.cpu, true) },
    ],
    memory: [
      { label: 'Memory', colour: '--chart-2', values: h('memory', (s) => s.memory.percent) },
      { label: 'Swap', colour: '--chart-3', values: h('swap', (s) => s.swap.percent) },
    ],
    load: [
      { label: '1 min', colour: '--chart-1', values: h('load1', (s) => s.load[0]) },
      { label: '5 min', colour: '--chart-2', values: h('load5', (s) => s.load[1]) },
      { label: '15 min', colour: '--chart-3', values: h('load15', (s) => s.load[2]) },
    ],
    network: [
      { label: 'Received', colour: '--chart-1', values: h('netRx', (s) => s.network?.rxBytesPerSec ?? null) },
      { label: 'Sent', colour: '--chart-2', values: h('netTx', (s) => s.network?.txBytesPerSec ?? null) },
    ],
    disk: [
      { label: 'Fullest mount', colour: '--chart-3',
        values: h('disk', (s) => (s.disks.length ? Math.max(...s.disks.map((d) => d.percent)) : null)) },
    ],
  } satisfies Record<string, Series[] | number[]>;
}

const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4'];

/**
 * Per-core and per-mount lines: the breakdown's buckets, then (viewing the latest range) the samples streamed
 * since its last bucket.
 */
function breakdownData(b: Breakdown | null, tail: Sample[]) {
  const points = b?.points ?? [];
  const last = points.length ? Date.parse(points[points.length - 1].ts) / 1000 + (b?.stepSeconds ?? 0) : 0;
  const fresh = tail.filter((s) => Date.parse(s.ts) / 1000 >= last);
  const times = [...points.map((p) => Date.parse(p.ts) / 1000), ...fresh.map((s) => Date.parse(s.ts) / 1000)];
  const n = Math.max(0, ...points.map((p) => p.cores.length), ...fresh.map((s) => s.cores?.length ?? 0));
  const mounts = [...new Set([...points.flatMap((p) => Object.keys(p.disks)), ...fresh.flatMap((s) => s.disks.map((d) => d.mount))])].sort();
  return {
    times,
    cores: Array.from({ length: n }, (_, i): Series => ({
      label: 'core ' + i, colour: PALETTE[i % PALETTE.length],
      values: [...points.map((p) => p.cores[i] ?? null), ...fresh.map((s) => s.cores?.[i] ?? null)],
    })),
    disks: mounts.map((m, i): Series => ({
      label: m, colour: PALETTE[i % PALETTE.length],
      values: [...points.map((p) => p.disks[m] ?? null), ...fresh.map((s) => s.disks.find((d) => d.mount === m)?.percent ?? null)],
    })),
  };
}

function AlertList(props: { alerts: Alert[]; monitorUrl: string; operates: boolean; onChange: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const ack = async (a: Alert) => {
    try {
      await acknowledgeAlert(props.monitorUrl, a.id);
      props.onChange();
    } catch (e) {
      setError(message(e));
    }
  };
  return (
    <section class="panel" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <ErrorMessage text={error} />
      {props.alerts.length === 0 ? <p class="hint">No alerts yet.</p> : (
        <TableWrap label="alerts">
          <table class="list alerts">
            <thead><tr><th scope="col">Severity</th><th scope="col">Metric</th><th scope="col" class="num">Value</th>
              <th scope="col">Opened</th><th scope="col">State</th></tr></thead>
            <tbody>
              {props.alerts.map((a) => (
                <tr key={a.id} data-alert-id={a.id} class={a.status === 'open' ? 'alert-' + a.severity : undefined}>
                  <td><span class={'sev ' + a.severity}>{a.severity}</span></td>
                  <td>{a.metric}</td>
                  <td class="num">{percent(a.value)} / {percent(a.threshold)}</td>
                  <td><Time at={a.openedAt} /></td>
                  <td>
                    {a.status === 'open' ? 'open' : <>resolved <Time at={a.resolvedAt} /></>}
                    {a.acknowledgedAt ? <span class="hint"> · acknowledged by {a.acknowledgedByName}</span>
                      : a.status === 'open' && props.operates
                        && <> <button type="button" class="small outline" onClick={() => ack(a)}>Acknowledge</button></>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

export function ServerPage(props: { id: number; me: User; monitorUrl: string }) {
  const [server, setServer] = useState<Server | null>(null);
  const [live, setLive] = useState<LiveView | null>(null);
  const [range, setRange] = useState<Range>({ kind: 'latest', name: '1 h' });
  const [history, setHistory] = useState<History | null>(null);
  const [breakdown, setBreakdown] = useState<Breakdown | null>(null);
  const [tail, setTail] = useState<Sample[]>([]);
  const [reload, setReload] = useState(0);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [alertsReload, setAlertsReload] = useState(0);
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [test, setTest] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const operates = props.me.role === 'admin' || props.me.role === 'operator';
  useTitle(server?.name ?? 'Server ' + props.id);

  useEffect(() => {
    getServer(props.id).then(setServer, (e) => setError(message(e)));
    if (operates) {
      listTasks({ serverId: props.id, limit: 5 }).then((p) => setTasks(p.items), () => undefined);
      listSessions(5, props.id).then((p) => setSessions(p.items), () => undefined);
    }
    setTail([]);
    setHistory(null);
    setBreakdown(null);
    setServer(null);
    return watch(props.monitorUrl, setLive, [props.id]);
  }, [props.id]);

  const s = live?.servers.get(props.id);
  const sample = s?.sample;
  // each new sample joins the tail (the charts' live end, and the per-core chart)
  useEffect(() => {
    if (sample) {
      setTail((old) => (old.some((x) => x.ts === sample.ts) ? old
        : [...old.filter((x) => Date.parse(x.ts) > Date.now() - 6 * 3600_000), sample]));
    }
  }, [sample?.ts]);
  const openIds = (s?.alerts ?? []).map((a) => a.id + a.severity).join();
  useEffect(() => {
    serverAlerts(props.monitorUrl, props.id, 20).then((p) => setAlerts(p.items), () => undefined);
  }, [props.id, openIds, alertsReload]);

  const [from, to] = range.kind === 'custom' ? [range.from, range.to]
    : [Date.now() / 1000 - RANGES[range.name], Date.now() / 1000];
  useEffect(() => {
    const since = new Date(from * 1000).toISOString();
    const until = range.kind === 'custom' ? new Date(to * 1000).toISOString() : undefined;
    // an answer for a range (or a server) no longer shown is dropped: a slow 7 d must not replace a 15 min
    let stale = false;
    serverHistory(props.monitorUrl, props.id, since, until).then((h) => {
      if (!stale) {
        setHistory(h);
        setError(null);
      }
    }, (e) => !stale && setError(message(e)));
    serverBreakdown(props.monitorUrl, props.id, since, until).then((b) => !stale && setBreakdown(b),
      () => !stale && setBreakdown(null));
    // the latest range moves on: streamed samples join it at once, the buckets are read again each minute
    const t = range.kind === 'custom' ? undefined : window.setTimeout(() => setReload((n) => n + 1), 60000);
    return () => {
      stale = true;
      window.clearTimeout(t);
    };
  }, [props.id, range, reload]);

  const latest = range.kind === 'latest';
  const data = useMemo(() => chartData(history, latest ? tail : []), [history, tail, latest]);
  const parts = useMemo(() => breakdownData(breakdown, latest ? tail : []), [breakdown, tail, latest]);
  const shownFrom = latest ? Date.now() / 1000 - RANGES[range.name] : from;
  const shownTo = latest ? Date.now() / 1000 : to;
  const zoom = (a: number, b: number) => {
    setDraft({ from: '', to: '' });
    setRange({ kind: 'custom', from: Math.floor(a), to: Math.ceil(b) });
  };

  const runTest = async () => {
    setTest('testing…');
    try {
      const r = await testConnection(props.id);
      setTest(r.ok ? `connected in ${r.latencyMs} ms` : `failed: ${r.error}`);
    } catch (e) {
      setTest(message(e));
    }
  };
  const exportAs = (format: 'csv' | 'json') => exportSamples(props.monitorUrl, props.id, format,
    new Date(shownFrom * 1000).toISOString(), new Date(shownTo * 1000 + 1000).toISOString()).catch((e) => setError(message(e)));
  const applyCustom = (e: Event) => {
    e.preventDefault();
    // what the fields show: the user's text, else the range shown now
    const a = Date.parse(draft.from || local(shownFrom)) / 1000;
    const b = Date.parse(draft.to || local(shownTo)) / 1000;
    if (!Number.isFinite(a) || !Number.isFinite(b) || a >= b) {
      setError('Choose a start before the end.');
      return;
    }
    setRange({ kind: 'custom', from: a, to: b });
  };
  const severity = worst(s?.alerts ?? []);
  const pct = (v: number) => v.toFixed(0) + ' %';

  return (
    <main>
      <div class="page-head">
        <h1>{server?.name ?? 'Server ' + props.id}</h1>
        {s && <StatusBadge status={s.status} />}
        {severity && <span class={'sev ' + severity}>{severity}</span>}
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
      {server && (
        <p class="hint">
          {server.username}@{server.host}:{server.port}{server.tags.length > 0 && ' · ' + server.tags.join(', ')}
          {server.description ? ' — ' + server.description : ''}
          {s?.lastSeen && <> · last sample <Time at={s.lastSeen} /></>}
        </p>
      )}
      {s?.status === 'offline' && s.error && <p class="error">{s.error}</p>}
      {sample && (
        <div class="panels now">
          <section class="panel" aria-labelledby="now-title">
            <h2 id="now-title">Now</h2>
            <div class="bars">
              <Meter label="CPU" value={sample.cpu} alert={alertOn(s!.alerts, 'cpu')} />
              <Meter label="Memory" value={sample.memory.percent} alert={alertOn(s!.alerts, 'memory')}
                detail={bytes(sample.memory.usedBytes) + ' of ' + bytes(sample.memory.totalBytes)} />
              <Meter label="Swap" value={sample.swap.percent}
                detail={bytes(sample.swap.usedBytes) + ' of ' + bytes(sample.swap.totalBytes)} />
            </div>
            <dl class="live-numbers">
              <dt>Load</dt><dd>{load(sample.load)} <span class="hint">(1, 5, 15 min)</span></dd>
              <dt>Network</dt><dd>{traffic(sample.network)}</dd>
              <dt>Uptime</dt><dd>{uptime(sample.uptimeSeconds)}</dd>
              <dt>Processes</dt><dd>{sample.processes}</dd>
            </dl>
          </section>
          <section class="panel" aria-labelledby="disks-title">
            <h2 id="disks-title">Disks</h2>
            <div class="bars disks">
              {sample.disks.map((d) => (
                <Meter key={d.mount} label={d.mount} value={d.percent} alert={alertOn(s!.alerts, 'disk:' + d.mount)}
                  detail={bytes(d.usedBytes) + ' of ' + bytes(d.totalBytes)} />
              ))}
            </div>
          </section>
          {sample.cores && sample.cores.length > 0 && (
            <section class="panel" aria-labelledby="cores-title">
              <h2 id="cores-title">CPU per core</h2>
              <div class="bars cores">
                {sample.cores.map((c, i) => <Meter key={i} label={'core ' + i} value={c} />)}
              </div>
            </section>
          )}
        </div>
      )}
      <div class="page-head history-head">
        <h2>History</h2>
        <div class="ranges" role="group" aria-label="range">
          {Object.keys(RANGES).map((r) => {
            const on = range.kind === 'latest' && range.name === r;
            return (
              <button type="button" key={r} class={'small' + (on ? '' : ' outline')} aria-pressed={on}
                onClick={() => { setDraft({ from: '', to: '' }); setRange({ kind: 'latest', name: r }); setReload((n) => n + 1); }}>{r}</button>
            );
          })}
        </div>
      </div>
      <div class="toolbar history-tools">
        <form class="custom-range" onSubmit={applyCustom} aria-label="custom range">
          <div class="field"><label for="range-from">From</label>
            <input id="range-from" type="datetime-local" required value={draft.from || local(shownFrom)}
              onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })} /></div>
          <div class="field"><label for="range-to">To</label>
            <input id="range-to" type="datetime-local" value={draft.to || local(shownTo)}
              onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })} /></div>
          <button type="submit" class={'small' + (range.kind === 'custom' ? '' : ' outline')}
            aria-pressed={range.kind === 'custom'}>Show range</button>
        </form>
        <span class="exports">
          <button type="button" class="small outline" onClick={() => exportAs('csv')}>Export CSV</button>
          <button type="button" class="small outline" onClick={() => exportAs('json')}>Export JSON</button>
        </span>
      </div>
      <p class="hint" id="range-words">
        {range.kind === 'custom'
          ? <>From {new Date(from * 1000).toLocaleString()} to {new Date(to * 1000).toLocaleString()} (drag across a chart to zoom in).</>
          : <>The last {range.name}, live (drag across a chart to zoom in).</>}
        {history?.stepRaised && ` One point per ${history.stepSeconds} s.`}
      </p>
      {history && data.times.length === 0 ? <p class="hint">No samples in this range yet.</p> : history && (
        <div class="charts">
          <Chart title="CPU" times={data.times} series={data.cpu} from={shownFrom} to={shownTo} yMax={100}
            format={pct} onZoom={zoom} />
          <Chart title="Memory and swap" times={data.times} series={data.memory} from={shownFrom} to={shownTo}
            yMax={100} format={pct} onZoom={zoom} />
          <Chart title="Load average" times={data.times} series={data.load} from={shownFrom} to={shownTo}
            format={(v) => v.toFixed(2)} onZoom={zoom} />
          <Chart title="Network" times={data.times} series={data.network} from={shownFrom} to={shownTo}
            format={(v) => rate(v)} onZoom={zoom} />
          {parts.cores.length > 0 && (
            <Chart title="CPU per core" times={parts.times} series={parts.cores} from={shownFrom} to={shownTo}
              yMax={100} format={pct} onZoom={zoom} />
          )}
          <Chart title="Disk use per mount" times={parts.disks.length ? parts.times : data.times}
            series={parts.disks.length ? parts.disks : data.disk} from={shownFrom} to={shownTo} yMax={100}
            format={pct} onZoom={zoom} />
        </div>
      )}
      <div class="panels">
        {server?.hostKeyTrusted && <TopProcesses monitorUrl={props.monitorUrl} serverId={props.id} />}
        <AlertList alerts={alerts} monitorUrl={props.monitorUrl} operates={operates}
          onChange={() => setAlertsReload((n) => n + 1)} />
        {operates && (
          <section class="panel" aria-labelledby="tasks-title">
            <h2 id="tasks-title">Last tasks</h2>
            {tasks.length === 0 ? <p class="hint">None yet.</p> : (
              <ul class="plain">{tasks.map((t) => (
                <li key={t.id}><code>{t.command}</code> — <span class={'task-status ' + t.status}>{t.status}</span>
                  {' '}<Time at={t.createdAt} /></li>
              ))}</ul>
            )}
            <Link to={`/tasks/new/${props.id}`}>Run a task</Link>
          </section>
        )}
        {operates && (
          <section class="panel" aria-labelledby="sessions-title">
            <h2 id="sessions-title">Terminal sessions</h2>
            {sessions.length === 0 ? <p class="hint">None yet.</p> : (
              <ul class="plain">{sessions.map((x) => (
                <li key={x.id}>{x.username} · {x.status}{x.closeReason ? ` (${x.closeReason})` : ''} · <Time at={x.startedAt} />
                  {x.durationSeconds != null && ` · ${x.durationSeconds} s`}</li>
              ))}</ul>
            )}
            {props.me.role === 'admin' && <Link to="/sessions">All sessions</Link>}
          </section>
        )}
      </div>
    </main>
  );
}
