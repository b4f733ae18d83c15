// Email verification: one email carries a 6-digit code (15 min) and a link (24 h). The code is
// stored as an HMAC keyed with the server's secret, because a plain hash of a 6-digit number
// falls to a million guesses offline; the link token has 256 bits, so SHA-256 suffices.

import { timingSafeEqual } from 'node:crypto';
import { generateNumericCode, generateToken, hashToken, tokenMatchesHash } from '@damso/auth';
import { copyClientToOrders, type Database, transaction } from '@damso/db';
import { emailChangedMessage, enqueueEmail, verifyEmailMessage } from '@damso/email';
import type { ApiConfig } from '../../context.ts';
import { emailShopName } from '../admin/shop-settings.ts';
import type { Actor, Db, Deps, UserActor } from '../shared/actor.ts';
import { Conflict, Invalid, isDuplicateKey, TooMany } from '../shared/errors.ts';
import { consume, networkOf } from '../shared/rate-limit.ts';

export const CODE_TTL_MS = 15 * 60_000;
export const LINK_TTL_MS = 24 * 60 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
export const RESEND_COOLDOWN_MS = 60_000;

type Purpose = 'verify_email' | 'change_email';

function codeHash(config: ApiConfig, userId: number, code: string): string {
  return config.encryptor.fingerprint(`verify:${userId}:${code}`);
}

/** Supersedes any code still waiting, stores a new one and enqueues its email, in the caller's transaction. */
export async function issueVerification(
  trx: Db,
  config: ApiConfig,
  {
    userId,
    fullName,
    email,
    purpose,
    now,
  }: { userId: number; fullName: string; email: string; purpose: Purpose; now: Date },
): Promise<void> {
  await trx
    .updateTable('verification_codes')
    .set({ consumed_at: now })
    .where('user_id', '=', userId)
    .where('consumed_at', 'is', null)
    .execute();
  const code = generateNumericCode();
  const linkToken = generateToken(32);
  await trx
    .insertInto('verification_codes')
    .values({
      user_id: userId,
      purpose,
      email,
      code_hash: codeHash(config, userId, code),
      link_token_hash: hashToken(linkToken),
      code_expires_at: new Date(now.getTime() + CODE_TTL_MS),
      link_expires_at: new Date(now.getTime() + LINK_TTL_MS),
      created_at: now,
    })
    .execute();
  const link = new URL('/verify-email', config.publicUrl);
  link.searchParams.set('token', linkToken);
  await enqueueEmail(
    trx,
    verifyEmailMessage({
      storeName: await emailShopName(trx, config),
      to: email,
      fullName,
      code,
      link: link.toString(),
      changing: purpose === 'change_email',
    }),
    now,
  );
}

type Row = { id: number; user_id: number; purpose: Purpose; email: string };

