/** A failure in words, announced; nothing while there is none. */
export function ErrorMessage(props: { text: string | null }) {
  return props.text ? <p class="error" role="alert">{props.text}</p> : null;
}
