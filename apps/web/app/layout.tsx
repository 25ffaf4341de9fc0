import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "TradeLab — Freqtrade strategy IDE", description: "Write, backtest and deploy Freqtrade strategies" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">TradeLab</a>
          <nav><a href="/health">Platform health</a></nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
