import { alertOn, FleetRow } from '../fleet';
import { bytes, load, traffic, uptime } from '../format';
import { StatusBadge } from './Badges';
import { Link } from './Link';
import { Meter } from './Meter';
import { Sparkline } from './Sparkline';

/** A server on the dashboard: its status, open alerts and latest sample, framed by how bad its alerts are. */
export function Tile(props: { row: FleetRow }) {
  const r = props.row;
  const sample = r.live?.sample;
  const fullest = r.fullest;
  return (
    <article class={'tile ' + r.status + (r.severity ? ' alert-' + r.severity : '')}
      data-server-id={r.id} aria-label={'server ' + r.name}>
      <header>
        <h2><Link to={'/servers/' + r.id}>{r.name}</Link></h2>
        {r.severity && <span class={'sev ' + r.severity}>{r.severity}</span>}
        <StatusBadge status={r.trusted ? r.status : 'untrusted'} />
      </header>
      {r.status === 'offline' && r.error && <p class="tile-error">{r.error}</p>}
      {r.alerts.length > 0 && (
        <ul class="tile-alerts">
          {r.alerts.map((a) => (
            <li key={a.id} class={a.severity}>
              {a.metric} {a.value.toFixed(0)} % over {a.threshold} % ({a.severity})
            </li>
          ))}
        </ul>
      )}
      {sample ? (
        <div class="tile-body">
          <Meter label="CPU" value={sample.cpu} alert={alertOn(r.alerts, 'cpu')} />
          <Meter label="Memory" value={sample.memory.percent} alert={alertOn(r.alerts, 'memory')}
            detail={bytes(sample.memory.usedBytes) + ' of ' + bytes(sample.memory.totalBytes)} />
          <Meter label={'Disk ' + (fullest?.mount ?? '')} value={fullest?.percent}
            alert={fullest ? alertOn(r.alerts, 'disk:' + fullest.mount) : null} />
          <dl>
            <dt>Network</dt>
            <dd>{traffic(sample.network)}</dd>
            <dt>Load</dt>
            <dd>{load(sample.load)}</dd>
            <dt>Uptime</dt>
            <dd>{uptime(sample.uptimeSeconds)}</dd>
          </dl>
          <Sparkline points={r.recent} />
        </div>
      ) : (
        <p class="hint">{!r.trusted ? 'Not polled: its host key is not trusted yet' : 'No sample yet'}</p>
      )}
    </article>
  );
}
