import { z } from "zod";
import { signIn, signInInput, signUp, signUpInput } from "../../auth/auth-service";
import { listSessions, revokeOtherSessions, revokeSession, sessionCookie } from "../../auth/sessions";
import { protectedProcedure, publicProcedure, router } from "../init";

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => (ctx.user ? { id: ctx.user.userId, email: ctx.user.email, name: ctx.user.name } : null)),
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await signUp(ctx.deps.prisma, input, ctx.userAgent);
    ctx.setCookie(sessionCookie(session.token, { secure: ctx.secure, expiresAt: session.expiresAt }));
    return user;
  }),
  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const { user, session } = await signIn(ctx.deps.prisma, input, ctx.userAgent);
    ctx.setCookie(sessionCookie(session.token, { secure: ctx.secure, expiresAt: session.expiresAt }));
    return user;
  }),
  signOut: protectedProcedure.mutation(async ({ ctx }) => {
    await revokeSession(ctx.deps.prisma, ctx.user.userId, ctx.user.sessionId);
    ctx.setCookie(sessionCookie(null, { secure: ctx.secure }));
    return { ok: true as const };
  }),
  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.deps.prisma, ctx.user.userId, ctx.user.sessionId)),
  revokeSession: protectedProcedure
    .input(z.object({ sessionId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => ({ revoked: await revokeSession(ctx.deps.prisma, ctx.user.userId, input.sessionId) })),
  revokeOtherSessions: protectedProcedure.mutation(async ({ ctx }) => ({
    revoked: await revokeOtherSessions(ctx.deps.prisma, ctx.user.userId, ctx.user.sessionId),
  })),
});
