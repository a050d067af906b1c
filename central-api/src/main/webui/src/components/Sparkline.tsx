import type { RecentPoint } from '../live';
import { RECENT_SECONDS } from '../live';

const W = 96;
const H = 24;

/** Seconds across: the whole window once it is filled, at least two minutes before, so a fresh line is a line. */
function span(points: RecentPoint[], now: number): number {
  return Math.min(RECENT_SECONDS, Math.max(120, now - (points[0]?.t ?? now)));
}

function path(points: RecentPoint[], value: (p: RecentPoint) => number | null, now: number): string {
  const across = span(points, now);
  return points
    .filter((p) => value(p) != null)
    .map((p) => {
      const x = W - ((now - p.t) / across) * W;
      const y = H - 1 - (Math.min(100, Math.max(0, value(p)!)) / 100) * (H - 2);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * CPU and memory over the last minutes as two lines on a 0–100 % scale, newest at the right edge; the label
 * says the latest numbers for those who cannot see the lines.
 */
export function Sparkline(props: { points: RecentPoint[] }) {
  const p = props.points;
  const last = p[p.length - 1];
  const now = last?.t ?? 0;
  const label = last
    ? `last ${Math.round(span(p, now) / 60)} min: ${p.length} samples, CPU now ${last.cpu?.toFixed(0) ?? '–'} %,`
      + ` memory now ${last.mem.toFixed(0)} %`
    : 'no samples yet';
  return (
    <svg class="spark" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}
      data-points={p.length}>
      <polyline class="cpu" fill="none" stroke-width="1.5" points={path(p, (x) => x.cpu, now)} />
      <polyline class="mem" fill="none" stroke-width="1.5" points={path(p, (x) => x.mem, now)} />
    </svg>
  );
}
