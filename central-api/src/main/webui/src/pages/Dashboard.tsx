import { useEffect, useMemo, useState } from 'preact/hooks';

import { listServers, recentStats } from '../api/routes';
import type { Server, User } from '../api/types';
import { LiveBadge } from '../components/Badges';
import { FleetTable } from '../components/FleetTable';
import { Tile } from '../components/Tile';
import { Column, Query, rows, select, StatusFilter, summary, tags } from '../fleet';
import { useTitle } from '../hooks';
import { LiveView, RecentPoint, watch } from '../live';
import { remember, remembered } from '../prefs';
import { navigate } from '../router';

const LAYOUTS = ['tiles', 'table'] as const;
const PAGE_SIZES = ['24', '50', '100', '250'] as const;
const NUMERIC: Column[] = ['cpu', 'memory', 'disk', 'load', 'network', 'uptime', 'alerts'];
const SORTS: [string, string][] = [
  ['alerts:desc', 'worst alerts first'], ['name:asc', 'name'], ['status:asc', 'status'], ['cpu:desc', 'CPU, highest'],
  ['memory:desc', 'memory, highest'], ['disk:desc', 'disk, fullest'], ['load:desc', 'load, highest'],
  ['network:desc', 'network, busiest'], ['uptime:asc', 'uptime, shortest'],
];

