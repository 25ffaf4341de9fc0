import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/server/auth/current-user";

export default async function Home() {
  if (await currentUser()) redirect("/strategies");
  return (
    <section className="landing">
      <h1>Write, backtest and compare Freqtrade strategies</h1>
      <p className="muted">
        Edit strategies in the browser with completions for Freqtrade and TA-Lib, run backtests in an isolated sandbox with a live
        log, and read the results on charts: trades on the candles, the strategy&apos;s indicators, equity and drawdown.
      </p>
      <p><Link href="/signup" className="button primary">Create an account</Link> <Link href="/signin" className="button">Sign in</Link></p>
    </section>
  );
}
