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
  db: Database;
  config: ApiConfig;
  /** Injected so tests can move time (session expiry, auto-cancel) without sleeping. */
  clock: () => Date;
  session: Session | null;
  req: RequestInfo;
  /** Appends a serialized Set-Cookie header to the response. */
  setCookie: (header: string) => void;
}
