import { useEffect, useState } from 'preact/hooks';

import { message, wholeNumber } from '../api/client';
import {
  createServer, deleteServer, fetchHostKey, listServers, listSshKeys, trustHostKey, updateServer,
} from '../api/routes';
import type { PresentedKey, Server, ServerInput, SshKey, User } from '../api/types';
import { StatusBadge } from '../components/Badges';
import { ErrorMessage } from '../components/ErrorMessage';
import { Link } from '../components/Link';
import { useTitle } from '../hooks';
import { navigate } from '../router';
import { TableWrap } from '../components/TableWrap';

const FIELDS = ['name', 'host', 'port', 'username', 'description', 'tags', 'credential', 'password', 'sshKeyId'];

/**
 * The field an API validation message is about ("host must be …", "Malformed JSON: field 'port' …"), so the
 * form can mark it.
 */
function fieldOf(message: string): string | null {
  const quoted = /field '([\w.]+)'/.exec(message);
  const first = quoted ? quoted[1].split('.').pop()! : message.split(/[\s.:]/)[0];
  return FIELDS.includes(first) ? first : null;
}

/** Adds a server, or edits one (then the credential may stay as it is). */
function ServerForm(props: { keys: SshKey[]; server?: Server; onSaved: (s: Server) => void; onCancel?: () => void }) {
  const edit = props.server;
  const blank = { name: '', host: '', port: '22', username: '', password: '', sshKeyId: '', tags: '', description: '' };
  const [form, setForm] = useState(edit
    ? { name: edit.name, host: edit.host, port: String(edit.port), username: edit.username, password: '',
      sshKeyId: edit.credential.sshKeyId ? String(edit.credential.sshKeyId) : '', tags: edit.tags.join(', '),
      description: edit.description ?? '' }
    : blank);
  const [useKey, setUseKey] = useState(edit?.credential.type === 'ssh_key');
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const credential = useKey ? { sshKeyId: wholeNumber(form.sshKeyId) } : { password: form.password };
      // editing: an empty password field keeps the stored credential
      const keep = edit && !useKey && form.password === '';
      const body: ServerInput = { name: form.name, host: form.host, port: wholeNumber(form.port),
        username: form.username, description: edit ? form.description.trim() : form.description.trim() || undefined,
        tags: form.tags.split(/[,\s]+/).filter((t) => t !== ''), ...(keep ? {} : { credential }) };
      const server = edit ? await updateServer(edit.id, body) : await createServer(body);
      setForm(blank);
      props.onSaved(server);
    } catch (err) {
      const text = message(err);
      setError({ message: text, field: fieldOf(text) });
    } finally {
      setBusy(false);
    }
  };

  const invalid = (f: string) => (error?.field === f ? { 'aria-invalid': true, 'aria-describedby': 'add-error' } : {});
  return (
    <form class="card wide" onSubmit={submit} aria-labelledby="add-title">
      <h2 id="add-title">{edit ? 'Edit ' + edit.name : 'Add a server'}</h2>
      {edit && <p class="hint">A new host or port forgets the trusted host key: fetch and trust it again.</p>}
      <div class="grid">
        <div class="field"><label for="srv-name">Name</label>
          <input id="srv-name" value={form.name} onInput={set('name')} required {...invalid('name')} /></div>
        <div class="field"><label for="srv-host">Host</label>
          <input id="srv-host" value={form.host} onInput={set('host')} required placeholder="db1.example.com"
            {...invalid('host')} /></div>
        <div class="field"><label for="srv-port">Port</label>
          <input id="srv-port" type="number" min={1} max={65535} value={form.port} onInput={set('port')}
            {...invalid('port')} /></div>
        <div class="field"><label for="srv-user">SSH user</label>
          <input id="srv-user" value={form.username} onInput={set('username')} required {...invalid('username')} /></div>
        <div class="field"><label for="srv-tags">Tags (comma-separated)</label>
          <input id="srv-tags" value={form.tags} onInput={set('tags')} placeholder="prod, web" {...invalid('tags')} /></div>
        <div class="field"><label for="srv-description">Description</label>
          <input id="srv-description" value={form.description} onInput={set('description')}
            {...invalid('description')} /></div>
      </div>
      <fieldset>
        <legend>Credential</legend>
        <label><input type="radio" name="cred" checked={!useKey} onChange={() => setUseKey(false)} /> Password</label>
        <label><input type="radio" name="cred" checked={useKey} onChange={() => setUseKey(true)}
          disabled={props.keys.length === 0} /> Key from the vault</label>
        {useKey ? (
          <div class="field"><label for="srv-key">Key</label>
            <select id="srv-key" value={form.sshKeyId} onChange={set('sshKeyId')} required {...invalid('sshKeyId')}>
              <option value="">Choose a key…</option>
              {props.keys.map((k) => <option key={k.id} value={k.id}>{k.name} ({k.fingerprint})</option>)}
            </select></div>
        ) : (
          <div class="field"><label for="srv-password">Password</label>
            <input id="srv-password" type="password" autocomplete="off" value={form.password}
              placeholder={edit ? 'unchanged' : ''} onInput={set('password')} required={!edit} {...invalid('password')} /></div>
        )}
      </fieldset>
      {error && <p id="add-error" class="error" role="alert">{error.message}</p>}
      <div class="buttons">
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : edit ? 'Save' : 'Add server'}</button>
        {props.onCancel && <button type="button" class="link" onClick={props.onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

/** Fetches the key the server presents now and, for an admin, trusts it after the user compared it. */
function HostKey(props: { server: Server; me: User; onTrusted: (s: Server) => void }) {
  const [presented, setPresented] = useState<PresentedKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const s = props.server;

  const fetchKey = async () => {
    setBusy(true);
    setError(null);
    try {
      setPresented(await fetchHostKey(s.id));
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const trust = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onTrusted(await trustHostKey(s.id, presented!.fingerprint));
      setPresented(null);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  if (s.hostKeyTrusted) {
    return <span class="trusted" title={s.hostKeyFingerprint ?? ''}>trusted</span>;
  }
  return (
    <div class="hostkey">
      {!presented && <button type="button" class="small" onClick={fetchKey} disabled={busy}>Fetch host key</button>}
      {presented && (
        <div>
          <p class="hint">
            The server presents <code class="fingerprint">{presented.fingerprint}</code> ({presented.type}). Compare it
            with <code>ssh-keygen -lf /etc/ssh/ssh_host_{presented.type.replace('ssh-', '')}_key.pub</code> on the server.
          </p>
          {props.me.role === 'admin'
            ? <button type="button" class="small" onClick={trust} disabled={busy}>Trust this key</button>
            : <p class="hint">An admin has to trust it.</p>}
        </div>
      )}
      <ErrorMessage text={error} />
    </div>
  );
}

export function ServersPage(props: { me: User }) {
  useTitle('Servers');
  const [servers, setServers] = useState<Server[] | null>(null);
  const [keys, setKeys] = useState<SshKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Server | null>(null);
  const canEdit = props.me.role === 'admin' || props.me.role === 'operator';

  const load = async () => {
    try {
      setServers(await listServers());
      if (canEdit) {
        setKeys(await listSshKeys());
      }
    } catch (err) {
      setError(message(err));
    }
  };
  useEffect(() => {
    load();
  }, []);

  const replace = (s: Server) => setServers((list) => (list ?? []).map((x) => (x.id === s.id ? s : x)));
  const remove = async (s: Server) => {
    if (!confirm(`Delete ${s.name}? Its stats history goes with it.`)) {
      return;
    }
    try {
      await deleteServer(s.id);
      setServers((list) => (list ?? []).filter((x) => x.id !== s.id));
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <main>
      <h1>Servers</h1>
      <ErrorMessage text={error} />
      {servers === null ? <p role="status">Loading…</p> : (
        <TableWrap label="servers">
        <table class="list">
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Address</th><th scope="col">Credential</th>
              <th scope="col">Status</th><th scope="col">Host key</th>{canEdit && <th scope="col"><span class="sr-only">Actions</span></th>}</tr>
          </thead>
          <tbody>
            {servers.map((s) => (
              <tr key={s.id} data-server-id={s.id}>
                <td><Link to={'/servers/' + s.id}>{s.name}</Link>
                  {s.tags.length > 0 && <div class="hint">{s.tags.join(', ')}</div>}</td>
                <td>{s.username}@{s.host}:{s.port}</td>
                <td>{s.credential.type === 'password' ? 'password' : 'vault key'}</td>
                <td><StatusBadge status={s.status} /></td>
                <td>{canEdit ? <HostKey server={s} me={props.me} onTrusted={replace} />
                  : s.hostKeyTrusted ? 'trusted' : 'not trusted'}</td>
                {canEdit && (
                  <td class="actions">
                    {s.hostKeyTrusted && <button type="button" class="small" onClick={() => navigate('/terminal/' + s.id)}>Terminal</button>}
                    <button type="button" class="small" onClick={() => setEditing(s)}>Edit</button>
                    <button type="button" class="small danger" onClick={() => remove(s)}>Delete</button>
                  </td>
                )}
              </tr>
            ))}
            {servers.length === 0 && <tr><td colSpan={6} class="hint">No servers yet.</td></tr>}
          </tbody>
        </table>
        </TableWrap>
      )}
      {canEdit && editing && (
        <ServerForm key={'edit-' + editing.id} keys={keys} server={editing} onCancel={() => setEditing(null)}
          onSaved={(s) => { replace(s); setEditing(null); }} />
      )}
      {canEdit && !editing && <ServerForm keys={keys} onSaved={(s) => setServers((list) => [...(list ?? []), s])} />}
    </main>
  );
}
