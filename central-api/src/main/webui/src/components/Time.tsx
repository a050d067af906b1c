import { useTick } from '../hooks';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "3 minutes ago" (or "in 2 hours") for an instant, from now. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 10) {
    return 'just now';
  }
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.trunc(seconds / size), unit);
    }
  }
  return '';
}

/** An instant as people read it: relative, with the exact local time on hover (and for screen readers). */
export function Time(props: { at: string | null | undefined; none?: string }) {
  useTick();
  if (!props.at) {
    return <span>{props.none ?? '–'}</span>;
  }
  const exact = new Date(props.at).toLocaleString();
  return <time dateTime={props.at} title={exact} aria-label={exact}>{ago(props.at)}</time>;
}
