// The live stats socket (websocket-monitor's /ws/monitor, docs/api.md): the snapshot, then stats, status and
// alert messages merged into one map of servers, each with its last minutes of CPU and memory for sparklines.
// Reconnects with backoff (1 s doubling to 30 s) and says so. Changes reach the page at most every 250 ms, so a
// fleet of hundreds polling at once costs one render, not hundreds.

import { refresh, socketProtocols, socketUrl, token } from './api/client';
import { openAlerts } from './api/routes';
import type { Alert, Sample } from './api/types';

/** One server as the socket tells of it: its snapshot entry, then its latest sample, status and open alerts. */
export interface ServerLive {
  serverId: number;
  name: string;
  status: string;
  error: string | null;
  lastSeen: string | null;
  sample: Sample | null;
  alerts: Alert[];
  /** CPU and memory percent of the samples since the page opened, oldest first, the last RECENT_SECONDS. */
  recent: RecentPoint[];
}

export interface RecentPoint {
  t: number;
  cpu: number | null;
  mem: number;
}

/** How far back the sparklines reach. */
export const RECENT_SECONDS = 10 * 60;

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface LiveView {
  state: LiveState;
  /** Why the socket was refused or dropped, in the monitor's words. */
  reason: string | null;
  servers: Map<number, ServerLive>;
}

/** Opens the socket and keeps it open; returns a function that closes it for good. */
export function watch(monitorUrl: string, onChange: (v: LiveView) => void, serverIds?: number[]): () => void {
  const view: LiveView = { state: 'connecting', reason: null, servers: new Map() };
  let ws: WebSocket | null = null;
  let stopped = false;
  let backoff = 1000;
  let timer: number | undefined;

  let pending: number | undefined;
  const emit = () => {
    if (pending === undefined) {
      pending = window.setTimeout(() => {
        pending = undefined;
        if (!stopped) {
          onChange({ ...view, servers: new Map(view.servers) });
        }
      }, 250);
    }
  };
  const remember = (s: ServerLive, sample: Sample) => {
    const t = Date.parse(sample.ts) / 1000;
    const recent = s.recent.filter((p) => p.t > t - RECENT_SECONDS);
    recent.push({ t, cpu: sample.cpu, mem: sample.memory.percent });
    s.recent = recent;
  };

  const entry = (id: number): ServerLive => {
    let s = view.servers.get(id);
    if (!s) {
      s = { serverId: id, name: '#' + id, status: 'unknown', error: null, lastSeen: null, sample: null, alerts: [],
        recent: [] };
      view.servers.set(id, s);
    }
    return s;
  };

  /** Alerts opened before this socket: the stream only tells of changes from now on. */
  const seedAlerts = () => {
    openAlerts(monitorUrl, 500).then((page) => {
      for (const a of page.items) {
        const s = view.servers.get(a.serverId);
        if (s && !s.alerts.some((x) => x.id === a.id)) {
          s.alerts.push(a);
        }
      }
      emit();
    }, () => undefined);
  };

  const connect = () => {
    if (!token()) {
      view.state = 'refused';
      view.reason = 'not signed in';
      emit();
      return;
    }
    ws = new WebSocket(socketUrl(monitorUrl, '/ws/monitor'), socketProtocols());
    ws.onopen = () => {
      if (serverIds) {
        ws?.send(JSON.stringify({ type: 'subscribe', serverIds }));
      }
    };
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data as string);
      switch (m.type) {
        case 'snapshot':
          backoff = 1000;
          view.state = 'live';
          view.reason = null;
          for (const s of m.servers) {
            const old = view.servers.get(s.serverId);
            const fresh: ServerLive = { ...s, alerts: old?.alerts ?? [], recent: old?.recent ?? [] };
            if (s.sample && !fresh.recent.some((p) => p.t === Date.parse(s.sample.ts) / 1000)) {
              remember(fresh, s.sample);
            }
            view.servers.set(s.serverId, fresh);
          }
          seedAlerts();
          break;
        case 'stats': {
          const s = entry(m.serverId);
          s.sample = m as Sample;
          s.lastSeen = m.ts;
          remember(s, s.sample);
          break;
        }
        case 'status': {
          const s = entry(m.serverId);
          s.status = m.status;
          s.error = m.error;
          break;
        }
        case 'alert': {
          const a = m.alert as Alert;
          const s = entry(a.serverId);
          s.alerts = s.alerts.filter((x) => x.id !== a.id);
          if (a.status === 'open') {
            s.alerts.push(a);
          }
          break;
        }
        case 'removed':
          view.servers.delete(m.serverId);
          break;
        case 'error':
          view.reason = m.message;
          break;
        default:
          return;
      }
      emit();
    };
    ws.onclose = async (e) => {
      ws = null;
      if (stopped) {
        return;
      }
      if (e.code === 1008 && e.reason === 'invalid_token' && (await refresh())) {
        backoff = 1000; // the access token had expired: a fresh one, straight away
      } else if (e.code === 1008) {
        view.state = 'refused';
        view.reason = view.reason ?? e.reason;
        emit();
        return;
      }
      view.state = 'reconnecting';
      emit();
      timer = window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    };
  };

  connect();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    window.clearTimeout(pending);
    ws?.close(1000, 'bye');
  };
}
