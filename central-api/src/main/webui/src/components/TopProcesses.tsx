import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { topProcesses } from '../api/routes';
import type { Processes } from '../api/types';
import { bytes, percent } from '../format';
import { ErrorMessage } from './ErrorMessage';
import { TableWrap } from './TableWrap';

const EVERY_MS = 5000;

/**
 * The server's busiest processes by CPU or by memory, asked of the monitor while the panel is shown (every
 * 5 s while the tab is visible): nothing runs on the server for a page nobody has open.
 */
export function TopProcesses(props: { monitorUrl: string; serverId: number }) {
  const [sort, setSort] = useState<'cpu' | 'memory'>('cpu');
  const [data, setData] = useState<Processes | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let timer: number | undefined;
    let gone = false;
    const load = async () => {
      if (!document.hidden) {
        try {
          const p = await topProcesses(props.monitorUrl, props.serverId, sort);
          if (!gone) {
            setData(p);
            setError(null);
          }
        } catch (e) {
          if (!gone) {
            setError(message(e));
          }
        }
      }
      if (!gone) {
        timer = window.setTimeout(load, EVERY_MS);
      }
    };
    load();
    return () => {
      gone = true;
      window.clearTimeout(timer);
    };
  }, [props.serverId, sort]);

  return (
    <section class="panel" aria-labelledby="procs-title">
      <div class="page-head">
        <h2 id="procs-title">Top processes</h2>
        <div class="segmented" role="group" aria-label="order processes by">
          <button type="button" class="small" aria-pressed={sort === 'cpu'} onClick={() => setSort('cpu')}>By CPU</button>
          <button type="button" class="small" aria-pressed={sort === 'memory'} onClick={() => setSort('memory')}>By memory</button>
        </div>
      </div>
      <ErrorMessage text={error} />
      {data && data.sort === sort ? (
        <>
          <p class="hint">{data.total} processes · CPU over the last second, percent of one core</p>
          <TableWrap label="processes">
            <table class="list processes">
              <thead><tr><th scope="col" class="num">PID</th><th scope="col">User</th><th scope="col" class="num">CPU</th>
                <th scope="col" class="num">Memory</th><th scope="col">Command</th></tr></thead>
              <tbody>
                {data.items.map((p) => (
                  <tr key={p.pid}>
                    <td class="num">{p.pid}</td>
                    <td>{p.user}</td>
                    <td class="num">{percent(p.cpu)}</td>
                    <td class="num" title={percent(p.memory) + ' of memory'}>{bytes(p.rssBytes)}</td>
                    <td><code class="meta">{p.command}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : !error && <p role="status" class="hint">Reading the server's processes…</p>}
    </section>
  );
}
