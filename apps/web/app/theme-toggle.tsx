"use client";
import { useEffect, useState } from "react";

export const THEME_SCRIPT = `try{document.documentElement.dataset.theme=localStorage.getItem("tradelab-theme")||"dark"}catch(e){}`;

export function ThemeToggle() {
  const [theme, setTheme] = useState<"dark" | "light">("dark");
  useEffect(() => setTheme((document.documentElement.dataset.theme as "dark" | "light") ?? "dark"), []);
  const toggle = () => {
    const next = theme === "dark" ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("tradelab-theme", next);
    window.dispatchEvent(new CustomEvent("tradelab-theme", { detail: next }));
    setTheme(next);
  };
  return (
    <button type="button" className="ghost" onClick={toggle} title="Switch between dark and light theme" aria-label="Toggle theme">
      {theme === "dark" ? "☀ Light" : "☾ Dark"}
    </button>
  );
}
