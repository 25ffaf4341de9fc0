import { defineConfig } from "vitest/config";

/**
 * Two projects, told apart by file name: `unit` (`*.test.ts`, pure logic, no services) and
 * `integration` (`*.integration.test.ts`: real PostgreSQL, Docker + Freqtrade, fake-gcs-server).
 * The integration project's global setup starts one embedded PostgreSQL (each test file makes its
 * own database) and makes sure the sandbox image and the default market data exist. `e2e`
 * (`e2e/*.e2e.test.ts`) drives Debian's Chromium with Playwright against the platform started by
 * `npm start`, after the other two.
 */
const roots = ["apps", "packages", "scripts", "test"];
const exclude = ["**/node_modules/**", "**/.next/**", "e2e/**"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 }, // the fast tests first
          include: roots.map((r) => `${r}/**/*.test.ts`),
          exclude: [...exclude, "**/*.integration.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: roots.map((r) => `${r}/**/*.integration.test.ts`),
          exclude,
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 1_800_000,
          pool: "forks",
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 2 },
          include: ["e2e/**/*.e2e.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 1_200_000,
          pool: "forks",
          maxWorkers: 1,
        },
      },
    ],
  },
});
