// Password reset by an emailed single-use link (1 hour). Asking for one answers the same whether or
// not the address has an account, so the form cannot be used to find out who is a client.
import { generateToken, hashPassword, hashToken, invalidateUserSessions, tokenMatchesHash } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { enqueueEmail, passwordChangedMessage, passwordResetMessage } from '@damso/email';
import { emailShopName } from '../admin/shop-settings.ts';
import type { Actor, Deps } from '../shared/actor.ts';
import { Invalid } from '../shared/errors.ts';
import { clearLoginFailures, consume, emailKey, networkOf } from '../shared/rate-limit.ts';
import { assertNotBreached } from './passwords.ts';

export const RESET_TTL_MS = 60 * 60_000;

export async function requestPasswordReset(
  db: Database,
  actor: Actor,
  { email }: { email: string },
  { config, now }: Deps,
): Promise<{ ok: true }> {
  await consume(db, 'resetRequestByIp', networkOf(actor));
  // Keyed by the address whether or not it has an account, so the limit itself reveals nothing.
  await consume(db, 'resetRequestByEmail', emailKey(email), 'Too many reset emails asked for this address');
  await transaction(db, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'full_name', 'status'])
      .where('email', '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (user?.status !== 'active') return;
    // Only the newest link works: older ones die when a new one is asked for.
    await trx.deleteFrom('password_reset_tokens').where('user_id', '=', user.id).where('used_at', 'is', null).execute();
    const token = generateToken(32);
    await trx
      .insertInto('password_reset_tokens')
      .values({
        user_id: user.id,
        token_hash: hashToken(token),
        expires_at: new Date(now.getTime() + RESET_TTL_MS),
        created_at: now,
      })
      .execute();
    const link = new URL('/reset-password', config.publicUrl);
    link.searchParams.set('token', token);
    await enqueueEmail(
      trx,
      passwordResetMessage({
        storeName: await emailShopName(trx, config),
        to: user.email,
        fullName: user.full_name,
        link: link.toString(),
      }),
      now,
    );
  });
  return { ok: true };
}

const invalidLink = () =>
  new Invalid('This reset link is not valid any more (used, replaced or expired): ask for a new one.');

/** Sets the new password, ends every session and clears the address's failed logins. */
export async function resetPassword(
  db: Database,
  actor: Actor,
  { token, password }: { token: string; password: string },
  { config, now }: Deps,
): Promise<{ email: string }> {
  await consume(db, 'resetSubmitByIp', networkOf(actor));
  assertNotBreached(password, 'password');
  const found = await db
    .selectFrom('password_reset_tokens')
    .select(['id', 'token_hash', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!found || !tokenMatchesHash(token, found.token_hash) || found.used_at || found.expires_at <= now) {
    throw invalidLink();
  }
  const passwordHash = await hashPassword(password);
  const { email } = await transaction(db, async (trx) => {
    const row = await trx
      .selectFrom('password_reset_tokens')
      .innerJoin('users', 'users.id', 'password_reset_tokens.user_id')
      .select([
        'password_reset_tokens.id',
        'password_reset_tokens.used_at',
        'users.id as userId',
        'users.email',
        'users.full_name',
        'users.status',
      ])
      .where('password_reset_tokens.id', '=', found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    // Re-read under the lock: of two parallel uses of one link, only the first gets here unused.
    if (row.used_at || row.status !== 'active') throw invalidLink();
    await trx.updateTable('password_reset_tokens').set({ used_at: now }).where('id', '=', row.id).execute();
    // Following the emailed link proves the address, so an unverified account becomes verified.
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', row.userId).execute();
    await trx
      .updateTable('users')
      .set({ email_verified_at: now })
      .where('id', '=', row.userId)
      .where('email_verified_at', 'is', null)
      .execute();
    await invalidateUserSessions(trx, row.userId);
    await enqueueEmail(
      trx,
      passwordChangedMessage({
        storeName: await emailShopName(trx, config),
        to: row.email,
        fullName: row.full_name,
      }),
      now,
    );
    return { email: row.email };
  });
  await clearLoginFailures(db, email);
  return { email };
}
