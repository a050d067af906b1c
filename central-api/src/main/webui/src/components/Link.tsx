import type { ComponentChildren } from 'preact';

import { navigate, usePath } from '../router';

/** A link to a page of the UI: the router shows it without a reload. */
export function Link(props: { to: string; class?: string; current?: boolean; children: ComponentChildren }) {
  return (
    <a class={props.class} href={props.to} aria-current={props.current ? 'page' : undefined}
      onClick={(e) => { e.preventDefault(); navigate(props.to); }}>{props.children}</a>
  );
}

/** A link of the main navigation: marked as the current page while the path is under it. */
export function NavLink(props: { to: string; children: ComponentChildren }) {
  const path = usePath();
  const current = props.to === '/' ? path === '/' : path.startsWith(props.to);
  return <Link to={props.to} current={current}>{props.children}</Link>;
}
