// A list's filters, each reading its value from the URL and writing it back (list-params.ts), drawn
// with the form kit's Field. A choice is a history step; typed text follows in place once typing pauses.
import { type InputHTMLAttributes, type ReactNode, useEffect, useRef, useState } from 'react';
import { useDebouncedValue } from '../../lib/use-debounced-value.ts';
import { Field } from '../form/form-kit.tsx';
import { useListParams } from './list-params.ts';

export function FilterBar({ children }: { children: ReactNode }) {
  return <div className="filters">{children}</div>;
}

interface SearchFilterProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'value' | 'onChange' | 'children'> {
  name: string;
  label: string;
}

/** Text typed into the URL (a search box, an email, an id). */
export function SearchFilter({ name, label, type = 'search', ...input }: SearchFilterProps) {
  const { params, change } = useListParams();
  const inUrl = params.get(name) ?? '';
  const [text, setText] = useState(inUrl);
  const typed = useDebouncedValue(text, 300);
  const pushed = useRef(inUrl);
  useEffect(() => {
    // Compared trimmed, so the space typed before the next word is not "corrected" away mid-typing.
    if (typed.trim() === pushed.current) return;
    pushed.current = typed.trim();
    change({ [name]: typed.trim() }, { typed: true });
  }, [typed, name, change]);
  // The URL changed under the box (back button, "Clear the filters", a link): show its value.
  useEffect(() => {
    if (inUrl !== pushed.current) {
      pushed.current = inUrl;
      setText(inUrl);
    }
  }, [inUrl]);
  return <Field label={label} type={type} value={text} onChange={(e) => setText(e.target.value)} {...input} />;
}

interface SelectFilterProps {
  name: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** The label of the first option, which removes the filter ("All", "Any status"). */
  any?: string;
  /** The value to show when the URL's is not one of the options (e.g. the validated one). */
  value?: string;
  /** Other filters that mean nothing once this one changes (an entity id with its type). */
  clears?: string[];
}

/** A choice among values, written to the URL. */
export function SelectFilter({ name, label, options, any, value, clears = [] }: SelectFilterProps) {
  const { params, change } = useListParams();
  return (
    <Field label={label}>
      {(control) => (
        <select
          {...control}
          value={value ?? params.get(name) ?? ''}
          onChange={(e) => change({ [name]: e.target.value, ...Object.fromEntries(clears.map((key) => [key, null])) })}
        >
          {any === undefined ? null : <option value="">{any}</option>}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A day (yyyy-mm-dd) written to the URL; `error` says why the range is refused. */
export function DateFilter({ name, label, error }: { name: string; label: string; error?: string }) {
  const { params, change } = useListParams();
  return (
    <Field
      label={label}
      type="date"
      value={params.get(name) ?? ''}
      error={error}
      onChange={(e) => change({ [name]: e.target.value })}
    />
  );
}
