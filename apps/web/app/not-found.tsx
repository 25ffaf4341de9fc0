import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty">
      <h1>Page not found</h1>
      <p><Link href="/strategies">Your strategies</Link> · <Link href="/health">Platform health</Link></p>
    </section>
  );
}
