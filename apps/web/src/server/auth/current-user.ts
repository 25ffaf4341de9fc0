import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getWebDeps } from "../deps";
import { resolveSession, SESSION_COOKIE } from "./sessions";

/** The signed-in user in a server component, or null. */
export async function currentUser() {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(getWebDeps().prisma, token);
}

/** For pages that need a user: sends others to sign in, and back afterwards. */
export async function requireUser(returnTo: string) {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return user;
}
