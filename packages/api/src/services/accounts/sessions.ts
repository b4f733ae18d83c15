// Session cookies for the procedures: start one at sign-up or login, end it at logout.
import { clearSessionCookie, createSession, invalidateSession, sessionCookie } from '@damso/auth';
import type { Database } from '@damso/db';
import type { AppContext } from '../../context.ts';

const secure = (ctx: AppContext) => ctx.config.publicUrl.startsWith('https://');

export async function startSession(ctx: AppContext, db: Database, userId: number): Promise<void> {
  const now = ctx.clock();
  const session = await createSession(db, userId, now);
  ctx.setCookie(sessionCookie(session.token, session.expiresAt, { secure: secure(ctx), now }));
}

export async function endSession(ctx: AppContext): Promise<void> {
  if (ctx.session) await invalidateSession(ctx.db, ctx.session.id);
  ctx.setCookie(clearSessionCookie({ secure: secure(ctx) }));
}
