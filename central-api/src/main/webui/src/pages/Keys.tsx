import { useEffect, useState } from 'preact/hooks';

import { message } from '../api/client';
import { deleteSshKey, listSshKeys, uploadSshKey } from '../api/routes';
import type { SshKey, User } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { Time } from '../components/Time';
import { useTitle } from '../hooks';
import { TableWrap } from '../components/TableWrap';

export function KeysPage(props: { me: User }) {
  useTitle('SSH keys');
  const [keys, setKeys] = useState<SshKey[] | null>(null);
  const [form, setForm] = useState({ name: '', privateKey: '', passphrase: '' });
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const load = () => listSshKeys().then(setKeys, (e) => setError(message(e)));
  useEffect(() => {
    load();
  }, []);

  const upload = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    try {
      await uploadSshKey({ name: form.name, privateKey: form.privateKey, passphrase: form.passphrase || undefined });
      setForm({ name: '', privateKey: '', passphrase: '' });
      load();
    } catch (err) {
      setFormError(message(err));
    }
  };
  const remove = async (k: SshKey) => {
    if (!confirm(`Delete the key ${k.name}?`)) {
      return;
    }
    try {
      await deleteSshKey(k.id);
      load();
    } catch (err) {
      setError(message(err));
    }
  };
  const readFile = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) {
      setForm({ ...form, privateKey: await file.text(), name: form.name || file.name });
    }
  };

  return (
    <main>
      <h1>SSH keys</h1>
      <p class="hint">Private keys are sealed in the vault and never shown again; servers refer to them by name.</p>
      <ErrorMessage text={error} />
      <TableWrap label="SSH keys">
      <table class="list">
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Fingerprint</th><th scope="col">Added</th>
          {props.me.role === 'admin' && <th scope="col"><span class="sr-only">Actions</span></th>}</tr></thead>
        <tbody>
          {(keys ?? []).map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.type}</td>
              <td><code class="fingerprint">{k.fingerprint}</code></td>
              <td><Time at={k.createdAt} /></td>
              {props.me.role === 'admin' && <td><button type="button" class="small danger" onClick={() => remove(k)}>Delete</button></td>}
            </tr>
          ))}
          {keys?.length === 0 && <tr><td colSpan={5} class="hint">No keys yet.</td></tr>}
        </tbody>
      </table>
      </TableWrap>
      <form class="card wide" onSubmit={upload} aria-labelledby="upload-key">
        <h2 id="upload-key">Upload a private key</h2>
        <div class="field"><label for="key-name">Name</label><input id="key-name" value={form.name}
          onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })} required /></div>
        <div class="field"><label for="key-file">From a file</label><input id="key-file" type="file" onChange={readFile} /></div>
        <div class="field"><label for="key-text">Or pasted (OpenSSH or PEM)</label><textarea id="key-text" rows={6} spellcheck={false}
          value={form.privateKey} onInput={(e) => setForm({ ...form, privateKey: (e.target as HTMLTextAreaElement).value })} required /></div>
        <div class="field"><label for="key-pass">Passphrase (if it has one)</label><input id="key-pass" type="password" autocomplete="off"
          value={form.passphrase} onInput={(e) => setForm({ ...form, passphrase: (e.target as HTMLInputElement).value })} /></div>
        <ErrorMessage text={formError} />
        <button type="submit">Upload</button>
      </form>
    </main>
  );
}
