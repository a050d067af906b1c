import type { ComponentChildren } from 'preact';

/** A server's status as the monitor last saw it (online, offline, unknown), coloured by style.css. */
export function StatusBadge(props: { status: string }) {
  return <span class={'status ' + props.status}>{props.status}</span>;
}

/** The state of a socket (live, connecting, reconnecting, refused) and its words, announced as they change. */
export function LiveBadge(props: { state: string; children: ComponentChildren }) {
  return <span class={'live ' + props.state} role="status">{props.children}</span>;
}
