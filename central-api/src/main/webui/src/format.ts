// Numbers as people read them on a tile.

export function bytes(n: number | null | undefined): string {
  if (n == null) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return (v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
}

export function rate(n: number | null | undefined): string {
  return n == null ? '–' : bytes(n) + '/s';
}

export function percent(n: number | null | undefined): string {
  return n == null ? '–' : n.toFixed(n >= 10 ? 0 : 1) + ' %';
}

export function uptime(seconds: number | null | undefined): string {
  if (seconds == null) {
    return '–';
  }
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** The load averages over 1, 5 and 15 minutes. */
export function load(averages: number[]): string {
  return averages.map((l) => l.toFixed(2)).join(' ');
}

/** Network traffic, received then sent. */
export function traffic(n: { rxBytesPerSec: number; txBytesPerSec: number } | null | undefined): string {
  return `↓ ${rate(n?.rxBytesPerSec)} ↑ ${rate(n?.txBytesPerSec)}`;
}
