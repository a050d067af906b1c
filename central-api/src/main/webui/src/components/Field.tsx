/** A form field with its label and, under it, the API's word on it. */
export function Field(props: {
  id: string;
  label: string;
  type?: string;
  value: string;
  onInput: (v: string) => void;
  autocomplete?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autocomplete={props.autocomplete}
        required
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
    </div>
  );
}
