// Light or dark: the system's choice (prefers-color-scheme) until the user picks one with the toggle, which is
// remembered. The choice is the `data-theme` attribute of <html>; style.css holds both palettes.

import { useEffect, useState } from 'preact/hooks';

import { remember, remembered } from './prefs';

export type Theme = 'light' | 'dark';

const system = window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<(t: Theme) => void>();
let chosen = remembered<Theme | 'system'>('theme', ['light', 'dark', 'system'], 'system');

export function theme(): Theme {
  return chosen === 'system' ? (system.matches ? 'dark' : 'light') : chosen;
}

function apply() {
  document.documentElement.dataset.theme = theme();
  document.documentElement.style.colorScheme = theme();
  listeners.forEach((l) => l(theme()));
}

/** Switches to the other scheme and remembers it. */
export function toggleTheme() {
  chosen = theme() === 'dark' ? 'light' : 'dark';
  remember('theme', chosen);
  apply();
}

/** The scheme in use; re-renders when it changes (the toggle, or the system's setting while none is chosen). */
export function useTheme(): Theme {
  const [t, setT] = useState(theme());
  useEffect(() => {
    listeners.add(setT);
    return () => {
      listeners.delete(setT);
    };
  }, []);
  return t;
}

/** A colour of the current palette, by its CSS variable name (charts draw on canvas and need the value). */
export function colour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

system.addEventListener('change', apply);
apply();
