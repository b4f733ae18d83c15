import type { Encryptor } from '@damso/auth';
import type { Database } from '@damso/db';
import type { FileStore } from '@damso/storage';
import type { PermissionTable, Role } from '@damso/validators';

export interface ApiConfig {
  storeName: string;
  currency: string;
  /** Origin the browser uses, e.g. http://localhost:3000; links in emails start with it. */
  publicUrl: string;
  /** Offer images (offers/) and payment receipts (receipts/): a local folder or a bucket. */
  storage: FileStore;
  production: boolean;
  /** Encrypts stock codes and delivery details at rest. */
  encryptor: Encryptor;
  /** The role → permission table; the product's PERMISSIONS unless a test grants otherwise. */
  permissions?: PermissionTable;
  /** Keep catalog answers in memory (services/catalog/cache.ts); off unless the server turns it on. */
  catalogCache?: boolean;
  /** How long a statistics overview is reused (services/stats/cache.ts); 0 or unset computes each time. */
  statsCacheSeconds?: number;
  /** ORDER_PAYMENT_TIMEOUT_HOURS: unpaid orders are cancelled this long after they last awaited payment (48 unset). */
  paymentTimeoutHours?: number;
  /** Web push (services/notifications/push.ts); unset, the keys are made once and kept in the settings table. */
  push?: PushConfig;
}

export interface PushConfig {
  /** VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, when the operator sets them. */
  keys?: { publicKey: string; privateKey: string };
  /** VAPID_SUBJECT: how a push service reaches the shop's operator (mailto: or https:). */
  subject: string;
}

export interface SessionUser {
  id: number;
  email: string;
  fullName: string;
  role: Role;
  emailVerified: boolean;
}

export interface Session {
  id: string;
  expiresAt: Date;
  user: SessionUser;
}

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export interface AppContext {
  /** The primary: every transaction, every write, and every read of a user's own data. */
  db: Database;
  /**
   * For reads that may be a few seconds stale (catalog, offer pages, comments, statistics): the read
   * replica when one is configured, healthy, and this browser has not just written; else `db` itself.
   */
  readDb: Database;
  /** This browser wrote a moment ago (read-your-writes, with a replica): its catalog reads skip the cache. */
  justWrote?: boolean;
  /** Told once a mutation succeeded, so this browser's next reads come from the primary for a while. */
  onWrite?: () => void;
  /** Told when a read on `readDb` could not reach the replica; the query then runs again on `db`. */
  onReplicaError?: (error: unknown) => void;
  config: ApiConfig;
  /** Injected so tests can move time (session expiry, auto-cancel) without sleeping. */
  clock: () => Date;
  session: Session | null;
  req: RequestInfo;
  /** Appends a serialized Set-Cookie header to the response. */
  setCookie: (header: string) => void;
}
