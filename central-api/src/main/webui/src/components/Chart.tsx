import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

import { colour, useTheme } from '../theme';

export interface Series {
  label: string;
  /** A CSS variable of the palette (--chart-1 …), so the line follows light and dark mode. */
  colour: string;
  values: (number | null)[];
}

export interface ChartProps {
  title: string;
  /** Seconds since the epoch, one per value of every series. */
  times: number[];
  series: Series[];
  /** The x range shown (seconds): the range asked for, not just where the samples are. */
  from: number;
  to: number;
  /** A fixed y range (percentages), else from the data starting at 0. */
  yMax?: number;
  format: (v: number) => string;
  /** Called with the range the user dragged across (seconds), to zoom into it. */
  onZoom?: (from: number, to: number) => void;
}

const HEIGHT = 220;

/** The index of the newest point that has a value in any series, for the legend when nothing is hovered. */
function newest(u: uPlot): number | null {
  for (let i = u.data[0].length - 1; i >= 0; i--) {
    if (u.data.slice(1).some((s) => s[i] != null)) {
      return i;
    }
  }
  return null;
}

/**
 * A time chart (uPlot) with its legend showing values: the hovered point's, else the newest. Dragging across it
 * zooms in (onZoom). New data is set in place; the plot is rebuilt only when the series or the palette change.
 */
export function Chart(props: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const zoom = useRef(props.onZoom);
  zoom.current = props.onZoom;
  const scheme = useTheme();
  const shape = props.series.map((s) => s.label).join('|');

  const fromRef = useRef(props.from);
  const toRef = useRef(props.to);
  fromRef.current = props.from;
  toRef.current = props.to;
  const data = (): uPlot.AlignedData => [props.times, ...props.series.map((s) => s.values)];

  useEffect(() => {
    const text = colour('--muted');
    const grid = colour('--grid');
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const u = new uPlot({
      width: Math.max(280, el.current!.clientWidth),
      height: HEIGHT,
      scales: {
        x: { time: true, range: () => [fromRef.current, toRef.current] },
        y: props.yMax ? { range: [0, props.yMax] } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label, stroke: colour(s.colour), width: 2, spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : props.format(v)),
        })),
      ],
      axes: [axis, { ...axis, size: 70, values: (_u, ticks) => ticks.map((t) => props.format(t)) }],
      cursor: { drag: { x: true, y: false, setScale: false } },
      hooks: {
        setSelect: [(p) => {
          if (p.select.width > 4 && zoom.current) {
            const a = p.posToVal(p.select.left, 'x');
            const b = p.posToVal(p.select.left + p.select.width, 'x');
            p.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoom.current(a, b);
          }
        }],
        // nothing hovered: the legend shows the newest values instead of dashes
        setLegend: [(p) => {
          if (p.legend.idx == null) {
            const i = newest(p);
            if (i != null) {
              p.setLegend({ idx: i }, false);
            }
          }
        }],
      },
    }, data(), el.current!);
    plot.current = u;
    u.setLegend({ idx: newest(u) ?? undefined }, false);
    // follows its box, whatever changes it (the window, the grid reflowing, the menu)
    const resized = new ResizeObserver(() => u.setSize({ width: Math.max(280, el.current!.clientWidth), height: HEIGHT }));
    resized.observe(el.current!);
    return () => {
      resized.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape, scheme, props.yMax]);

  useEffect(() => {
    const u = plot.current;
    if (u) {
      u.setData(data());
      if (u.legend.idx == null || u.cursor.left == null || u.cursor.left < 0) {
        u.setLegend({ idx: newest(u) ?? undefined }, false);
      }
    }
  }, [props.times, props.series, props.from, props.to]);

  return (
    <figure class="chart" data-points={props.times.length} aria-label={props.title}>
      <h3>{props.title}</h3>
      <div ref={el} role="img" aria-label={props.title + ' over time; the values are in the legend'} />
    </figure>
  );
}
