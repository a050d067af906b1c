import { useEffect, useState } from 'preact/hooks';

import { ApiError, message, wholeNumber } from '../api/client';
import { cancelTask, createTask, getTask, listServers, listTasks } from '../api/routes';
import type { Server, Task } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { Time } from '../components/Time';
import { useTitle } from '../hooks';
import { onEscape } from '../shortcuts';
import { TableWrap } from '../components/TableWrap';

const ACTIVE = new Set(['queued', 'running']);

function RunTask(props: { servers: Server[]; preset?: number; onQueued: (t: Task) => void }) {
  const trusted = props.servers.filter((s) => s.hostKeyTrusted);
  const [serverId, setServerId] = useState(String(props.preset ?? trusted[0]?.id ?? ''));
  const [command, setCommand] = useState('');
  const [timeout, setTimeoutSeconds] = useState('60');
  const [refusal, setRefusal] = useState<{ message: string; reason?: string; rule?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setRefusal(null);
    try {
      const t = await createTask(serverId, { command, timeoutSeconds: wholeNumber(timeout) });
      setCommand('');
      props.onQueued(t);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403 && err.body.reason) {
        setRefusal({ message: 'Blocked by the safety policy', reason: String(err.body.reason), rule: String(err.body.rule ?? '') });
      } else {
        setRefusal({ message: message(err) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card wide" onSubmit={submit} aria-labelledby="run-title">
      <h2 id="run-title">Run a command</h2>
      <div class="grid">
        <div class="field"><label for="task-server">Server</label>
          <select id="task-server" value={serverId} onChange={(e) => setServerId((e.target as HTMLSelectElement).value)} required>
            {trusted.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select></div>
        <div class="field"><label for="task-timeout">Timeout (seconds)</label>
          <input id="task-timeout" type="number" min={1} max={600} value={timeout}
            onInput={(e) => setTimeoutSeconds((e.target as HTMLInputElement).value)} /></div>
      </div>
      <div class="field"><label for="task-command">Command</label>
        <textarea id="task-command" rows={3} value={command} required spellcheck={false}
          onInput={(e) => setCommand((e.target as HTMLTextAreaElement).value)} /></div>
      {refusal && (
        <div class="error" role="alert" id="task-refusal">
          <strong>{refusal.message}</strong>
          {refusal.reason && <p class="policy-reason">{refusal.reason}{refusal.rule ? ` (rule ${refusal.rule})` : ''}</p>}
        </div>
      )}
      <button type="submit" disabled={busy || trusted.length === 0}>{busy ? 'Queueing…' : 'Run'}</button>
      {trusted.length === 0 && <p class="hint">Trust a server's host key first (Servers).</p>}
    </form>
  );
}

function TaskDetail(props: { id: number; onClose: () => void }) {
  const [task, setTask] = useState<Task | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    const load = async () => {
      try {
        const t = await getTask(props.id);
        setTask(t);
        if (ACTIVE.has(t.status)) {
          timer = window.setTimeout(load, 1000);
        }
      } catch (err) {
        setError(message(err));
      }
    };
    load();
    return () => window.clearTimeout(timer);
  }, [props.id]);

  useEffect(() => onEscape(props.onClose), [props.onClose]);

  const cancel = async () => {
    try {
      await cancelTask(props.id);
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <section class="card wide task-detail" aria-label={'task ' + props.id}>
      <div class="page-head">
        <h2>Task {props.id}</h2>
        {task && <span class={'task-status ' + task.status}>{task.status}</span>}
        {task && ACTIVE.has(task.status) && <button type="button" class="small danger" onClick={cancel}>Cancel</button>}
        <button type="button" class="small" onClick={props.onClose}>Close</button>
      </div>
      <ErrorMessage text={error} />
      {task && (
        <>
          <code class="command">{task.command}</code>
          <p class="hint">
            {task.exitCode != null && `exit code ${task.exitCode} · `}
            {task.durationMs != null && `${(task.durationMs / 1000).toFixed(1)} s · `}by {task.username}
            {task.error && ` · ${task.error}`}
          </p>
          <h3>Output</h3>
          {task.outputRemovedAt && <p class="hint">Output removed by retention on {new Date(task.outputRemovedAt).toLocaleString()}</p>}
          <pre class="output" id="task-stdout">{task.stdout ?? ''}</pre>
          {task.stderr && (<><h3>Errors</h3><pre class="output stderr">{task.stderr}</pre></>)}
        </>
      )}
    </section>
  );
}

export function TasksPage(props: { preset?: number }) {
  useTitle('Tasks');
  const [servers, setServers] = useState<Server[]>([]);
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listServers().then(setServers, (e) => setError(message(e)));
  }, []);
  useEffect(() => {
    let timer: number | undefined;
    const load = async () => {
      try {
        const page = await listTasks({ limit: 50 });
        setTasks(page.items);
        // live status while anything is queued or running
        timer = window.setTimeout(load, page.items.some((t) => ACTIVE.has(t.status)) ? 1000 : 5000);
      } catch (err) {
        setError(message(err));
      }
    };
    load();
    return () => window.clearTimeout(timer);
  }, []);

  const name = (id: number) => servers.find((s) => s.id === id)?.name ?? '#' + id;
  return (
    <main>
      <h1>Tasks</h1>
      <ErrorMessage text={error} />
      {servers.length > 0 && (
        <RunTask servers={servers} preset={props.preset} onQueued={(t) => {
          setTasks((list) => [t, ...(list ?? [])]);
          setOpen(t.id);
        }} />
      )}
      {open != null && <TaskDetail id={open} onClose={() => setOpen(null)} />}
      <TableWrap label="tasks">
      <table class="list">
        <thead><tr><th scope="col">Id</th><th scope="col">Server</th><th scope="col">Command</th>
          <th scope="col">Status</th><th scope="col">By</th><th scope="col">Created</th></tr></thead>
        <tbody>
          {(tasks ?? []).map((t) => (
            <tr key={t.id} data-task-id={t.id}>
              <td><button type="button" class="link" onClick={() => setOpen(t.id)}>{t.id}</button></td>
              <td>{name(t.serverId)}</td>
              <td><code>{t.command.length > 80 ? t.command.slice(0, 80) + '…' : t.command}</code></td>
              <td><span class={'task-status ' + t.status}>{t.status}</span></td>
              <td>{t.username}</td>
              <td><Time at={t.createdAt} /></td>
            </tr>
          ))}
          {tasks?.length === 0 && <tr><td colSpan={6} class="hint">No tasks yet.</td></tr>}
        </tbody>
      </table>
      </TableWrap>
    </main>
  );
}
