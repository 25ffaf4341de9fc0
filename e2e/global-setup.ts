import "vitest";
import type { TestProject } from "vitest/node";
import { startPlatform } from "./platform";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One platform for all browser tests, started with the README's `npm start`. */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const platform = await startPlatform({
    webPort: 3110,
    runnerPort: 4110,
    pgPort: 54340,
    log: (l) => { if (/\[start\]|error|Error/.test(l)) console.log(`[e2e platform] ${l}`); },
  });
  console.log(`[e2e] platform up at ${platform.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("baseUrl", platform.baseUrl);
  return () => platform.stop();
}
