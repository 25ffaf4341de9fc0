import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { launchChromium, SCREENSHOT_DIR } from "./browser";
import { startPlatform, type Platform } from "./platform";

export interface E2eSession {
  platform: Platform;
  browser: Browser;
  baseUrl: string;
  /** A page in a fresh browser context (its own cookies) at a laptop's window size; page errors are logged. */
  newPage(): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * What each browser test starts: the platform by `npm start` on the test's own ports, and
 * Chromium. Called from the test file's beforeAll rather than a global setup: vitest runs every
 * project's global setup at the start, and the build would compete with the integration tests.
 */
export async function startE2eSession(ports: { webPort: number; runnerPort: number; pgPort: number }): Promise<E2eSession> {
  const started = Date.now();
  const platform = await startPlatform({
    ...ports,
    log: (l) => { if (/\[start\]|error|Error/.test(l) && !/\[postgres\]|market data/.test(l)) console.log(`[e2e platform] ${l}`); },
  });
  console.log(`[e2e] platform up at ${platform.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const browser = await launchChromium();
  return {
    platform,
    browser,
    baseUrl: platform.baseUrl,
    newPage: async () => {
      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      page.on("pageerror", (e) => console.error(`[browser] ${e.message}`));
      return page;
    },
    stop: async () => {
      await browser.close();
      await platform.stop();
    },
  };
}
