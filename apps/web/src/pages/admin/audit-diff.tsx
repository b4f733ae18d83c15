// Shows what an audited change did, field by field: the old value struck out, the new one after it.
type State = Record<string, unknown> | null;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function AuditDiff({ before, after }: { before: State; after: State }) {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const rows = keys.flatMap((key) => {
    const had = before !== null && key in before;
    const has = after !== null && key in after;
    const was = show(before?.[key]);
    const now = show(after?.[key]);
    if (had && has && was === now) return [];
    return [{ key, was: had ? was : null, now: has ? now : null }];
  });
  if (rows.length === 0) return <span className="muted">No field changed</span>;
  return (
    <ul className="diff">
      {rows.map((r) => (
        <li key={r.key}>
          <span className="diff__key">{r.key}</span>:{' '}
          {r.was !== null ? (
            <>
              <del>
                <span className="visually-hidden">was </span>
                {r.was}
              </del>
              {r.now !== null ? ' → ' : null}
            </>
          ) : null}
          {r.now !== null ? (
            <ins>
              <span className="visually-hidden">now </span>
              {r.now}
            </ins>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
