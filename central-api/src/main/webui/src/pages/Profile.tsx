import { useState } from 'preact/hooks';

import { logout, message } from '../api/client';
import { changePassword } from '../api/routes';
import type { User } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { useTitle } from '../hooks';
import { navigate } from '../router';

export function ProfilePage(props: { me: User }) {
  useTitle('Profile');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (next !== repeat) {
      setError('The two new passwords differ.');
      return;
    }
    setError(null);
    try {
      await changePassword(props.me.id, current, next);
      // a password change signs out every session, this one too
      await logout();
      navigate('/login', true);
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <main>
      <h1>Profile</h1>
      <p>{props.me.username} · {props.me.email} · {props.me.role}</p>
      <form class="card" onSubmit={submit} aria-labelledby="pw-title">
        <h2 id="pw-title">Change password</h2>
        <div class="field"><label for="pw-current">Current password</label><input id="pw-current" type="password"
          autocomplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} required /></div>
        <div class="field"><label for="pw-new">New password (at least 10 characters)</label><input id="pw-new" type="password"
          autocomplete="new-password" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} required /></div>
        <div class="field"><label for="pw-repeat">New password again</label><input id="pw-repeat" type="password"
          autocomplete="new-password" value={repeat} onInput={(e) => setRepeat((e.target as HTMLInputElement).value)} required /></div>
        <ErrorMessage text={error} />
        <button type="submit">Change password</button>
        <p class="hint">Every session signs out; sign in again with the new password.</p>
      </form>
    </main>
  );
}
