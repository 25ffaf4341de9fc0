"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { trpc } from "@/client/trpc";

/** Sign-in and sign-up share the form; the server names what is wrong (taken email, short password…). */
export function AuthForm({ mode }: { mode: "signin" | "signup" }) {
  const params = useSearchParams();
  const next = params.get("next")?.startsWith("/") ? params.get("next")! : "/strategies";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const onSuccess = () => (location.href = next);
  const signIn = trpc.auth.signIn.useMutation({ onSuccess });
  const signUp = trpc.auth.signUp.useMutation({ onSuccess });
  const m = mode === "signin" ? signIn : signUp;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ email, password });
  };
  return (
    <form className="auth-form card" onSubmit={submit} noValidate>
      <h1>{mode === "signin" ? "Sign in" : "Create your account"}</h1>
      <label>
        Email
        <input type="email" name="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
      </label>
      <label>
        Password
        <input
          type="password"
          name="password"
          autoComplete={mode === "signin" ? "current-password" : "new-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          minLength={mode === "signup" ? 10 : undefined}
        />
        {mode === "signup" && <small className="muted">At least 10 characters.</small>}
      </label>
      {m.error && <p className="error" role="alert">{m.error.message}</p>}
      <button type="submit" className="primary" disabled={m.isPending}>
        {m.isPending ? "…" : mode === "signin" ? "Sign in" : "Sign up"}
      </button>
      <p className="muted">
        {mode === "signin" ? <>No account yet? <Link href={`/signup?next=${encodeURIComponent(next)}`}>Sign up</Link></> : <>Have an account? <Link href={`/signin?next=${encodeURIComponent(next)}`}>Sign in</Link></>}
      </p>
    </form>
  );
}
