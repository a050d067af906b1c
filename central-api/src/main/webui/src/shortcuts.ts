// Keyboard: `/` focuses the page's search box, `g` then a letter jumps to a page, `?` lists the keys, Escape
// closes the open dialog or menu (each registers itself with onEscape). Keys typed into a field are the field's.

import { navigate } from './router';

/** The jumps: `g` then the key. Pages a role may not use are left out by the caller. */
export const JUMPS: { key: string; path: string; label: string }[] = [
  { key: 'd', path: '/', label: 'Dashboard' },
  { key: 's', path: '/servers', label: 'Servers' },
  { key: 't', path: '/tasks', label: 'Tasks' },
  { key: 'a', path: '/audit', label: 'Audit log' },
  { key: 'e', path: '/sessions', label: 'Sessions' },
  { key: 'u', path: '/users', label: 'Users' },
  { key: 'k', path: '/keys', label: 'SSH keys' },
  { key: 'p', path: '/profile', label: 'Profile' },
];

const escapes: (() => void)[] = [];

/** Escape calls the newest registered closer first; the returned function unregisters it. */
export function onEscape(close: () => void): () => void {
  escapes.push(close);
  return () => {
    const i = escapes.lastIndexOf(close);
    if (i >= 0) {
      escapes.splice(i, 1);
    }
  };
}

function typing(t: EventTarget | null): boolean {
  const e = t as HTMLElement | null;
  return !!e && (e.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.tagName)
    || !!e.closest('.xterm'));
}

/** Listens for the keys; {@code allowed} says which paths the user may jump to, {@code help} shows the list. */
export function installShortcuts(allowed: (path: string) => boolean, help: () => void): () => void {
  let pendingG = 0;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && escapes.length > 0) {
      escapes[escapes.length - 1]();
      e.preventDefault();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) {
      return;
    }
    if (e.key === '/') {
      const search = document.querySelector<HTMLInputElement>('input[type=search]');
      if (search) {
        e.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if (e.key === '?') {
      help();
      return;
    }
    if (pendingG && Date.now() - pendingG < 1500) {
      pendingG = 0;
      const jump = JUMPS.find((j) => j.key === e.key);
      if (jump && allowed(jump.path)) {
        e.preventDefault();
        navigate(jump.path);
      }
      return;
    }
    pendingG = e.key === 'g' ? Date.now() : 0;
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
