/**
 * Builds the sandbox image if its input-hash tag is missing, and prints the tag on stdout.
 *   npx tsx scripts/build-sandbox-image.ts            # build when missing
 *   npx tsx scripts/build-sandbox-image.ts --force    # rebuild (the base layer stays cached)
 *   npx tsx scripts/build-sandbox-image.ts --print-tag
 * Build output goes to stderr. Needs root (debootstrap/chroot) and a running dockerd.
 */
import { ensureSandboxImage, sandboxImageTag } from "../apps/runner/src/sandbox/sandbox-image.js";

async function main() {
  const args = new Set(process.argv.slice(2));
  if (args.has("--print-tag")) {
    console.log(sandboxImageTag());
    return;
  }
  const tag = await ensureSandboxImage({
    force: args.has("--force"),
    log: (line) => console.error(`[sandbox-image] ${line}`),
  });
  console.log(tag);
}

main().catch((e: Error) => {
  console.error(`[sandbox-image] ${e.message}`);
  process.exit(1);
});
