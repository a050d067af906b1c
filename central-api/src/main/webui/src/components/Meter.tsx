import { percent } from '../format';

/** A percentage as a bar, green to amber over 80 and red over 90, with its number and an optional detail. */
export function Meter(props: { label: string; value: number | null | undefined; detail?: string }) {
  const v = props.value ?? 0;
  const level = v > 90 ? 'crit' : v > 80 ? 'warn' : 'ok';
  return (
    <div class="meter">
      <span class="meter-label">{props.label}</span>
      <span class="meter-bar" role="meter" aria-label={props.label} aria-valuemin={0} aria-valuemax={100}
        aria-valuenow={props.value == null ? undefined : Math.round(v)}>
        <span class={'meter-fill ' + level} style={{ width: Math.min(100, v) + '%' }} />
      </span>
      <span class="meter-value">{percent(props.value)}</span>
      {props.detail && <span class="meter-detail">{props.detail}</span>}
    </div>
  );
}