/** Applies a correct code or link: marks the address verified, or swaps in the new address. */
async function apply(db: Database, config: ApiConfig, row: Row, now: Date): Promise<{ email: string }> {
  try {
    return await transaction(db, async (trx) => {
      // Claims the row: a second use of the same link or code in parallel finds nothing to update.
      const claimed = await trx
        .updateTable('verification_codes')
        .set({ consumed_at: now })
        .where('id', '=', row.id)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw usedError();
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email', 'full_name', 'pending_email'])
        .where('id', '=', row.user_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (row.purpose === 'verify_email') {
        if (user.email !== row.email) throw usedError();
        await trx.updateTable('users').set({ email_verified_at: now }).where('id', '=', user.id).execute();
        return { email: user.email };
      }
      if (user.pending_email !== row.email) throw usedError();
      await trx
        .updateTable('users')
        .set({ email: row.email, pending_email: null, email_verified_at: now })
        .where('id', '=', user.id)
        .execute();
      await copyClientToOrders(trx, user.id);
      await enqueueEmail(
        trx,
        emailChangedMessage({
          storeName: await emailShopName(trx, config),
          to: user.email,
          fullName: user.full_name,
          newEmail: row.email,
        }),
        now,
      );
      return { email: row.email };
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new Conflict('This email address is now used by another account.');
    throw error;
  }
}

const usedError = () => new Invalid('This code or link was already used or replaced by a newer one.');

/** The code typed by the signed-in user, counted per network like the link. */
export async function verifyCode(
  db: Database,
  actor: UserActor,
  { code }: { code: string },
  { config, now }: Deps,
): Promise<{ email: string }> {
  await consume(db, 'verifyByIp', networkOf(actor));
  const userId = actor.id;
  const row = await db
    .selectFrom('verification_codes')
    .select(['id', 'user_id', 'purpose', 'email', 'code_hash', 'code_expires_at'])
    .where('user_id', '=', userId)
    .where('consumed_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new Invalid('No code is waiting for this account: ask for a new one.');
  if (row.code_expires_at.getTime() <= now.getTime()) throw new Invalid('This code has expired: ask for a new one.');
  // The attempt is counted before the code is compared, in one conditional update, so of any number of
  // parallel guesses only the first MAX_CODE_ATTEMPTS are ever compared.
  const counted = await db
    .updateTable('verification_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('attempts', '<', MAX_CODE_ATTEMPTS)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) {
    throw new TooMany('This code was entered wrong too many times: ask for a new one.');
  }
  const expected = Buffer.from(row.code_hash, 'hex');
  const given = Buffer.from(codeHash(config, userId, code), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    const after = await db
      .selectFrom('verification_codes')
      .select('attempts')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    const left = Math.max(0, MAX_CODE_ATTEMPTS - after.attempts);
    throw new Invalid(
      left > 0
        ? `That code is not right. ${left} attempt${left === 1 ? '' : 's'} left.`
        : 'That code is not right, and it cannot be used any more: ask for a new one.',
    );
  }
  return apply(db, config, row, now);
}

/** The emailed link works without logging in: it may be opened on another device. */
export async function verifyLink(
  db: Database,
  actor: Actor,
  { token }: { token: string },
  { config, now }: Deps,
): Promise<{ email: string; signedIn: boolean; alreadyConfirmed: boolean }> {
  await consume(db, 'verifyByIp', networkOf(actor));
  const row = await db
    .selectFrom('verification_codes')
    .select(['id', 'user_id', 'purpose', 'email', 'link_token_hash', 'link_expires_at', 'consumed_at'])
    .where('link_token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || !tokenMatchesHash(token, row.link_token_hash)) {
    throw new Invalid('This link is not valid. Check that you copied all of it.');
  }
  const signedIn = actor.id === row.user_id;
  if (row.consumed_at) {
    // Confirmed meanwhile, with the code from the same email: the link has nothing left to do.
    if (row.purpose === 'verify_email' && (await isVerifiedAddress(db, row.user_id, row.email))) {
      return { email: row.email, signedIn, alreadyConfirmed: true };
    }
    throw usedError();
  }
  if (row.link_expires_at.getTime() <= now.getTime()) {
    throw new Invalid('This link has expired: log in and ask for a new one.');
  }
  const { email } = await apply(db, config, row, now);
  return { email, signedIn, alreadyConfirmed: false };
}

async function isVerifiedAddress(db: Database, userId: number, email: string): Promise<boolean> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('email', '=', email)
    .where('email_verified_at', 'is not', null)
    .executeTakeFirst();
  return user !== undefined;
}

/** Sends a fresh code and link, at most once a minute, for whatever the account is waiting to verify. */
export async function resendVerification(db: Database, actor: UserActor, { config, now }: Deps) {
  await consume(db, 'resendByUser', String(actor.id), 'Too many codes asked for');
  const userId = actor.id;
  return transaction(db, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'email', 'full_name', 'email_verified_at', 'pending_email'])
      .where('id', '=', userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const last = await trx
      .selectFrom('verification_codes')
      .select('created_at')
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const wait = last ? last.created_at.getTime() + RESEND_COOLDOWN_MS - now.getTime() : 0;
    if (wait > 0) {
      throw new TooMany(
        `We just sent a code. Please wait ${Math.ceil(wait / 1000)} seconds before asking for another.`,
        wait,
      );
    }
    const purpose: Purpose | null = user.pending_email
      ? 'change_email'
      : user.email_verified_at
        ? null
        : 'verify_email';
    if (!purpose) throw new Invalid('Your email address is already verified.');
    const email = user.pending_email ?? user.email;
    await issueVerification(trx, config, { userId, fullName: user.full_name, email, purpose, now });
    return { email };
  });
}
