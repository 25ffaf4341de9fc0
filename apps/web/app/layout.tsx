import type { ReactNode } from "react";
import Link from "next/link";
import "./globals.css";
import { Providers } from "@/client/providers";
import { currentUser } from "@/server/auth/current-user";
import { UserMenu } from "./user-menu";
import { ThemeToggle, THEME_SCRIPT } from "./theme-toggle";

export const metadata = { title: "TradeLab — Freqtrade strategy IDE", description: "Write, backtest and deploy Freqtrade strategies" };
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser().catch(() => null);
  return (
    <html lang="en" data-theme="dark" suppressHydrationWarning>
      <head>
        {/* Applies the saved theme before the first paint. */}
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers>
          <header className="topbar">
            <Link href="/" className="brand">TradeLab</Link>
            <nav>
              {user && <Link href="/strategies">Strategies</Link>}
              {user && <Link href="/backtests">Runs</Link>}
              <Link href="/marketplace">Marketplace</Link>
              <Link href="/health">Health</Link>
            </nav>
            <div className="topbar-right">
              <ThemeToggle />
              {user ? <UserMenu email={user.email} /> : <><Link href="/signin">Sign in</Link><Link href="/signup" className="button">Sign up</Link></>}
            </div>
          </header>
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
