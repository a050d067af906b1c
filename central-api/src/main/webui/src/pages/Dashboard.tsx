import { useEffect, useState } from 'preact/hooks';

import { bytes, percent, rate, uptime } from '../format';
import { LiveView, ServerLive, watch } from '../live';
import { navigate } from '../router';

function Meter(props: { label: string; value: number | null | undefined; detail?: string }) {
  const v = props.value ?? 0;
  const level = v > 90 ? 'crit' : v > 80 ? 'warn' : 'ok';
  return (
    <div class="meter">
      <span class="meter-label">{props.label}</span>
      <span class="meter-bar" role="meter" aria-label={props.label} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={props.value == null ? undefined : Math.round(v)}>
        <span class={'meter-fill ' + level} style={{ width: Math.min(100, v) + '%' }} />
      </span>
      <span class="meter-value">{percent(props.value)}</span>
      {props.detail && <span class="meter-detail">{props.detail}</span>}
    </div>
  );
}

function Tile(props: { server: ServerLive }) {
  const s = props.server;
  const sample = s.sample;
  const fullest = sample?.disks.reduce((a, d) => (a && a.percent >= d.percent ? a : d), undefined as
    | (typeof sample.disks)[number]
    | undefined);
  const alerting = s.alerts.length > 0;
  const critical = s.alerts.some((a) => a.severity === 'critical');
  return (
    <article class={'tile ' + s.status + (alerting ? (critical ? ' alert-critical' : ' alert-warning') : '')}
      data-server-id={s.serverId} aria-label={'server ' + s.name}>
      <header>
        <h2><a href={'/servers/' + s.serverId}
          onClick={(e) => { e.preventDefault(); navigate('/servers/' + s.serverId); }}>{s.name}</a></h2>
        <span class={'status ' + s.status}>{s.status}</span>
      </header>
      {s.status === 'offline' && s.error && <p class="tile-error">{s.error}</p>}
      {alerting && (
        <ul class="tile-alerts">
          {s.alerts.map((a) => (
            <li key={a.id} class={a.severity}>
              {a.metric} {a.value.toFixed(0)} % over {a.threshold} % ({a.severity})
            </li>
          ))}
        </ul>
      )}
      {sample ? (
        <div class="tile-body">
          <Meter label="CPU" value={sample.cpu} />
          <Meter label="Memory" value={sample.memory.percent}
            detail={bytes(sample.memory.usedBytes) + ' of ' + bytes(sample.memory.totalBytes)} />
          <Meter label={'Disk ' + (fullest?.mount ?? '')} value={fullest?.percent} />
          <dl>
            <dt>Network</dt>
            <dd>↓ {rate(sample.network?.rxBytesPerSec)} ↑ {rate(sample.network?.txBytesPerSec)}</dd>
            <dt>Load</dt>
            <dd>{sample.load.map((l) => l.toFixed(2)).join(' ')}</dd>
            <dt>Uptime</dt>
            <dd>{uptime(sample.uptimeSeconds)}</dd>
          </dl>
        </div>
      ) : (
        <p class="hint">{s.status === 'unknown' ? 'Not polled yet (is its host key trusted?)' : 'No sample yet'}</p>
      )}
    </article>
  );
}

export function Dashboard(props: { monitorUrl: string }) {
  const [live, setLive] = useState<LiveView>({ state: 'connecting', reason: null, servers: new Map() });
  useEffect(() => watch(props.monitorUrl, setLive), [props.monitorUrl]);
  const servers = [...live.servers.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <main>
      <div class="page-head">
        <h1>Dashboard</h1>
        <span class={'live ' + live.state} role="status">
          {live.state === 'live' ? 'live' : live.state === 'reconnecting' ? 'reconnecting…'
            : live.state === 'refused' ? 'not connected: ' + (live.reason ?? '') : 'connecting…'}
        </span>
      </div>
      {servers.length === 0 && live.state === 'live' && <p class="hint">No servers yet.</p>}
      <section class="tiles">
        {servers.map((s) => <Tile key={s.serverId} server={s} />)}
      </section>
    </main>
  );
}
