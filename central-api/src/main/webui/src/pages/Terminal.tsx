import '@xterm/xterm/css/xterm.css';

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'preact/hooks';

import { refresh, socketProtocols, socketUrl } from '../api';

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

type State = { phase: 'connecting' | 'connected' | 'closed'; text?: string };

export function TerminalPage(props: { serverId: number; gatewayUrl: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ phase: 'connecting' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000, convertEol: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    let closedText: string | null = null;
    let ws: WebSocket | null = null;
    let disposed = false;
    const encoder = new TextEncoder();

    const open = (retried: boolean) => {
      ws = new WebSocket(
        socketUrl(props.gatewayUrl, `/ws/terminal/${props.serverId}?cols=${term.cols}&rows=${term.rows}`),
        socketProtocols(),
      );
      ws.binaryType = 'arraybuffer';
      ws.onmessage = (e) => {
        if (typeof e.data !== 'string') {
          term.write(new Uint8Array(e.data as ArrayBuffer));
          return;
        }
        const m = JSON.parse(e.data);
        if (m.type === 'connected') {
          setState({ phase: 'connected' });
          term.focus();
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
        setState({ phase: 'closed', text: closedText ?? (e.code === 1006 ? 'The gateway could not be reached.' : `Closed (${e.code}).`) });
      };
    };
    open(false);

    const input = term.onData((d) => ws?.readyState === WebSocket.OPEN && ws.send(encoder.encode(d)));
    const onResize = () => {
      fit.fit();
      if (ws?.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
      }
    };
    window.addEventListener('resize', onResize);
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      input.dispose();
      ws?.close(1000, 'bye');
      term.dispose();
    };
  }, [props.serverId, attempt]);

  return (
    <main class="terminal-page">
      <div class="page-head">
        <h1>Terminal</h1>
        <span class={'live ' + (state.phase === 'connected' ? 'live' : state.phase === 'closed' ? 'refused' : 'connecting')}
          role="status">
          {state.phase === 'connected' ? 'connected' : state.phase === 'closed' ? 'closed' : 'connecting…'}
        </span>
        <span class="hint">Copy: select (Ctrl+Shift+C). Paste: Ctrl+Shift+V.</span>
      </div>
      {state.phase === 'closed' && (
        <p class="closed-reason" role="alert">
          {state.text} <button type="button" class="small" onClick={() => { setState({ phase: 'connecting' }); setAttempt(attempt + 1); }}>Reconnect</button>
        </p>
      )}
      <div class="xterm-host" ref={host} aria-label="terminal" />
    </main>
  );
}