/** The fleet at a glance: a live summary, then every server as tiles or as a table, searched and filtered. */
export function Dashboard(props: { monitorUrl: string; me: User }) {
  useTitle('Dashboard');
  const [live, setLive] = useState<LiveView>({ state: 'connecting', reason: null, servers: new Map() });
  const [servers, setServers] = useState<Server[] | null>(null);
  const [layout, setLayout] = useState(remembered('layout', LAYOUTS, 'tiles'));
  const [pageSize, setPageSize] = useState(remembered('pageSize', PAGE_SIZES, '50'));
  const [page, setPage] = useState(0);
  const [query, setQuery] = useState<Query>({ text: '', status: 'all', tag: '', sort: 'alerts', descending: true });

  useEffect(() => watch(props.monitorUrl, setLive), [props.monitorUrl]);
  // names, hosts, tags and trust come from central-api: once now, and again when the stream names a server it
  // does not know yet (just added)
  const unknown = [...live.servers.keys()].some((id) => servers && !servers.some((s) => s.id === id));
  // and once a minute, for renames, tags and newly trusted host keys
  const [listAgain, setListAgain] = useState(0);
  useEffect(() => {
    listServers().then(setServers, () => setServers((old) => old ?? []));
    const t = window.setTimeout(() => setListAgain((n) => n + 1), 60000);
    return () => window.clearTimeout(t);
  }, [unknown, listAgain]);
  useEffect(() => setPage(0), [query, pageSize]);
  // the stored last minutes of the servers on screen, once each, so their sparklines start full
  const [stored, setStored] = useState<Map<number, RecentPoint[]>>(new Map());

  const streaming = live.state === 'live';
  const all = useMemo(() => rows(servers, live.servers, streaming, stored), [servers, live.servers, streaming, stored]);
  const chosen = useMemo(() => select(all, query), [all, query]);
  const counts = summary(all);
  const size = Number(pageSize);
  const pages = Math.max(1, Math.ceil(chosen.length / size));
  // the list may shrink under the page shown (alerts resolve, servers go): stay on its last page
  const current = Math.min(page, pages - 1);
  const shown = chosen.slice(current * size, current * size + size);
  const shownIds = shown.map((r) => r.id).join();
  useEffect(() => {
    const missing = shown.filter((r) => !stored.has(r.id)).map((r) => r.id);
    if (missing.length === 0) {
      return;
    }
    recentStats(props.monitorUrl, missing).then((v) => setStored((old) => {
      const next = new Map(old);
      missing.forEach((id) => next.set(id, []));
      v.servers.forEach((s) => next.set(s.serverId, s.points.map(([t, cpu, mem]) => ({ t, cpu, mem }))));
      return next;
    }), () => undefined);
  }, [shownIds]);
  const set = (change: Partial<Query>) => setQuery({ ...query, ...change });
  const sortBy = (c: Column) => set(query.sort === c ? { descending: !query.descending }
    : { sort: c, descending: NUMERIC.includes(c) });
  const canAdd = props.me.role === 'admin' || props.me.role === 'operator';

  const strip: { id: StatusFilter; label: string; count: number }[] = [
    { id: 'online', label: 'online', count: counts.online },
    { id: 'offline', label: 'offline', count: counts.offline },
    { id: 'alerting', label: 'alerting', count: counts.alerting },
    { id: 'untrusted', label: 'not trusted yet', count: counts.untrusted },
  ];

  return (
    <main>
      <div class="page-head">
        <h1>Dashboard</h1>
        <LiveBadge state={live.state}>
          {live.state === 'live' ? 'live' : live.state === 'reconnecting' ? 'reconnecting…'
            : live.state === 'refused' ? 'not connected: ' + (live.reason ?? '') : 'connecting…'}
        </LiveBadge>
      </div>
      {servers !== null && all.length === 0 ? (
        <section class="empty-fleet card wide">
          <h2>No servers yet</h2>
          {canAdd ? (
            <>
              <p class="hint">Add the first server: its host, an SSH user and a password or a key from the vault.</p>
              <p><button type="button" onClick={() => navigate('/servers')}>Add your first server</button></p>
            </>
          ) : <p class="hint">An operator or an admin adds servers; they appear here as soon as they do.</p>}
        </section>
      ) : (
        <>
          <ul class="summary" aria-label="fleet summary">
            {strip.map((s) => (
              <li key={s.id}>
                <button type="button" class={s.id} aria-pressed={query.status === s.id} data-summary={s.id}
                  onClick={() => set({ status: query.status === s.id ? 'all' : s.id })}>
                  <span class="count">{s.count}</span><span>{s.label}</span>
                </button>
              </li>
            ))}
          </ul>
          <div class="toolbar" role="search">
            <div class="field">
              <label for="fleet-search">Search name, host or tag <kbd>/</kbd></label>
              <input id="fleet-search" type="search" value={query.text} placeholder="web, 10.0.0.5, prod…"
                onInput={(e) => set({ text: (e.target as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="fleet-status">Status</label>
              <select id="fleet-status" value={query.status}
                onChange={(e) => set({ status: (e.target as HTMLSelectElement).value as StatusFilter })}>
                <option value="all">all</option>
                {strip.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
              </select>
            </div>
            <div class="field">
              <label for="fleet-tag">Tag</label>
              <select id="fleet-tag" value={query.tag} onChange={(e) => set({ tag: (e.target as HTMLSelectElement).value })}>
                <option value="">any</option>
                {tags(all).map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            </div>
            <div class="field">
              <label for="fleet-sort">Sort by</label>
              <select id="fleet-sort" value={query.sort + (query.descending ? ':desc' : ':asc')} onChange={(e) => {
                const [c, d] = (e.target as HTMLSelectElement).value.split(':');
                set({ sort: c as Column, descending: d === 'desc' });
              }}>
                {SORTS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
                {!SORTS.some(([v]) => v === query.sort + (query.descending ? ':desc' : ':asc')) && (
                  <option value={query.sort + (query.descending ? ':desc' : ':asc')}>
                    {query.sort}, {query.descending ? 'highest first' : 'lowest first'}</option>
                )}
              </select>
            </div>
            <div class="segmented" role="group" aria-label="layout">
              {LAYOUTS.map((l) => (
                <button key={l} type="button" class="small" aria-pressed={layout === l}
                  onClick={() => { setLayout(l); remember('layout', l); }}>{l === 'tiles' ? 'Tiles' : 'Table'}</button>
              ))}
            </div>
          </div>
          <p class="hint" role="status" id="fleet-count">
            {chosen.length === all.length ? `${all.length} servers` : `${chosen.length} of ${all.length} servers`}
          </p>
          {layout === 'tiles' ? (
            <section class="tiles">{shown.map((r) => <Tile key={r.id} row={r} />)}</section>
          ) : (
            <FleetTable rows={shown} sort={query.sort} descending={query.descending} onSort={sortBy} />
          )}
          {chosen.length > size && (
            <nav class="pager" aria-label="pages">
              <button type="button" class="small" disabled={current === 0} onClick={() => setPage(current - 1)}>Previous</button>
              <span>Page {current + 1} of {pages}</span>
              <button type="button" class="small" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>Next</button>
              <label for="fleet-page-size">Per page</label>
              <select id="fleet-page-size" value={pageSize} onChange={(e) => {
                const v = (e.target as HTMLSelectElement).value as (typeof PAGE_SIZES)[number];
                setPageSize(v);
                remember('pageSize', v);
              }}>{PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}</select>
            </nav>
          )}
        </>
      )}
    </main>
  );
}
