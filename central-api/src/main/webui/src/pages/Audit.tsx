import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { exportAuditLogs, listAuditLogs } from '../api/routes';
import type { AuditFilter, AuditRow } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';

interface Filters {
  from: string;
  to: string;
  action: string;
  userId: string;
  targetType: string;
}

const EMPTY: Filters = { from: '', to: '', action: '', userId: '', targetType: '' };

/** The filters as the API takes them; datetime-local inputs are local time, the API wants an offset. */
function filter(f: Filters): AuditFilter {
  const instant = (v: string) => (v ? new Date(v).toISOString() : undefined);
  const text = (v: string) => (v ? v.trim() : undefined);
  return { from: instant(f.from), to: instant(f.to), action: text(f.action), userId: text(f.userId),
    targetType: text(f.targetType) };
}

export function AuditPage() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (cursor: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await listAuditLogs(filter(filters), 100, cursor);
      setRows((old) => (cursor ? [...old, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    load(null);
  }, [filters]);

  const exportAs = async (format: 'csv' | 'json') => {
    try {
      await exportAuditLogs(filter(filters), format);
    } catch (err) {
      setError(message(err));
    }
  };
  const field = (k: keyof Filters, label: string, type = 'text') => (
    <div class="field"><label for={'audit-' + k}>{label}</label>
      <input id={'audit-' + k} type={type} value={draft[k]}
        onInput={(e) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value })} /></div>
  );

  return (
    <main>
      <div class="page-head">
        <h1>Audit log</h1>
        <button type="button" class="small" onClick={() => exportAs('csv')}>Export CSV</button>
        <button type="button" class="small" onClick={() => exportAs('json')}>Export JSON</button>
      </div>
      <form class="card wide filters" onSubmit={(e) => { e.preventDefault(); setFilters(draft); }}>
        <div class="grid">
          {field('from', 'From', 'datetime-local')}
          {field('to', 'To', 'datetime-local')}
          {field('action', 'Action (e.g. task.create)')}
          {field('userId', 'User id')}
          {field('targetType', 'Target type (e.g. server)')}
        </div>
        <div class="buttons">
          <button type="submit">Apply</button>
          <button type="button" class="link" onClick={() => { setDraft(EMPTY); setFilters(EMPTY); }}>Clear</button>
        </div>
      </form>
      <ErrorMessage text={error} />
      <table class="list audit">
        <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">User</th>
          <th scope="col">Target</th><th scope="col">Service</th><th scope="col">IP</th><th scope="col">Details</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-action={r.action}>
              <td>{new Date(r.timestamp).toLocaleString()}</td>
              <td><code>{r.action}</code></td>
              <td>{r.username ?? (r.userId ?? 'system')}</td>
              <td>{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : ''}</td>
              <td>{r.service}</td>
              <td>{r.ip ?? ''}</td>
              <td><code class="meta">{r.meta ? JSON.stringify(r.meta) : ''}</code></td>
            </tr>
          ))}
          {rows.length === 0 && !busy && <tr><td colSpan={7} class="hint">Nothing matches.</td></tr>}
        </tbody>
      </table>
      {next && <button type="button" class="small more" disabled={busy} onClick={() => load(next)}>Load more</button>}
    </main>
  );
}
