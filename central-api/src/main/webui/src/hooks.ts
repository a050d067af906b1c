// Small hooks every page uses: the document title, a clock that ticks for relative times.

import { useEffect, useState } from 'preact/hooks';

/** Sets the tab's title while the page is shown: "<what> · Server Monitor". */
export function useTitle(what: string | null | undefined) {
  useEffect(() => {
    document.title = what ? `${what} · Server Monitor` : 'Server Monitor';
  }, [what]);
}

const ticking = new Set<() => void>();
window.setInterval(() => ticking.forEach((t) => t()), 30000);

/** Re-renders every 30 s, so "2 min ago" stays true. */
export function useTick() {
  const [, set] = useState(0);
  useEffect(() => {
    const t = () => set((n) => n + 1);
    ticking.add(t);
    return () => {
      ticking.delete(t);
    };
  }, []);
}
