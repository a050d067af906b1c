import 'uplot/dist/uPlot.min.css';

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

import type { History } from '../api/types';

/** A server's CPU, memory and disk history as a uPlot chart over the whole range asked for; follows the width. */
export function Chart(props: { history: History }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const p = props.history.points;
    const data: uPlot.AlignedData = [
      p.map((x) => Date.parse(x.ts) / 1000),
      p.map((x) => x.cpu.avg),
      p.map((x) => x.memory.avg),
      p.map((x) => x.disk.avg),
    ];
    const plot = new uPlot({
      width: Math.max(300, el.current!.clientWidth),
      height: 260,
      // the range asked for, not just where the samples are: an hour with two samples still spans the hour
      scales: { x: { time: true, range: [Date.parse(props.history.from) / 1000, Date.parse(props.history.to) / 1000] },
        y: { range: [0, 100] } },
      series: [
        {},
        { label: 'CPU %', stroke: '#0b5cad', width: 2 },
        { label: 'Memory %', stroke: '#1a7f37', width: 2 },
        { label: 'Disk %', stroke: '#9a6700', width: 2 },
      ],
      axes: [{}, { values: (_u, ticks) => ticks.map((t) => t + ' %') }],
    }, data, el.current!);
    const onResize = () => plot.setSize({ width: Math.max(300, el.current!.clientWidth), height: 260 });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [props.history]);
  return <div class="chart" ref={el} role="img" aria-label="CPU, memory and disk use over time" />;
}
