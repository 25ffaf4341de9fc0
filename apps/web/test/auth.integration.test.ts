import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startWebTestEnv } from "./web-helpers";
import { readCookie, resolveSession, SESSION_COOKIE } from "../src/server/auth/sessions";

describe("accounts and sessions, over HTTP", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  beforeAll(async () => { t = await startWebTestEnv({ startWorkers: false }); });
  afterAll(() => t?.stop());

  it("signing up stores an argon2id hash, never the password, and sets an httpOnly session cookie", async () => {
    const res = await t.anonymous().fetch("http://web.test/api/trpc/auth.signUp", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "  Alice@Example.com ", password: "s3cret-enough-pass" }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).result.data.email).toBe("alice@example.com");
    const row = await t.deps.prisma.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("s3cret-enough-pass");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{40,};`));
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure"); // plain http here; https requests get Secure
    // Only a hash of the token is stored.
    const token = readCookie(cookie.split(";")[0], SESSION_COOKIE)!;
    const sessions = await t.deps.prisma.session.findMany({ where: { userId: row.id } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    expect((await resolveSession(t.deps.prisma, token))?.email).toBe("alice@example.com");
  });

  it("names what is wrong with a sign-up and stores nothing", async () => {
    const before = await t.deps.prisma.user.count();
    const api = t.anonymous().api;
    expect(await failure(api.auth.signUp({ email: "alice@example.com", password: "another-long-pass" }))).toBe("CONFLICT: an account with the email alice@example.com already exists: sign in instead");
    expect(await failure(api.auth.signUp({ email: "bob@example.com", password: "short" }))).toBe("BAD_REQUEST: password: the password must have at least 10 characters");
    expect(await failure(api.auth.signUp({ email: "not-an-email", password: "long-enough-pass" }))).toBe("BAD_REQUEST: email: enter a valid email address");
    expect(await t.deps.prisma.user.count()).toBe(before);
  });

  it("signs in with the right password only, with the same answer for an unknown email", async () => {
    const b = t.anonymous();
    expect(await b.api.auth.signIn({ email: "alice@example.com", password: "s3cret-enough-pass" })).toMatchObject({ email: "alice@example.com" });
    expect(await b.api.auth.me()).toMatchObject({ email: "alice@example.com" });
    expect(await failure(t.anonymous().api.auth.signIn({ email: "alice@example.com", password: "wrong-password" }))).toBe("UNAUTHORIZED: wrong email or password");
    expect(await failure(t.anonymous().api.auth.signIn({ email: "nobody@example.com", password: "wrong-password" }))).toBe("UNAUTHORIZED: wrong email or password");
  });

  it("locks an email after ten failed sign-ins", async () => {
    await t.signUp("carol@example.com");
    const api = t.anonymous().api;
    for (let i = 0; i < 10; i++) await failure(api.auth.signIn({ email: "carol@example.com", password: `guess-${i}` }));
    expect(await failure(api.auth.signIn({ email: "carol@example.com", password: "correct horse battery" }))).toMatch(/^TOO_MANY_REQUESTS: too many failed sign-ins for carol@example.com/);
  });

  it("signing out revokes the session: the old cookie no longer signs anyone in", async () => {
    const dave = await t.signUp("dave@example.com");
    const stolen = t.anonymous();
    stolen.jar.token = dave.token; // a copy of the cookie, kept after sign-out
    expect(await stolen.api.auth.me()).toMatchObject({ email: "dave@example.com" });
    await dave.api.auth.signOut();
    expect(dave.jar.token).toBeNull(); // the browser's cookie was cleared
    expect(await stolen.api.auth.me()).toBeNull();
    expect(await failure(stolen.api.strategy.list({}))).toBe("UNAUTHORIZED: sign in to continue");
  });

  it("lists a user's sessions and revokes one or all the others; another user's session cannot be revoked", async () => {
    const first = await t.signUp("erin@example.com");
    const second = t.anonymous();
    await second.api.auth.signIn({ email: "erin@example.com", password: "correct horse battery" });
    const sessions = await first.api.auth.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    const mallory = await t.signUp("mallory@example.com");
    expect(await mallory.api.auth.revokeSession({ sessionId: other.id })).toEqual({ revoked: 0 });
    expect(await second.api.auth.me()).toMatchObject({ email: "erin@example.com" });
    expect(await first.api.auth.revokeOtherSessions()).toEqual({ revoked: 1 });
    expect(await second.api.auth.me()).toBeNull();
    expect(await first.api.auth.me()).toMatchObject({ email: "erin@example.com" });
  });

  it("an expired session signs nobody in", async () => {
    const frank = await t.signUp("frank@example.com");
    await t.deps.prisma.session.updateMany({ where: { user: { email: "frank@example.com" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await frank.api.auth.me()).toBeNull();
  });
});
