import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { listSessions, stopSession } from '../api/routes';
import type { Session } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { Replay } from '../components/Replay';
import { Time } from '../components/Time';
import { useTitle } from '../hooks';
import { TableWrap } from '../components/TableWrap';

export function SessionsPage() {
  useTitle('Terminal sessions');
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [replay, setReplay] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    try {
      setSessions((await listSessions(100)).items);
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
      await stopSession(s.id);
      load();
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <main>
      <h1>Terminal sessions</h1>
      <ErrorMessage text={error} />
      {replay && <Replay id={replay} onClose={() => setReplay(null)} />}
      <TableWrap label="terminal sessions">
      <table class="list">
        <thead><tr><th scope="col">Started</th><th scope="col">User</th><th scope="col">Server</th><th scope="col">Status</th>
          <th scope="col">Duration</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(sessions ?? []).map((s) => (
            <tr key={s.id}>
              <td><Time at={s.startedAt} /></td>
              <td>{s.username}</td>
              <td>{s.serverName}</td>
              <td>{s.status}{s.closeReason ? ` (${s.closeReason})` : ''}</td>
              <td>{s.durationSeconds != null ? `${s.durationSeconds} s` : 'open'}</td>
              <td class="actions">
                {s.status === 'active' && <button type="button" class="small danger" onClick={() => stop(s)}>Stop</button>}
                {s.recording && !s.recordingRemovedAt && <button type="button" class="small" onClick={() => setReplay(s.id)}>Replay</button>}
                {s.recordingRemovedAt && <span class="hint" title={new Date(s.recordingRemovedAt).toLocaleString()}>recording removed</span>}
              </td>
            </tr>
          ))}
          {sessions?.length === 0 && <tr><td colSpan={6} class="hint">No sessions yet.</td></tr>}
        </tbody>
      </table>
      </TableWrap>
    </main>
  );
}
