// What every service is called with: `(db, actor, input)`, plus `deps` when it needs the configuration
// or the time. The API builds the actor and deps once per call (trpc.ts); a job acts as SYSTEM; the
// CLI tools pass no actor and are audited as the CLI.
import type { DB } from '@damso/db';
import { can, type Role } from '@damso/validators';
import type { Kysely, Transaction } from 'kysely';
import type { ApiConfig, SessionUser } from '../../context.ts';

/** The pool or a transaction: services that run inside a caller's transaction take either. */
export type Db = Kysely<DB> | Transaction<DB>;

/** Who calls: a signed-in user, a visitor (id and role null) or the system (a background job). */
export interface Actor {
  id: number | null;
  role: Role | 'system' | null;
  /** The caller's network, for rate limits and the audit log; null for the system. */
  ip: string | null;
}

/** A signed-in user, with the session they act from (a password change ends the others). */
export interface UserActor extends Actor, SessionUser {
  id: number;
  role: Role;
  /** Absent on the upload routes, which act for the user but never end or keep sessions. */
  sessionId?: string;
}

/** The one way a request's user becomes an actor: trpc.ts for every procedure, the upload routes too. */
export function userActor(user: SessionUser, ip: string, sessionId?: string): UserActor {
  return sessionId === undefined ? { ...user, ip } : { ...user, ip, sessionId };
}

export const SYSTEM: Actor = { id: null, role: 'system', ip: null };

/** The configuration and this call's time, from the injected clock (tests move it). */
export interface Deps {
  config: ApiConfig;
  now: Date;
}

export function isSignedIn(actor: Actor): actor is UserActor {
  return actor.id !== null && actor.role !== 'system' && actor.role !== null;
}

export function isStaff(role: Actor['role']): boolean {
  return role !== 'system' && can(role, 'desk:work');
}

/** Manages orders beyond the desk: refunds, and taking over another employee's claim. */
export function managesOrders(role: Actor['role']): boolean {
  return role !== 'system' && can(role, 'admin:orders');
}
