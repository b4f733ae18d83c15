// The signed-in user's own profile: name, phone, password and email address.
import { hashPassword, invalidateUserSessions, verifyPassword } from '@damso/auth';
import { copyClientToOrders, type Database, transaction } from '@damso/db';
import { enqueueEmail, passwordChangedMessage } from '@damso/email';
import { type changeEmailInput, type changePasswordInput, toE164, type updateProfileInput } from '@damso/validators';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { z } from 'zod';
import { emailShopName } from '../admin/shop-settings.ts';
import { commentsChanged } from '../catalog/cache.ts';
import type { Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Invalid, isDuplicateKey } from '../shared/errors.ts';
import { consume } from '../shared/rate-limit.ts';
import { assertNotBreached } from './passwords.ts';
import { findUserByEmail } from './users.ts';
import { issueVerification } from './verification.ts';

async function checkCurrentPassword(db: Database, userId: number, password: string) {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, password))) {
    throw new Invalid('Your current password is not right', { field: 'currentPassword' });
  }
}

export async function getProfile(db: Database, actor: UserActor) {
  const u = await db
    .selectFrom('users')
    .select(['email', 'pending_email', 'full_name', 'phone', 'role', 'email_verified_at', 'created_at'])
    .where('id', '=', actor.id)
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

export async function updateProfile(db: Database, actor: UserActor, input: z.output<typeof updateProfileInput>) {
  const phone = toE164(input.phone, input.phoneCountry);
  if (!phone) throw new Invalid('This is not a valid phone number for the chosen country', { field: 'phone' });
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ full_name: input.fullName, phone }).where('id', '=', actor.id).execute();
    // Their comments show the name ("Chloe C."), and staff find their orders by it.
    await commentsChanged(trx);
    await copyClientToOrders(trx, actor.id);
  });
  return { fullName: input.fullName, phone };
}

/** Ends every other session, so a thief logged in elsewhere is out as soon as the owner changes it. */
export async function changePassword(
  db: Database,
  actor: UserActor,
  input: z.output<typeof changePasswordInput>,
  { config, now }: Deps,
) {
  await consume(db, 'changeByUser', String(actor.id));
  await checkCurrentPassword(db, actor.id, input.currentPassword);
  assertNotBreached(input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  const ended = await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', actor.id).execute();
    const count = await invalidateUserSessions(trx, actor.id, actor.sessionId);
    await enqueueEmail(
      trx,
      passwordChangedMessage({
        storeName: await emailShopName(trx, config),
        to: actor.email,
        fullName: actor.fullName,
      }),
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
  actor: UserActor,
  input: z.output<typeof changeEmailInput>,
  { config, now }: Deps,
) {
  await consume(db, 'changeByUser', String(actor.id));
  await checkCurrentPassword(db, actor.id, input.currentPassword);
  if (input.newEmail === actor.email) {
    throw new Invalid('This is already your email address', { field: 'newEmail' });
  }
  const taken = () => new Conflict('This email is already registered to another account', { field: 'newEmail' });
  if (await findUserByEmail(db, input.newEmail)) throw taken();
  const verified = actor.emailVerified;
  try {
    await transaction(db, async (trx) => {
      await trx
        .updateTable('users')
        .set(verified ? { pending_email: input.newEmail } : { email: input.newEmail, pending_email: null })
        .where('id', '=', actor.id)
        .execute();
      if (!verified) await copyClientToOrders(trx, actor.id);
      await issueVerification(trx, config, {
        userId: actor.id,
        fullName: actor.fullName,
        email: input.newEmail,
        purpose: verified ? 'change_email' : 'verify_email',
        now,
      });
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw taken();
    throw error;
  }
  return { pendingEmail: verified ? input.newEmail : null, email: verified ? actor.email : input.newEmail };
}

export async function cancelEmailChange(db: Database, actor: UserActor, { now }: Deps) {
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ pending_email: null }).where('id', '=', actor.id).execute();
    await trx
      .updateTable('verification_codes')
      .set({ consumed_at: now })
      .where('user_id', '=', actor.id)
      .where('purpose', '=', 'change_email')
      .where('consumed_at', 'is', null)
      .execute();
  });
  return { ok: true };
}
