import { useEffect, useState } from 'preact/hooks';

import { api, download, message } from '../api';

interface AuditRow {
  id: number;
  timestamp: string;
  service: string;
  userId: number | null;
  username: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  meta: unknown;
}

interface Filters {
  from: string;
  to: string;
  action: string;
  userId: string;
  targetType: string;
}

const EMPTY: Filters = { from: '', to: '', action: '', userId: '', targetType: '' };

/** The filters as the API's query string; datetime-local inputs are local time, the API wants an offset. */
function query(f: Filters): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', new Date(f.from).toISOString());
  if (f.to) q.set('to', new Date(f.to).toISOString());
  if (f.action) q.set('action', f.action.trim());
  if (f.userId) q.set('userId', f.userId.trim());
  if (f.targetType) q.set('targetType', f.targetType.trim());
  return q.toString();
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
      const q = query(filters);
      const page = await api<{ items: AuditRow[]; nextCursor: string | null }>('GET',
        `/api/audit-logs?limit=100${q ? '&' + q : ''}${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
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
      const q = query(filters);
      await download(`/api/export/audit/${format}${q ? '?' + q : ''}`, `audit-logs.${format}`);
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
      {error && <p class="error" role="alert">{error}</p>}
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
