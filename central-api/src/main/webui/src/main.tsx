import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import './theme';

import './style.css';
import { logout, onUserChange, refresh, user } from './api/client';
import { config, needsSetup } from './api/routes';
import type { UiConfig, User } from './api/types';
import { Dialog } from './components/Dialog';
import { Link, NavLink } from './components/Link';
import { LoginPage, SetupPage } from './pages/AuthPages';
import { Dashboard } from './pages/Dashboard';
import { AuditPage } from './pages/Audit';
import { KeysPage } from './pages/Keys';
import { ProfilePage } from './pages/Profile';
import { SessionsPage } from './pages/Sessions';
import { UsersPage } from './pages/Users';
import { ServerPage } from './pages/ServerPage';
import { ServersPage } from './pages/Servers';
import { TasksPage } from './pages/Tasks';
import { TerminalPage } from './pages/Terminal';
import { navigate, usePath } from './router';
import { installShortcuts, JUMPS, onEscape } from './shortcuts';
import { toggleTheme, useTheme } from './theme';

type Boot = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; config: UiConfig; setup: boolean };

/** Which pages a role may use (the API enforces the same; the UI only does not offer the rest). */
const PAGES: Record<string, User['role'][]> = {
  '/': ['admin', 'operator', 'viewer'],
  '/servers': ['admin', 'operator', 'viewer', 'auditor'],
  '/tasks': ['admin', 'operator'],
  '/terminal': ['admin', 'operator'],
  '/audit': ['admin', 'auditor'],
  '/sessions': ['admin'],
  '/users': ['admin'],
  '/keys': ['admin', 'operator'],
  '/profile': ['admin', 'operator', 'viewer', 'auditor'],
};

function allowed(me: User, page: string): boolean {
  return PAGES[page]?.includes(me.role) ?? false;
}

/** The page for a path, or the first page the role may use. */
function page(me: User, path: string, cfg: UiConfig) {
  const terminal = /^\/terminal\/(\d+)$/.exec(path);
  if (terminal && allowed(me, '/terminal')) {
    return <TerminalPage serverId={Number(terminal[1])} gatewayUrl={cfg.gatewayUrl} />;
  }
  const server = /^\/servers\/(\d+)$/.exec(path);
  if (server && allowed(me, '/')) {
    return <ServerPage id={Number(server[1])} me={me} monitorUrl={cfg.monitorUrl} />;
  }
  if (path.startsWith('/servers') && allowed(me, '/servers')) {
    return <ServersPage me={me} />;
  }
  const tasks = /^\/tasks(?:\/new\/(\d+))?$/.exec(path);
  if (tasks && allowed(me, '/tasks')) {
    return <TasksPage preset={tasks[1] ? Number(tasks[1]) : undefined} />;
  }
  if (path.startsWith('/audit') && allowed(me, '/audit')) {
    return <AuditPage me={me} />;
  }
  if (path.startsWith('/sessions') && allowed(me, '/sessions')) {
    return <SessionsPage />;
  }
  if (path.startsWith('/users') && allowed(me, '/users')) {
    return <UsersPage me={me} />;
  }
  if (path.startsWith('/keys') && allowed(me, '/keys')) {
    return <KeysPage me={me} />;
  }
  if (path.startsWith('/profile')) {
    return <ProfilePage me={me} />;
  }
  if (allowed(me, '/')) {
    return <Dashboard monitorUrl={cfg.monitorUrl} me={me} />;
  }
  return allowed(me, '/audit') ? <AuditPage me={me} /> : <ServersPage me={me} />;
}

/** The main navigation's pages, in order; each shown only to the roles that may use it. */
const NAV: { to: string; label: string }[] = [
  { to: '/', label: 'Dashboard' },
  { to: '/servers', label: 'Servers' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/audit', label: 'Audit log' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/users', label: 'Users' },
  { to: '/keys', label: 'SSH keys' },
];

/** The keys, listed for `?` and the Keyboard button. */
function ShortcutHelp(props: { me: User; onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <dl class="keys">
        <dt><kbd>/</kbd></dt><dd>Search (on pages with a search box)</dd>
        {JUMPS.filter((j) => allowed(props.me, j.path)).map((j) => (
          <><dt><kbd>g</kbd> <kbd>{j.key}</kbd></dt><dd>Go to {j.label}</dd></>
        ))}
        <dt><kbd>Esc</kbd></dt><dd>Close a dialog or the menu</dd>
        <dt><kbd>?</kbd></dt><dd>This list</dd>
      </dl>
    </Dialog>
  );
}

function Shell(props: { me: User; children: preact.ComponentChildren }) {
  const [menu, setMenu] = useState(false);
  const [help, setHelp] = useState(false);
  const path = usePath();
  const scheme = useTheme();
  useEffect(() => installShortcuts((p) => allowed(props.me, p), () => setHelp(true)), [props.me]);
  useEffect(() => setMenu(false), [path]);
  useEffect(() => (menu ? onEscape(() => setMenu(false)) : undefined), [menu]);
  return (
    <>
      <header class="top">
        <Link class="brand" to="/">Server Monitor</Link>
        <button type="button" class="menu-button" aria-expanded={menu} aria-controls="main-nav"
          onClick={() => setMenu(!menu)}>{menu ? 'Close menu' : 'Menu'}</button>
        <nav id="main-nav" aria-label="main" class={menu ? 'open' : ''}>
          {NAV.filter((n) => allowed(props.me, n.to)).map((n) => <NavLink key={n.to} to={n.to}>{n.label}</NavLink>)}
          <span class="nav-end">
            <NavLink to="/profile">{props.me.username} ({props.me.role})</NavLink>
            <button type="button" class="link" onClick={toggleTheme}>{scheme === 'dark' ? 'Light mode' : 'Dark mode'}</button>
            <button type="button" class="link" onClick={() => setHelp(true)}>Shortcuts</button>
            <button type="button" class="link" onClick={() => logout().then(() => navigate('/login', true))}>
              Sign out
            </button>
          </span>
        </nav>
      </header>
      {help && <ShortcutHelp me={props.me} onClose={() => setHelp(false)} />}
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
      {page(me, path, boot.config)}
    </Shell>
  );
}

render(<App />, document.getElementById('app')!);
