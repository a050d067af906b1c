import { bytes, load, traffic, uptime } from '../format';
import type { ServerLive } from '../live';
import { StatusBadge } from './Badges';
import { Link } from './Link';
import { Meter } from './Meter';

/** A server on the dashboard: its status, open alerts and latest sample, framed by how bad its alerts are. */
export function Tile(props: { server: ServerLive }) {
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
        <h2><Link to={'/servers/' + s.serverId}>{s.name}</Link></h2>
        <StatusBadge status={s.status} />
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
            <dd>{traffic(sample.network)}</dd>
            <dt>Load</dt>
            <dd>{load(sample.load)}</dd>
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
