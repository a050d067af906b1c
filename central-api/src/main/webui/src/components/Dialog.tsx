import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal dialog (the browser's own <dialog>: focus stays inside, Escape closes it) with a Close button. */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren }) {
  const el = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = el.current!;
    d.showModal();
    const closed = () => props.onClose();
    d.addEventListener('close', closed);
    return () => {
      d.removeEventListener('close', closed);
      if (d.open) {
        d.close();
      }
    };
  }, []);
  return (
    <dialog ref={el} aria-labelledby="dialog-title" class="dialog">
      <div class="page-head">
        <h2 id="dialog-title">{props.title}</h2>
        <button type="button" class="small" onClick={() => el.current!.close()}>Close</button>
      </div>
      {props.children}
    </dialog>
  );
}
