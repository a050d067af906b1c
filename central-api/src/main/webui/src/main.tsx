import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import './style.css';
import { config, logout, needsSetup, onUserChange, refresh, UiConfig, User, user } from './api';
import { LoginPage, SetupPage } from './pages/AuthPages';
import { Dashboard } from './pages/Dashboard';
import { ServersPage } from './pages/Servers';
import { navigate, usePath } from './router';

type Boot = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; config: UiConfig; setup: boolean };

function NavLink(props: { to: string; children: preact.ComponentChildren }) {
  const path = usePath();
  const current = props.to === '/' ? path === '/' : path.startsWith(props.to);
  return (
    <a href={props.to} aria-current={current ? 'page' : undefined}
      onClick={(e) => { e.preventDefault(); navigate(props.to); }}>{props.children}</a>
  );
}

function Shell(props: { me: User; children: preact.ComponentChildren }) {
  return (
    <>
      <header class="top">
        <a class="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/'); }}>Server Monitor</a>
        <nav aria-label="main">
          <NavLink to="/">Dashboard</NavLink>
          <NavLink to="/servers">Servers</NavLink>
        </nav>
        <span class="me">{props.me.username} ({props.me.role})</span>
        <button type="button" class="link" onClick={() => logout().then(() => navigate('/login', true))}>
          Sign out
        </button>
      </header>
      {props.children}
    </>
  );
}

function App() {
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [me, setMe] = useState<User | null>(user());
  const path = usePath();

  useEffect(() => onUserChange(setMe), []);
  useEffect(() => {
    (async () => {
      try {
        const [cfg, setup] = await Promise.all([config(), needsSetup()]);
        if (!setup) {
          await refresh(); // a reload in the same tab stays signed in
        }
        setBoot({ state: 'ready', config: cfg, setup });
      } catch {
        setBoot({ state: 'failed', message: 'central-api could not be reached.' });
      }
    })();
  }, []);

  if (boot.state === 'loading') {
    return <main class="auth"><p role="status">Loading…</p></main>;
  }
  if (boot.state === 'failed') {
    return <main class="auth"><p class="error" role="alert">{boot.message}</p></main>;
  }
  if (boot.setup && !me) {
    return <SetupPage onDone={() => { setBoot({ ...boot, setup: false }); navigate('/', true); }} />;
  }
  if (!me) {
    return <LoginPage onDone={() => navigate(path === '/login' ? '/' : path, true)} />;
  }
  return (
    <Shell me={me}>
      {path.startsWith('/servers') ? <ServersPage me={me} /> : <Dashboard monitorUrl={boot.config.monitorUrl} />}
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);
