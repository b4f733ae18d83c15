// A list's sort in its URL (?sort=&dir=), as its filters are: a header button per sortable column,
// marked with aria-sort, and the same choice as a select for phones, where stacked tables hide headers.
import { Field } from '../form/form-kit.tsx';
import '../../styles/list-actions.css';
import { useListParams } from './list-params.ts';

export type SortDir = 'asc' | 'desc';

export interface ListSort {
  key: string;
  dir: SortDir;
  /** The direction a column starts in when chosen (dates newest first, names from A). */
  firstDir: (key: string) => SortDir;
  ariaSort: (key: string) => 'ascending' | 'descending' | undefined;
}

/** The URL's sort among `keys` (the first is the default), its direction checked too. */
export function useListSort(keys: readonly string[], firstDir: (key: string) => SortDir): ListSort {
  const { params } = useListParams();
  const key = keys.find((k) => k === params.get('sort')) ?? keys[0] ?? '';
  const given = params.get('dir');
  const dir = given === 'asc' || given === 'desc' ? given : firstDir(key);
  return {
    key,
    dir,
    firstDir,
    ariaSort: (k) => (k === key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined),
  };
}

/** A header's button: sorts by this column, or turns the order round when it already does. */
export function SortButton({ sort, sortKey, label }: { sort: ListSort; sortKey: string; label: string }) {
  const { change } = useListParams();
  const active = sort.key === sortKey;
  const next: SortDir = active ? (sort.dir === 'asc' ? 'desc' : 'asc') : sort.firstDir(sortKey);
  return (
    <button type="button" className="sort-button" onClick={() => change({ sort: sortKey, dir: next })}>
      {label}
      <span aria-hidden="true">
        {/* A no-break space: a narrow column wraps the label, never its arrow alone onto a line. */}
        {active ? (sort.dir === 'asc' ? '\u00a0▲' : '\u00a0▼') : '\u00a0↕'}
      </span>
    </button>
  );
}

/** The same choice as a select: "Name, A to Z". */
export function SortSelect({
  sort,
  options,
}: {
  sort: ListSort;
  options: ReadonlyArray<{ key: string; dir: SortDir; label: string }>;
}) {
  const { change } = useListParams();
  return (
    <Field label="Sort by">
      {(control) => (
        <select
          {...control}
          value={`${sort.key}.${sort.dir}`}
          onChange={(e) => {
            const [key = '', dir = ''] = e.target.value.split('.');
            change({ sort: key, dir });
          }}
        >
          {options.map((o) => (
            <option key={`${o.key}.${o.dir}`} value={`${o.key}.${o.dir}`}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
