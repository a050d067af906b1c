import 'asciinema-player/dist/bundle/asciinema-player.css';

import * as AsciinemaPlayer from 'asciinema-player';
import { useEffect, useRef, useState } from 'preact/hooks';

import { api, message, token } from '../api';

interface Session {
  id: string;
  username: string;
  serverName: string;
  status: string;
  closeReason: string | null;
  startedAt: string;
  durationSeconds: number | null;
  recording: boolean;
  bytesIn: number;
  bytesOut: number;
}

function Replay(props: { id: string; onClose: () => void }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const player = AsciinemaPlayer.create(
      { url: `/api/terminal/sessions/${props.id}/recording`, fetchOpts: { headers: { Authorization: 'Bearer ' + token() } } },
      el.current!,
      { fit: 'width', autoPlay: true },
    );
    return () => player.dispose();
  }, [props.id]);
  return (
    <section class="card wide" aria-label="recording">
      <div class="page-head"><h2>Recording</h2><button type="button" class="small" onClick={props.onClose}>Close</button></div>
      <div ref={el} />
    </section>
  );
}

export function SessionsPage() {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [replay, setReplay] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setSessions((await api<{ items: Session[] }>('GET', '/api/terminal/sessions?limit=100')).items);
    } catch (e) {
      setError(message(e));
    }
  };
  useEffect(() => {
    load();
    const t = window.setInterval(load, 5000);
    return () => window.clearInterval(t);
  }, []);

  const stop = async (s: Session) => {
    if (!confirm(`Stop ${s.username}'s session on ${s.serverName}?`)) {
      return;
    }
    try {
      await api('POST', `/api/terminal/sessions/${s.id}/stop`);
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <main>
      <h1>Terminal sessions</h1>
      {error && <p class="error" role="alert">{error}</p>}
      {replay && <Replay id={replay} onClose={() => setReplay(null)} />}
      <table class="list">
        <thead><tr><th scope="col">Started</th><th scope="col">User</th><th scope="col">Server</th><th scope="col">Status</th>
          <th scope="col">Duration</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(sessions ?? []).map((s) => (
            <tr key={s.id}>
              <td>{new Date(s.startedAt).toLocaleString()}</td>
              <td>{s.username}</td>
              <td>{s.serverName}</td>
              <td>{s.status}{s.closeReason ? ` (${s.closeReason})` : ''}</td>
              <td>{s.durationSeconds != null ? `${s.durationSeconds} s` : 'open'}</td>
              <td class="actions">
                {s.status === 'active' && <button type="button" class="small danger" onClick={() => stop(s)}>Stop</button>}
                {s.recording && <button type="button" class="small" onClick={() => setReplay(s.id)}>Replay</button>}
              </td>
            </tr>
          ))}
          {sessions?.length === 0 && <tr><td colSpan={6} class="hint">No sessions yet.</td></tr>}
        </tbody>
      </table>
    </main>
  );
}
