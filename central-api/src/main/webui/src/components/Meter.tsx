import type { Severity } from '../fleet';
import { percent } from '../format';

/**
 * A percentage as a bar with its number and an optional detail. Its colour is the open alert's on that metric
 * (warning or critical, as the alert rules decided), the plain accent colour while none is open.
 */
export function Meter(props: { label: string; value: number | null | undefined; detail?: string; alert?: Severity | null }) {
  const v = props.value ?? 0;
  const level = props.alert ?? 'none';
  return (
    <div class="meter">
      <span class="meter-label">{props.label}</span>
      <span class="meter-bar" role="meter" aria-label={props.label + (props.alert ? ` (${props.alert} alert)` : '')}
        aria-valuemin={0} aria-valuemax={100} aria-valuenow={props.value == null ? undefined : Math.round(v)}>
        <span class={'meter-fill level-' + level} style={{ width: Math.min(100, v) + '%' }} />
      </span>
      <span class={'meter-value' + (props.alert ? ' pct-' + props.alert : '')}>{percent(props.value)}</span>
      {props.detail && <span class="meter-detail">{props.detail}</span>}
    </div>
  );
}
