// Admin console inputs: users, audit log and email outbox. The web filters and the API share them.
import { z } from 'zod';
import { signUpInput } from './auth.ts';
import { listCursor } from './orders.ts';
import { ROLES } from './roles.ts';

export const USER_STATUSES = ['active', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const ROLE_LABELS = { client: 'Client', employee: 'Employee', admin: 'Admin' } as const;

const page = z.number().int().min(1, 'Pages start at 1').max(1000, 'Narrow the filters to go further').default(1);
const pageSize = z.number().int().min(1).max(100).default(25);
const userId = z.number({ error: 'Choose a user' }).int().positive('Choose a user');

export const USER_SORTS = ['joined', 'name', 'email'] as const;
export type UserSort = (typeof USER_SORTS)[number];
/** Newest first by default; names and emails from A. */
export const defaultUserSortDir = (sort: UserSort) => (sort === 'joined' ? 'desc' : 'asc');
export const adminUsersListInput = z.object({
  q: z.string().trim().max(100, 'Search with at most 100 characters').optional(),
  role: z.enum(ROLES, { error: 'Choose a role from the list' }).optional(),
  status: z.enum(USER_STATUSES, { error: 'Choose a status from the list' }).optional(),
  page,
  pageSize,
  cursor: listCursor,
  /** Only sorts an index walks (users_created_cover_idx, users_name_created_idx, users_email_created_idx). */
  sort: z.enum(USER_SORTS).default('joined'),
  dir: z.enum(['asc', 'desc']).optional(),
});
export type AdminUsersListInput = z.input<typeof adminUsersListInput>;

/** An employee gets the sign-up rules (name, email, phone, password); the address counts as verified. */
export const createEmployeeInput = signUpInput;
export type CreateEmployeeInput = z.input<typeof createEmployeeInput>;

export const setRoleInput = z.object({
  userId,
  role: z.enum(ROLES, { error: 'Choose a role from the list' }),
});
export const userIdInput = z.object({ userId });

const optionalDate = z.coerce.date({ error: 'Enter a valid date' }).optional();
export const auditListInput = z
  .object({
    entityType: z.string().trim().max(40).optional(),
    entityId: z.string().trim().max(40).optional(),
    actorEmail: z.string().trim().toLowerCase().max(254).optional(),
    from: optionalDate,
    to: optionalDate,
    page,
    pageSize,
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'The end is before the start' });
export type AuditListInput = z.input<typeof auditListInput>;

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const outboxListInput = z.object({
  status: z.enum(OUTBOX_STATUSES, { error: 'Choose a status from the list' }).optional(),
  page,
  pageSize,
});
export const outboxIdInput = z.object({ id: z.number({ error: 'Choose an email' }).int().positive('Choose an email') });

/** The admin's page for one customer: its orders come a page at a time, newest first. */
export const customerOrdersInput = z.object({
  userId,
  page,
  pageSize: z.number().int().min(1).max(100).default(10),
  cursor: listCursor,
});
export const USER_NOTE_MAX = 2000;
export const userNoteForm = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'Write the note first')
    .max(USER_NOTE_MAX, `Keep the note under ${USER_NOTE_MAX.toLocaleString('en')} characters`),
});
export const addUserNoteInput = userNoteForm.extend({ userId });
export type UserNoteForm = z.input<typeof userNoteForm>;
