// Password reset by an emailed single-use link (1 hour). Asking for one answers the same whether or
// not the address has an account, so the form cannot be used to find out who is a client.
import { generateToken, hashPassword, hashToken, invalidateUserSessions, tokenMatchesHash } from '@damso/auth';
import { type Database, transaction } from '@damso/db';
import { enqueueEmail, passwordChangedMessage, passwordResetMessage } from '@damso/email';
import { TRPCError } from '@trpc/server';
import type { ApiConfig } from '../../context.ts';

export const RESET_TTL_MS = 60 * 60_000;

export async function requestPasswordReset(
  db: Database,
  config: ApiConfig,
  { email, now }: { email: string; now: Date },
): Promise<void> {
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
        storeName: config.storeName,
        to: user.email,
        fullName: user.full_name,
        link: link.toString(),
      }),
      now,
    );
  });
}

const invalidLink = () =>
  new TRPCError({
    code: 'BAD_REQUEST',
    message: 'This reset link is not valid any more (used, replaced or expired): ask for a new one.',
  });

export async function resetPassword(
  db: Database,
  config: ApiConfig,
  { token, password, now }: { token: string; password: string; now: Date },
): Promise<{ email: string }> {
  const found = await db
    .selectFrom('password_reset_tokens')
    .select(['id', 'token_hash', 'expires_at', 'used_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!found || !tokenMatchesHash(token, found.token_hash) || found.used_at || found.expires_at <= now) {
    throw invalidLink();
  }
  const passwordHash = await hashPassword(password);
  return transaction(db, async (trx) => {
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
      passwordChangedMessage({ storeName: config.storeName, to: row.email, fullName: row.full_name }),
      now,
    );
    return { email: row.email };
  });
}
