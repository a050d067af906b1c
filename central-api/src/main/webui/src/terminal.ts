// The terminal socket (terminal-gateway's /ws/terminal/{serverId}, docs/api.md): the shell's bytes both ways as
// binary frames, resize messages, and the gateway's connected, closed and error messages, the way it ended said
// in words. An expired access token is refreshed and the socket opened once more; otherwise a closed socket stays
// closed (the page offers to reconnect).

import { refresh, socketProtocols, socketUrl } from './api/client';

/** The `closed` reasons and close codes of the terminal socket (docs/api.md), in words. */
const REASONS: Record<string, string> = {
  remote_exit: 'The shell ended.',
  idle_timeout: 'Closed after a long time without input or output.',
  max_duration: 'Closed: the session reached its longest allowed duration.',
  stopped: 'Stopped by an administrator (or by you from another tab).',
  access_revoked: 'Your access was revoked.',
  shutdown: 'The terminal gateway is restarting.',
  ssh_disconnected: 'The connection to the server broke.',
  client_closed: 'Closed.',
};

export interface TerminalEvents {
  /** The shell's output, as it came. */
  output: (data: Uint8Array) => void;
  /** The gateway has opened the shell. */
  connected: () => void;
  /** The socket closed (not by close()): how it ended, in words. */
  closed: (text: string) => void;
}

export interface TerminalSocket {
  /** Types into the shell; dropped while the socket is not open. */
  input: (data: string) => void;
  /** Tells the shell its new size; dropped while the socket is not open. */
  resize: (cols: number, rows: number) => void;
  /** Closes the socket for good; no event follows. */
  close: () => void;
}

/** Opens a shell on the server, sized by {@code size} when the socket opens. */
export function openTerminal(gatewayUrl: string, serverId: number, size: () => { cols: number; rows: number },
  on: TerminalEvents): TerminalSocket {
  let closedText: string | null = null;
  let ws: WebSocket | null = null;
  let disposed = false;
  const encoder = new TextEncoder();

  const open = (retried: boolean) => {
    const { cols, rows } = size();
    ws = new WebSocket(socketUrl(gatewayUrl, `/ws/terminal/${serverId}?cols=${cols}&rows=${rows}`), socketProtocols());
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') {
        on.output(new Uint8Array(e.data as ArrayBuffer));
        return;
      }
      const m = JSON.parse(e.data);
      if (m.type === 'connected') {
        on.connected();
      } else if (m.type === 'closed') {
        closedText = REASONS[m.reason] ?? 'Closed (' + m.reason + ').';
      } else if (m.type === 'error') {
        closedText = m.message;
      }
    };
    ws.onclose = async (e) => {
      if (disposed) {
        return;
      }
      if (!retried && e.code === 1008 && e.reason === 'invalid_token' && (await refresh())) {
        open(true); // the access token had expired: once more with a fresh one
        return;
      }
      on.closed(closedText ?? (e.code === 1006 ? 'The gateway could not be reached.' : `Closed (${e.code}).`));
    };
  };
  open(false);

  return {
    input: (data) => {
      if (ws?.readyState === WebSocket.OPEN) {
        ws.send(encoder.encode(data));
      }
    },
    resize: (cols, rows) => {
      if (ws?.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'resize', cols, rows }));
      }
    },
    close: () => {
      disposed = true;
      ws?.close(1000, 'bye');
    },
  };
}
