import type { ComponentChildren } from 'preact';

/**
 * A table's own scrolling box: on a narrow screen the table scrolls inside it, never the page. It can take the
 * keyboard's focus (arrow keys scroll it) and is named for screen readers.
 */
export function TableWrap(props: { label: string; children: ComponentChildren }) {
  return <div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>{props.children}</div>;
}
