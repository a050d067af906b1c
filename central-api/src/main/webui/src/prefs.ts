// What the UI remembers per browser (localStorage): the colour scheme, the fleet view's layout and page size.
// A value that cannot be stored (private mode, storage full) is simply not remembered.

const PREFIX = 'servermonitor.';

export function remembered<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = localStorage.getItem(PREFIX + key);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export function remember(key: string, value: string | null): void {
  try {
    if (value === null) {
      localStorage.removeItem(PREFIX + key);
    } else {
      localStorage.setItem(PREFIX + key, value);
    }
  } catch {
    // not remembered: the choice still holds for this page
  }
}
