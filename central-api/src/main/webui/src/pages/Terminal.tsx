import '@xterm/xterm/css/xterm.css';

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'preact/hooks';

import { getServer } from '../api/routes';
import type { Server } from '../api/types';
import { LiveBadge } from '../components/Badges';
import { useTitle } from '../hooks';
import { openTerminal } from '../terminal';

type State = { phase: 'connecting' | 'connected' | 'closed'; text?: string };

export function TerminalPage(props: { serverId: number; gatewayUrl: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>({ phase: 'connecting' });
  const [attempt, setAttempt] = useState(0);
  const [server, setServer] = useState<Server | null>(null);
  const who = server ? `${server.username}@${server.name}` : null;
  useTitle(who ?? 'Terminal');
  useEffect(() => {
    getServer(props.serverId).then(setServer, () => undefined);
  }, [props.serverId]);

  useEffect(() => {
    const term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 5000, convertEol: false });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current!);
    fit.fit();
    const socket = openTerminal(props.gatewayUrl, props.serverId, () => ({ cols: term.cols, rows: term.rows }), {
      output: (data) => term.write(data),
      connected: () => {
        setState({ phase: 'connected' });
        term.focus();
      },
      closed: (text) => setState({ phase: 'closed', text }),
    });

    const input = term.onData(socket.input);
    const onResize = () => {
      fit.fit();
      socket.resize(term.cols, term.rows);
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      input.dispose();
      socket.close();
      term.dispose();
    };
  }, [props.serverId, attempt]);

  return (
    <main class="terminal-page">
      <div class="page-head">
        <h1>{who ?? 'Terminal'}</h1>
        <LiveBadge state={state.phase === 'connected' ? 'live' : state.phase === 'closed' ? 'refused' : 'connecting'}>
          {state.phase === 'connected' ? 'connected' : state.phase === 'closed' ? 'closed' : 'connecting…'}
        </LiveBadge>
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
