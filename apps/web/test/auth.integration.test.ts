import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { startWebTestEnv } from "./web-helpers";
import { readCookie, resolveSession, SESSION_COOKIE } from "../src/server/auth/sessions";

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
};

describe("accounts and sessions", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  beforeAll(async () => { t = await startWebTestEnv({ startWorkers: false }); });
  afterAll(() => t?.stop());

  it("signing up stores an argon2id hash, never the password, and sets an httpOnly session cookie", async () => {
    const cookies: string[] = [];
    const user = await t.as(null, cookies).auth.signUp({ email: "  Alice@Example.com ", password: "s3cret-enough-pass" });
    expect(user.email).toBe("alice@example.com");
    const row = await t.deps.prisma.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("s3cret-enough-pass");
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,};`));
    expect(cookies[0]).toContain("HttpOnly");
    expect(cookies[0]).toContain("SameSite=Lax");
    // Only a hash of the token is stored.
    const token = readCookie(cookies[0]!.split(";")[0], SESSION_COOKIE)!;
    const sessions = await t.deps.prisma.session.findMany({ where: { userId: row.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    expect((await resolveSession(t.deps.prisma, token))?.email).toBe("alice@example.com");
  });

  it("names what is wrong with a sign-up and stores nothing", async () => {
    const before = await t.deps.prisma.user.count();
    expect(await code(t.as(null).auth.signUp({ email: "alice@example.com", password: "another-long-pass" }))).toMatch(/^CONFLICT: an account with the email alice@example.com already exists/);
    expect(await code(t.as(null).auth.signUp({ email: "bob@example.com", password: "short" }))).toMatch(/^BAD_REQUEST: .*at least 10 characters/);
    expect(await code(t.as(null).auth.signUp({ email: "not-an-email", password: "long-enough-pass" }))).toMatch(/^BAD_REQUEST: .*valid email/);
    expect(await t.deps.prisma.user.count()).toBe(before);
  });

  it("signs in with the right password only, with the same answer for an unknown email", async () => {
    const cookies: string[] = [];
    expect(await code(t.as(null, cookies).auth.signIn({ email: "alice@example.com", password: "s3cret-enough-pass" }))).toBe("OK");
    expect(cookies).toHaveLength(1);
    expect(await code(t.as(null).auth.signIn({ email: "alice@example.com", password: "wrong-password" }))).toBe("UNAUTHORIZED: wrong email or password");
    expect(await code(t.as(null).auth.signIn({ email: "nobody@example.com", password: "wrong-password" }))).toBe("UNAUTHORIZED: wrong email or password");
  });

  it("locks an email after ten failed sign-ins", async () => {
    await t.signUp("carol@example.com");
    for (let i = 0; i < 10; i++) await code(t.as(null).auth.signIn({ email: "carol@example.com", password: `guess-${i}` }));
    expect(await code(t.as(null).auth.signIn({ email: "carol@example.com", password: "correct horse battery" }))).toMatch(/^TOO_MANY_REQUESTS: too many failed sign-ins/);
  });

  it("signing out revokes the session: the cookie no longer signs anyone in", async () => {
    const { api, token } = await t.signUp("dave@example.com");
    const cookies: string[] = [];
    const user = (await resolveSession(t.deps.prisma, token))!;
    await t.as(user, cookies).auth.signOut();
    expect(cookies[0]).toContain("Max-Age=0");
    expect(await resolveSession(t.deps.prisma, token)).toBeNull();
    expect(await api.auth.me()).toMatchObject({ email: "dave@example.com" }); // the old caller object still holds a stale user…
    expect(await code(t.as(await resolveSession(t.deps.prisma, token)).strategy.list({}))).toMatch(/^UNAUTHORIZED/); // …but a new request does not
  });

  it("lists a user's sessions and revokes one or all the others; another user's session cannot be revoked", async () => {
    const first = await t.signUp("erin@example.com");
    const secondCookies: string[] = [];
    await t.as(null, secondCookies).auth.signIn({ email: "erin@example.com", password: "correct horse battery" });
    const secondToken = readCookie(secondCookies[0]!.split(";")[0], SESSION_COOKIE)!;
    const sessions = await first.api.auth.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    const mallory = await t.signUp("mallory@example.com");
    expect(await mallory.api.auth.revokeSession({ sessionId: other.id })).toEqual({ revoked: 0 });
    expect(await resolveSession(t.deps.prisma, secondToken)).not.toBeNull();
    expect(await first.api.auth.revokeOtherSessions()).toEqual({ revoked: 1 });
    expect(await resolveSession(t.deps.prisma, secondToken)).toBeNull();
    expect(await resolveSession(t.deps.prisma, first.token)).not.toBeNull();
  });

  it("an expired session signs nobody in", async () => {
    const { token, user } = await t.signUp("frank@example.com");
    await t.deps.prisma.session.update({ where: { id: user.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveSession(t.deps.prisma, token)).toBeNull();
  });
});
