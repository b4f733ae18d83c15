// Shows what an audited change did, one sentence per field: "Offer price changed from $9.99 to $7.99",
// the old value struck out and the new one marked as inserted.
import { useStore } from '../../lib/session.tsx';
import { type AuditFacts, describeChanges } from './audit-words.ts';

export function AuditDiff(facts: AuditFacts) {
  const { currency } = useStore();
  const lines = describeChanges(facts, currency);
  if (lines.length === 0) return <span className="muted">No field changed</span>;
  return (
    <ul className="diff">
      {lines.map((line) => (
        <li key={line.key}>
          {line.kind === 'text' ? line.text : null}
          {line.kind === 'changed' ? (
            <>
              {line.subject} changed from <del>{line.was}</del> to <ins>{line.now}</ins>
            </>
          ) : null}
          {line.kind === 'set' ? (
            <>
              {line.subject}: <ins>{line.now}</ins>
            </>
          ) : null}
          {line.kind === 'removed' ? (
            <>
              {line.subject} was <del>{line.was}</del>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
