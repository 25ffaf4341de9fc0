"use client";
import Link from "next/link";

/** Any page that throws while rendering lands here instead of a blank screen. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="empty" role="alert">
      <h1>Something went wrong on this page</h1>
      <p className="error">{error.message || "unexpected error"}{error.digest ? ` (reference ${error.digest})` : ""}</p>
      <p className="row" style={{ justifyContent: "center" }}>
        <button type="button" onClick={reset}>Try again</button>
        <Link href="/strategies" className="button">Your strategies</Link>
      </p>
    </section>
  );
}
