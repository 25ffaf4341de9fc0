import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@tradelab/db/client";

export const SESSION_COOKIE = "tradelab_session";
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** lastSeenAt is refreshed at most this often, so reads do not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionUser {
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
}

export async function createSession(prisma: PrismaClient, userId: string, userAgent: string | null) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const session = await prisma.session.create({
    data: { userId, tokenHash: hashToken(token), userAgent: userAgent?.slice(0, 300) ?? null, expiresAt },
  });
  return { token, sessionId: session.id, expiresAt };
}

/** The signed-in user for a cookie token, or null when the token is unknown, expired or revoked. */
export async function resolveSession(prisma: PrismaClient, token: string | undefined | null): Promise<SessionUser | null> {
  if (!token || token.length > 100) return null;
  const session = await prisma.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  }
  return { sessionId: session.id, userId: session.userId, email: session.user.email, name: session.user.name };
}

export async function listSessions(prisma: PrismaClient, userId: string, currentSessionId: string) {
  const rows = await prisma.session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return rows.map((s) => ({
    id: s.id,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    current: s.id === currentSessionId,
  }));
}

/** Revokes one of the user's sessions (another user's id revokes nothing); returns how many were revoked. */
export async function revokeSession(prisma: PrismaClient, userId: string, sessionId: string) {
  const r = await prisma.session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return r.count;
}

export async function revokeOtherSessions(prisma: PrismaClient, userId: string, keepSessionId: string) {
  const r = await prisma.session.updateMany({ where: { userId, revokedAt: null, id: { not: keepSessionId } }, data: { revokedAt: new Date() } });
  return r.count;
}

/** Set-Cookie header value; `secure` when served over https. */
export function sessionCookie(token: string | null, opts: { secure: boolean; expiresAt?: Date }): string {
  const parts = [`${SESSION_COOKIE}=${token ?? ""}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (token && opts.expiresAt) parts.push(`Expires=${opts.expiresAt.toUTCString()}`);
  else parts.push("Max-Age=0");
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}
