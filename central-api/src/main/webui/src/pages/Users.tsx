import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { createUser, deleteUser, listUsers, updateUser } from '../api/routes';
import type { NewUser, User, UserRow } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { Time } from '../components/Time';
import { useTitle } from '../hooks';
import { TableWrap } from '../components/TableWrap';

const ROLES: User['role'][] = ['admin', 'operator', 'viewer', 'auditor'];

/** What each role may do, in the words the API enforces (docs/api.md). */
export const ROLE_HELP: Record<User['role'], string> = {
  admin: 'everything: users, servers, SSH keys, terminals, tasks, sessions and the audit log',
  operator: 'adds and edits servers and SSH keys, opens terminals, runs tasks; no users, no audit log',
  viewer: 'watches servers and their live stats; changes nothing, opens no terminal',
  auditor: 'reads and exports the audit log and lists servers; no stats, terminals or tasks',
};

export function UsersPage(props: { me: User }) {
  useTitle('Users');
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [form, setForm] = useState<NewUser>({ username: '', email: '', password: '', role: 'viewer' });
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const load = () => listUsers().then(setUsers, (e) => setError(message(e)));
  useEffect(() => {
    load();
  }, []);

  const update = async (u: UserRow, change: Partial<UserRow>) => {
    setError(null);
    try {
      await updateUser(u.id, change);
      load();
    } catch (e) {
      setError(message(e));
    }
  };
  const remove = async (u: UserRow) => {
    if (!confirm(`Delete ${u.username}?`)) {
      return;
    }
    try {
      await deleteUser(u.id);
      load();
    } catch (e) {
      setError(message(e));
    }
  };
  const create = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    try {
      await createUser(form);
      setForm({ username: '', email: '', password: '', role: 'viewer' });
      load();
    } catch (err) {
      setFormError(message(err));
    }
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  return (
    <main>
      <h1>Users</h1>
      <ErrorMessage text={error} />
      <details class="role-list">
        <summary>What each role may do</summary>
        <dl class="kv">{ROLES.map((r) => <><dt>{r}</dt><dd>{ROLE_HELP[r]}</dd></>)}</dl>
      </details>
      <TableWrap label="users">
      <table class="list">
        <thead><tr><th scope="col">User</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Enabled</th>
          <th scope="col">Last sign-in</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>{u.email}</td>
              <td>
                <label class="sr-only" for={'role-' + u.id}>Role of {u.username}</label>
                <select id={'role-' + u.id} value={u.role} disabled={u.id === props.me.id} title={ROLE_HELP[u.role]}
                  onChange={(e) => update(u, { role: (e.target as HTMLSelectElement).value as User['role'] })}>
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td><input type="checkbox" aria-label={'enabled: ' + u.username} checked={u.enabled}
                disabled={u.id === props.me.id} onChange={() => update(u, { enabled: !u.enabled })} /></td>
              <td><Time at={u.lastLoginAt} none="never" /></td>
              <td>{u.id !== props.me.id && <button type="button" class="small danger" onClick={() => remove(u)}>Delete</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableWrap>
      <form class="card wide" onSubmit={create} aria-labelledby="new-user">
        <h2 id="new-user">Add a user</h2>
        <div class="grid">
          <div class="field"><label for="nu-name">User name</label><input id="nu-name" value={form.username} onInput={set('username')} required /></div>
          <div class="field"><label for="nu-email">E-mail</label><input id="nu-email" type="email" value={form.email} onInput={set('email')} required /></div>
          <div class="field"><label for="nu-password">Password</label><input id="nu-password" type="password" autocomplete="new-password"
            value={form.password} onInput={set('password')} required /></div>
          <div class="field"><label for="nu-role">Role</label>
            <select id="nu-role" value={form.role} onChange={set('role')} aria-describedby="nu-role-help">
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
            <p id="nu-role-help" class="hint role-help">{form.role}: {ROLE_HELP[form.role as User['role']]}</p></div>
        </div>
        <ErrorMessage text={formError} />
        <button type="submit">Add user</button>
      </form>
    </main>
  );
}
