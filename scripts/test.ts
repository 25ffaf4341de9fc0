/**
 * `npm test`: every test — unit, integration (real PostgreSQL, Docker + Freqtrade, fake-gcs-server).
 * Ends with the plain line "tests: N passed, N failed[, N skipped]".
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const report = path.join(root, ".data", "test-report.json");
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });

const args = process.argv.slice(2);
const run = spawnSync(
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
  { cwd: root, stdio: "inherit" },
);

if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  const skipped = r.numPendingTests + r.numTodoTests;
  // A test file that fails to load counts as failed even though none of its tests ran.
  let failed = r.numFailedTests + (r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  // An error outside any test (a setup failure, an unhandled rejection) fails the run too.
  if (run.status !== 0 && failed === 0) failed = 1;
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
} else {
  console.log("tests: 0 passed, 1 failed (vitest wrote no report)");
}
process.exit(run.status ?? 1);
