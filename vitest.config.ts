import { defineConfig } from "vitest/config";

/**
 * One run for every test: `*.test.ts` (pure logic) and `*.integration.test.ts` (real PostgreSQL,
 * Docker + Freqtrade, fake-gcs-server). The global setup starts one embedded PostgreSQL and makes
 * sure the sandbox image and the default market data exist; each test file uses its own database.
 */
export default defineConfig({
  test: {
    include: ["apps/**/*.test.ts", "packages/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**", "e2e/**"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 900_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default"],
  },
});
