import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { exportAuditLogs, listAuditLogs, listServers, listUsers } from '../api/routes';
import type { AuditFilter, AuditRow, User } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { Time } from '../components/Time';
import { useTitle } from '../hooks';
import { TableWrap } from '../components/TableWrap';

interface Filters {
  from: string;
  to: string;
  action: string;
  username: string;
  targetType: string;
}

const EMPTY: Filters = { from: '', to: '', action: '', username: '', targetType: '' };

/** The filters as the API takes them; datetime-local inputs are local time, the API wants an offset. */
function filter(f: Filters): AuditFilter {
  const instant = (v: string) => (v ? new Date(v).toISOString() : undefined);
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  return { from: instant(f.from), to: instant(f.to), action: text(f.action), username: text(f.username),
    targetType: text(f.targetType) };
}

/** A detail value as text: nested values as compact JSON. */
function value(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A row's details as key/value pairs; nothing for an empty object. */
function Details(props: { meta: unknown }) {
  const m = props.meta;
  if (m == null || (typeof m === 'object' && Object.keys(m as object).length === 0)) {
    return null;
  }
  if (typeof m !== 'object' || Array.isArray(m)) {
    return <code class="meta">{value(m)}</code>;
  }
  return (
    <dl class="kv">
      {Object.entries(m as Record<string, unknown>).map(([k, v]) => <><dt>{k}</dt><dd>{value(v)}</dd></>)}
    </dl>
  );
}

export function AuditPage(props: { me: User }) {
  useTitle('Audit log');
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // targets by name: servers for everyone here, users for admins (auditors may not list users)
  useEffect(() => {
    listServers().then((list) => setNames((n) => ({ ...n, ...Object.fromEntries(list.map((s) => ['server:' + s.id, s.name])) })),
      () => undefined);
    if (props.me.role === 'admin') {
      listUsers().then((list) => setNames((n) => ({ ...n, ...Object.fromEntries(list.map((u) => ['user:' + u.id, u.username])) })),
        () => undefined);
    }
  }, []);

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
  /** "server web-1 (#7)" where the name is known, else "server #7" ("server deleted" rows keep their id). */
  const target = (r: AuditRow) => {
    if (!r.targetType) {
      return '';
    }
    const name = r.targetId ? names[r.targetType + ':' + r.targetId] : undefined;
    return name ? `${r.targetType} ${name} (#${r.targetId})` : `${r.targetType} ${r.targetId ? '#' + r.targetId : ''}`;
  };

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
          {field('username', 'User name')}
          {field('targetType', 'Target type (e.g. server)')}
        </div>
        <div class="buttons">
          <button type="submit">Apply</button>
          <button type="button" class="link" onClick={() => { setDraft(EMPTY); setFilters(EMPTY); }}>Clear</button>
        </div>
      </form>
      <ErrorMessage text={error} />
      <TableWrap label="audit log">
        <table class="list audit">
          <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">User</th>
            <th scope="col">Target</th><th scope="col">Service</th><th scope="col">IP</th><th scope="col">Details</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-action={r.action}>
                <td><Time at={r.timestamp} /></td>
                <td><code>{r.action}</code></td>
                <td>{r.username ?? (r.userId != null ? '#' + r.userId : 'system')}</td>
                <td>{target(r)}</td>
                <td>{r.service}</td>
                <td>{r.ip ?? ''}</td>
                <td><Details meta={r.meta} /></td>
              </tr>
            ))}
            {rows.length === 0 && !busy && <tr><td colSpan={7} class="hint">Nothing matches.</td></tr>}
          </tbody>
        </table>
      </TableWrap>
      {next && <button type="button" class="small more" disabled={busy} onClick={() => load(next)}>Load more</button>}
    </main>
  );
}
