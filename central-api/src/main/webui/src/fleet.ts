// The fleet view's rows: what the monitor streams (live.ts) joined with what central-api knows of each server
// (host, tags, whether its host key is trusted), then searched, filtered and sorted as the user asks.

import type { Alert, Sample, Server } from './api/types';
import type { RecentPoint, ServerLive } from './live';
import { RECENT_SECONDS } from './live';

export type Severity = 'critical' | 'warning';

export interface FleetRow {
  id: number;
  name: string;
  host: string;
  tags: string[];
  trusted: boolean;
  status: string;
  error: string | null;
  live: ServerLive | null;
  alerts: Alert[];
  /** The worst open alert's severity, or null. */
  severity: Severity | null;
  cpu: number | null;
  memory: number | null;
  /** The fullest mount (the disk column, tile and alert colour show it), and its percent. */
  fullest: Sample['disks'][number] | null;
  disk: number | null;
  load: number | null;
  /** Received plus sent, bytes per second. */
  network: number | null;
  uptime: number | null;
  /** CPU and memory over the last minutes: stored samples first, then those streamed since the page opened. */
  recent: RecentPoint[];
}

export type Column = 'name' | 'status' | 'cpu' | 'memory' | 'disk' | 'load' | 'network' | 'uptime' | 'alerts';
export type StatusFilter = 'all' | 'online' | 'offline' | 'alerting' | 'untrusted';

export function worst(alerts: Alert[]): Severity | null {
  return alerts.some((a) => a.severity === 'critical') ? 'critical' : alerts.length > 0 ? 'warning' : null;
}

/** The severity of the open alert on one metric (`cpu`, `memory`, `disk:/var`), or null when none is open. */
export function alertOn(alerts: Alert[], metric: string): Severity | null {
  return worst(alerts.filter((a) => a.metric === metric));
}

/** The stored points before the first streamed one, then the streamed ones; nothing older than the window. */
function joined(stored: RecentPoint[] | undefined, streamed: RecentPoint[]): RecentPoint[] {
  const first = streamed[0]?.t ?? Infinity;
  const all = [...(stored ?? []).filter((p) => p.t < first), ...streamed];
  const newest = all[all.length - 1]?.t ?? 0;
  return all.filter((p) => p.t > newest - RECENT_SECONDS);
}

/**
 * @param streaming the socket's snapshot has arrived: it names every server, so a server it does not (deleted
 *   since the list was read) is left out
 */
export function rows(servers: Server[] | null, live: Map<number, ServerLive>, streaming: boolean,
  stored: Map<number, RecentPoint[]> = new Map()): FleetRow[] {
  const known = new Map((servers ?? []).map((s) => [s.id, s]));
  const ids = streaming ? new Set(live.keys()) : new Set([...known.keys(), ...live.keys()]);
  return [...ids].map((id) => {
    const s = known.get(id);
    const l = live.get(id) ?? null;
    const sample = l?.sample ?? null;
    const alerts = l?.alerts ?? [];
    const full = (sample?.disks ?? []).reduce<Sample['disks'][number] | null>(
      (a, d) => (a && a.percent >= d.percent ? a : d), null);
    return {
      id,
      name: s?.name ?? l?.name ?? '#' + id,
      host: s?.host ?? '',
      tags: s?.tags ?? [],
      trusted: s?.hostKeyTrusted ?? true,
      status: l?.status ?? s?.status ?? 'unknown',
      error: l?.error ?? null,
      live: l,
      alerts,
      severity: worst(alerts),
      cpu: sample?.cpu ?? null,
      memory: sample?.memory.percent ?? null,
      fullest: full,
      disk: full?.percent ?? null,
      load: sample?.load[0] ?? null,
      network: sample?.network ? sample.network.rxBytesPerSec + sample.network.txBytesPerSec : null,
      uptime: sample?.uptimeSeconds ?? null,
      recent: joined(stored.get(id), l?.recent ?? []),
    };
  });
}

export interface Summary {
  online: number;
  offline: number;
  alerting: number;
  untrusted: number;
}

export function summary(all: FleetRow[]): Summary {
  return {
    online: all.filter((r) => r.status === 'online').length,
    offline: all.filter((r) => r.status === 'offline').length,
    alerting: all.filter((r) => r.alerts.length > 0).length,
    untrusted: all.filter((r) => !r.trusted).length,
  };
}

export interface Query {
  text: string;
  status: StatusFilter;
  tag: string;
  sort: Column;
  descending: boolean;
}

function matches(r: FleetRow, q: Query): boolean {
  const text = q.text.trim().toLowerCase();
  if (text && !r.name.toLowerCase().includes(text) && !r.host.toLowerCase().includes(text)
    && !r.tags.some((t) => t.toLowerCase().includes(text))) {
    return false;
  }
  if (q.tag && !r.tags.includes(q.tag)) {
    return false;
  }
  switch (q.status) {
    case 'online':
    case 'offline':
      return r.status === q.status;
    case 'alerting':
      return r.alerts.length > 0;
    case 'untrusted':
      return !r.trusted;
    default:
      return true;
  }
}

const RANK: Record<string, number> = { critical: 2, warning: 1 };

function key(r: FleetRow, c: Column): number | string | null {
  switch (c) {
    case 'name':
      return r.name.toLowerCase();
    case 'status':
      return r.status;
    case 'alerts':
      return (RANK[r.severity ?? ''] ?? 0) * 1000 + r.alerts.length;
    default:
      return r[c];
  }
}

/**
 * The rows the query asks for: matching ones, sorted by its column. Servers without a value (not polled yet)
 * go last whichever the direction; ties keep the name order. Sorting by open alerts puts the worst first.
 */
export function select(all: FleetRow[], q: Query): FleetRow[] {
  const dir = q.descending ? -1 : 1;
  return all.filter((r) => matches(r, q)).sort((a, b) => {
    const ka = key(a, q.sort);
    const kb = key(b, q.sort);
    if (ka !== kb) {
      if (ka === null) {
        return 1;
      }
      if (kb === null) {
        return -1;
      }
      return (ka < kb ? -1 : 1) * dir;
    }
    return a.name.localeCompare(b.name) || a.id - b.id;
  });
}

/** Every tag in the fleet, in order, for the tag filter. */
export function tags(all: FleetRow[]): string[] {
  return [...new Set(all.flatMap((r) => r.tags))].sort();
}
