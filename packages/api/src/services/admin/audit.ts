// The audit log: every staff action with actor, time, and the state before and after, written in the
// action's transaction. Read by admins: the log only grows, so pages are "newer / older" (one row past
// the page says whether there is more) rather than a COUNT(*) over the whole table on every visit.
import type { Database, DB } from '@damso/db';
import type { Expression, ExpressionBuilder, Kysely, SqlBool, Transaction } from 'kysely';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /** The app's clock, not the database's: the log is filtered and read next to other app-written times. */
  at: Date;
}

export async function recordAudit(db: Kysely<DB> | Transaction<DB>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: entry.ip ?? null,
      created_at: entry.at,
    })
    .execute();
}

export type AuditState = Record<string, unknown> | null;

function parseState(json: string | null): AuditState {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { value };
  } catch {
    return { value: json };
  }
}

export async function listAudit(
  db: Database,
  input: {
    entityType?: string;
    entityId?: string;
    actorEmail?: string;
    from?: Date;
    to?: Date;
    page: number;
    pageSize: number;
  },
) {
  const filter = (eb: ExpressionBuilder<DB, 'audit_log'>) => {
    const conditions: Expression<SqlBool>[] = [];
    if (input.entityType) conditions.push(eb('audit_log.entity_type', '=', input.entityType));
    if (input.entityType && input.entityId) conditions.push(eb('audit_log.entity_id', '=', input.entityId));
    if (input.actorEmail) {
      conditions.push(
        eb(
          'audit_log.actor_id',
          '=',
          eb.selectFrom('users').select('users.id').where('users.email', '=', input.actorEmail),
        ),
      );
    }
    if (input.from) conditions.push(eb('audit_log.created_at', '>=', input.from));
    if (input.to) conditions.push(eb('audit_log.created_at', '<=', input.to));
    return eb.and(conditions);
  };
  const rows = await db
    .selectFrom('audit_log')
    // A primary-key lookup per row of the page, in the same query: no N+1 for the actor's name.
    .leftJoin('users as u', 'u.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.entity_type as entityType',
      'audit_log.entity_id as entityId',
      'audit_log.before_json',
      'audit_log.after_json',
      'audit_log.ip',
      'audit_log.created_at as createdAt',
      'audit_log.actor_id as actorId',
      'u.full_name as actorName',
      'u.email as actorEmail',
    ])
    .where(filter)
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return {
    entries: rows.slice(0, input.pageSize).map(({ before_json, after_json, ...r }) => ({
      ...r,
      before: parseState(before_json),
      after: parseState(after_json),
    })),
    page: input.page,
    hasMore: rows.length > input.pageSize,
  };
}

/** The entity types present, for the filter's choices; served by the (entity_type, …) index. */
export async function auditEntityTypes(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('entity_type').distinct().orderBy('entity_type').execute();
  return rows.map((r) => r.entity_type);
}
