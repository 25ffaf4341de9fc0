"use client";
import Link from "next/link";
import { trpc } from "@/client/trpc";

export function UserMenu({ email }: { email: string }) {
  const signOut = trpc.auth.signOut.useMutation({ onSettled: () => (location.href = "/signin") });
  return (
    <span className="user-menu">
      <Link href="/account" data-testid="user-email">{email}</Link>
      <button type="button" className="ghost" onClick={() => signOut.mutate()} disabled={signOut.isPending}>Sign out</button>
    </span>
  );
}
