import { z } from "zod";
import { isUniqueViolation, type PrismaClient } from "@tradelab/db/client";
import { AppError } from "@tradelab/runner/errors";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords";
import { createSession } from "./sessions";
import { SignInThrottle } from "./sign-in-throttle";

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email("enter a valid email address").max(254));
export const newPasswordSchema = z
  .string()
  .min(10, "the password must have at least 10 characters")
  .max(200, "the password must have at most 200 characters");
export const signUpInput = z.object({ email: emailSchema, password: newPasswordSchema, name: z.string().trim().max(100).optional() });
export const signInInput = z.object({ email: emailSchema, password: z.string().min(1, "enter your password").max(200) });

const throttle = new SignInThrottle();

/** TRADELAB_ADMIN_EMAILS (comma-separated) names the administrators; they are promoted when they sign up or in. */
function isAdminEmail(email: string): boolean {
  return (process.env.TRADELAB_ADMIN_EMAILS ?? "").split(",").some((e) => e.trim().toLowerCase() === email);
}

export async function signUp(prisma: PrismaClient, input: z.infer<typeof signUpInput>, userAgent: string | null) {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.user.create({
      data: { email: input.email, name: input.name || null, passwordHash, ...(isAdminEmail(input.email) ? { role: "ADMIN" as const } : {}) },
    });
    return { user: { id: user.id, email: user.email }, session: await createSession(prisma, user.id, userAgent) };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `an account with the email ${input.email} already exists: sign in instead`);
    throw e;
  }
}

export async function signIn(prisma: PrismaClient, input: z.infer<typeof signInInput>, userAgent: string | null) {
  const wait = throttle.retryAfterSeconds(input.email);
  if (wait > 0) throw new AppError("TOO_MANY_REQUESTS", `too many failed sign-ins for ${input.email}: try again in ${Math.ceil(wait / 60)} min`);
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !ok) {
    throttle.fail(input.email);
    throw new AppError("UNAUTHORIZED", "wrong email or password");
  }
  throttle.succeed(input.email);
  if (user.role !== "ADMIN" && isAdminEmail(user.email)) await prisma.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
  return { user: { id: user.id, email: user.email }, session: await createSession(prisma, user.id, userAgent) };
}
