// Turns a procedure's context into the actor and dependencies the order services take.
import type { AppContext, SessionUser } from '../../context.ts';
import type { Actor } from '../../services/orders/common.ts';

export function actorOf(ctx: AppContext & { user: SessionUser }): Actor & { id: number } {
  return { id: ctx.user.id, role: ctx.user.role, ip: ctx.req.ip };
}

export function depsOf(ctx: AppContext) {
  return { config: ctx.config, now: ctx.clock() };
}
