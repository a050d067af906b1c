import type { Column, FleetRow } from '../fleet';
import { alertOn } from '../fleet';
import { percent, rate, uptime } from '../format';
import { StatusBadge } from './Badges';
import { Link } from './Link';
import { Sparkline } from './Sparkline';
import { TableWrap } from './TableWrap';

const COLUMNS: { id: Column; label: string; num?: boolean }[] = [
  { id: 'name', label: 'Name' },
  { id: 'status', label: 'Status' },
  { id: 'cpu', label: 'CPU', num: true },
  { id: 'memory', label: 'Memory', num: true },
  { id: 'disk', label: 'Disk', num: true },
  { id: 'load', label: 'Load', num: true },
  { id: 'network', label: 'Network', num: true },
  { id: 'uptime', label: 'Uptime', num: true },
  { id: 'alerts', label: 'Alerts', num: true },
];

/** A percent cell, coloured like the alert open on that metric. */
function Pct(props: { value: number | null; row: FleetRow; metric: string }) {
  const level = alertOn(props.row.alerts, props.metric);
  return <td class={'num' + (level ? ' pct-' + level : '')}>{percent(props.value)}</td>;
}


/** The dense fleet table: one row a server, columns sortable by their header buttons. */
export function FleetTable(props: { rows: FleetRow[]; sort: Column; descending: boolean; onSort: (c: Column) => void }) {
  return (
    <TableWrap label="servers">
      <table class="list fleet" aria-label="servers">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.id} scope="col" class={c.num ? 'num' : undefined} data-column={c.id}
                aria-sort={props.sort === c.id ? (props.descending ? 'descending' : 'ascending') : undefined}>
                <button type="button" class="sort" onClick={() => props.onSort(c.id)}>{c.label}</button>
              </th>
            ))}
            <th scope="col">Last 10 min</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id} data-server-id={r.id} class={r.severity ? 'alert-' + r.severity : undefined}>
              <td>
                <Link to={'/servers/' + r.id}>{r.name}</Link>
                <div class="hint">{r.host}{r.tags.length > 0 && ' · ' + r.tags.join(', ')}</div>
              </td>
              <td><StatusBadge status={r.trusted ? r.status : 'untrusted'} /></td>
              <Pct value={r.cpu} row={r} metric="cpu" />
              <Pct value={r.memory} row={r} metric="memory" />
              <Pct value={r.disk} row={r} metric={'disk:' + (r.fullest?.mount ?? '')} />
              <td class="num">{r.load == null ? '–' : r.load.toFixed(2)}</td>
              <td class="num">{rate(r.network)}</td>
              <td class="num">{uptime(r.uptime)}</td>
              <td class="num">{r.severity ? <span class={'sev ' + r.severity}>{r.alerts.length} {r.severity}</span> : '0'}</td>
              <td><Sparkline points={r.recent} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
