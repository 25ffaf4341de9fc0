import { defineConfig } from "vitest/config";

/**
 * Two projects, told apart by file name: `unit` (`*.test.ts`, pure logic, no services) and
 * `integration` (`*.integration.test.ts`: real PostgreSQL, Docker + Freqtrade, fake-gcs-server).
 * The integration project's global setup starts one embedded PostgreSQL (each test file makes its
 * own database) and makes sure the sandbox image and the default market data exist.
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
    ],
  },
});
