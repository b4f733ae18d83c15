// The signed-in user's own profile: name, phone, password and email address.
import { hashPassword, invalidateUserSessions, verifyPassword } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { enqueueEmail, passwordChangedMessage } from '@damso/email';
import { type changeEmailInput, type changePasswordInput, toE164, type updateProfileInput } from '@damso/validators';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { z } from 'zod';
import type { ApiConfig, SessionUser } from '../../context.ts';
import { consume } from '../rate-limit.ts';
import { fieldError, isDuplicateKey } from './errors.ts';
import { assertNotBreached } from './passwords.ts';
import { issueVerification } from './verification.ts';

/** Who changes their own account: the user and the session they act from. */
export interface Me {
  user: SessionUser;
  sessionId: string;
}

async function checkCurrentPassword(db: Database, userId: number, password: string) {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, password))) {
    throw fieldError('BAD_REQUEST', 'currentPassword', 'Your current password is not right');
  }
}

export async function getProfile(db: Database, me: Me) {
  const u = await db
    .selectFrom('users')
    .select(['email', 'pending_email', 'full_name', 'phone', 'role', 'email_verified_at', 'created_at'])
    .where('id', '=', me.user.id)
    .executeTakeFirstOrThrow();
  return {
    email: u.email,
    pendingEmail: u.pending_email,
    fullName: u.full_name,
    phone: u.phone,
    phoneCountry: parsePhoneNumberFromString(u.phone)?.country ?? null,
    role: u.role,
    emailVerified: u.email_verified_at !== null,
    createdAt: u.created_at,
  };
}

export async function updateProfile(db: Database, me: Me, input: z.output<typeof updateProfileInput>) {
  const phone = toE164(input.phone, input.phoneCountry);
  if (!phone) throw fieldError('BAD_REQUEST', 'phone', 'This is not a valid phone number for the chosen country');
  await db.updateTable('users').set({ full_name: input.fullName, phone }).where('id', '=', me.user.id).execute();
  return { fullName: input.fullName, phone };
}

/** Ends every other session, so a thief logged in elsewhere is out as soon as the owner changes it. */
export async function changePassword(
  db: Database,
  config: ApiConfig,
  now: Date,
  me: Me,
  input: z.output<typeof changePasswordInput>,
) {
  await consume(db, 'changeByUser', String(me.user.id));
  await checkCurrentPassword(db, me.user.id, input.currentPassword);
  assertNotBreached(input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', me.user.id).execute();
    const count = await invalidateUserSessions(trx, me.user.id, me.sessionId);
    await enqueueEmail(
      trx,
      passwordChangedMessage({ storeName: config.storeName, to: me.user.email, fullName: me.user.fullName }),
      now,
    );
    return count;
  });
  return { endedSessions: ended };
}

/**
 * A verified address stays in use until the new one is confirmed with its code or link. An
 * unverified account has nothing worth keeping, so its address is replaced at once (a typo fix).
 */
export async function changeEmail(
  db: Database,
  config: ApiConfig,
  now: Date,
  me: Me,
  input: z.output<typeof changeEmailInput>,
) {
  await consume(db, 'changeByUser', String(me.user.id));
  await checkCurrentPassword(db, me.user.id, input.currentPassword);
  if (input.newEmail === me.user.email) {
    throw fieldError('BAD_REQUEST', 'newEmail', 'This is already your email address');
  }
  const taken = await db.selectFrom('users').select('id').where('email', '=', input.newEmail).executeTakeFirst();
  if (taken) throw fieldError('CONFLICT', 'newEmail', 'This email is already registered to another account');
  const verified = me.user.emailVerified;
  try {
    await transaction(db, async (trx) => {
      await trx
        .updateTable('users')
        .set(verified ? { pending_email: input.newEmail } : { email: input.newEmail, pending_email: null })
        .where('id', '=', me.user.id)
        .execute();
      await issueVerification(trx, config, {
        userId: me.user.id,
        fullName: me.user.fullName,
        email: input.newEmail,
        purpose: verified ? 'change_email' : 'verify_email',
        now,
      });
    });
  } catch (error) {
    if (isDuplicateKey(error))
      throw fieldError('CONFLICT', 'newEmail', 'This email is already registered to another account');
    throw error;
  }
  return { pendingEmail: verified ? input.newEmail : null, email: verified ? me.user.email : input.newEmail };
}

export async function cancelEmailChange(db: Database, now: Date, me: Me) {
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ pending_email: null }).where('id', '=', me.user.id).execute();
    await trx
      .updateTable('verification_codes')
      .set({ consumed_at: now })
      .where('user_id', '=', me.user.id)
      .where('purpose', '=', 'change_email')
      .where('consumed_at', 'is', null)
      .execute();
  });
  return { ok: true };
}
