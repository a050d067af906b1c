import { useState } from 'preact/hooks';

import { ApiError, initialize, login } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { useTitle } from '../hooks';

function explain(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 429) {
      const wait = e.retryAfterSeconds ? ` Try again in ${Math.ceil(e.retryAfterSeconds / 60)} min.` : '';
      return 'Too many failed sign-ins for this account from here.' + wait;
    }
    return e.message;
  }
  return 'The server could not be reached. Check your connection and try again.';
}

/** A form's submit: busy while it runs, the failure in words after; {@code check} may refuse it first. */
function useSubmit(action: () => Promise<unknown>, onDone: () => void, check?: () => string | null) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const refused = check?.() ?? null;
    if (refused) {
      setError(refused);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

export function LoginPage(props: { onDone: () => void }) {
  useTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { error, busy, submit } = useSubmit(() => login(username, password), props.onDone);

  return (
    <main class="auth">
      <form class="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Server Monitor</h1>
        <Field id="username" label="User name or e-mail" value={username} onInput={setUsername} autocomplete="username" />
        <Field id="password" label="Password" type="password" value={password} onInput={setPassword}
          autocomplete="current-password" />
        <ErrorMessage text={error} />
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}

export function SetupPage(props: { onDone: () => void }) {
  useTitle('First-run setup');
  const [username, setUsername] = useState('admin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { error, busy, submit } = useSubmit(() => initialize(username, email, password), props.onDone,
    () => (password !== repeat ? 'The two passwords differ.' : null));

  return (
    <main class="auth">
      <form class="card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Create the first administrator</h1>
        <p class="hint">No user exists yet. This account can add servers, users and everything else.</p>
        <Field id="setup-username" label="User name" value={username} onInput={setUsername} autocomplete="username" />
        <Field id="setup-email" label="E-mail" type="email" value={email} onInput={setEmail} autocomplete="email" />
        <Field id="setup-password" label="Password (at least 10 characters)" type="password" value={password}
          onInput={setPassword} autocomplete="new-password" />
        <Field id="setup-repeat" label="Password again" type="password" value={repeat} onInput={setRepeat}
          autocomplete="new-password" />
        <ErrorMessage text={error} />
        <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create administrator'}</button>
      </form>
    </main>
  );
}
