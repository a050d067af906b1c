import 'asciinema-player/dist/bundle/asciinema-player.css';

import * as AsciinemaPlayer from 'asciinema-player';
import { useEffect, useRef } from 'preact/hooks';

import { token } from '../api/client';
import { recordingUrl } from '../api/routes';
import { onEscape } from '../shortcuts';

/** A terminal session's recording, played by asciinema-player in a card with a Close button. */
export function Replay(props: { id: string; onClose: () => void }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const player = AsciinemaPlayer.create(
      { url: recordingUrl(props.id), fetchOpts: { headers: { Authorization: 'Bearer ' + token() } } },
      el.current!,
      { fit: 'width', autoPlay: true },
    );
    return () => player.dispose();
  }, [props.id]);
  useEffect(() => onEscape(props.onClose), [props.onClose]);
  return (
    <section class="card wide" aria-label="recording">
      <div class="page-head"><h2>Recording</h2><button type="button" class="small" onClick={props.onClose}>Close</button></div>
      <div ref={el} />
    </section>
  );
}
