import TextField from '@material-ui/core/TextField';
import { useEffect, useState } from 'react';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';

// Typing should not send a request per key stroke.
const TYPING_DEBOUNCE_MS = 300;

/** A text field that reports its value once typing pauses. */
export function DebouncedTextField(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
}) {
  const { id, label, value, onChange } = props;
  const [input, setInput] = useState(value);
  const debounced = useDebouncedValue(input, TYPING_DEBOUNCE_MS);
  useEffect(() => {
    if (debounced !== value) {
      onChange(debounced.trim());
    }
    // Only a new debounced input is a change; `value` catching up is not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return (
    <TextField
      fullWidth
      id={id}
      label={label}
      value={input}
      onChange={event => setInput(event.target.value)}
    />
  );
}
