import type { NextConfig } from "next";
import path from "node:path";

const config: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@tradelab/contracts", "@tradelab/runner"],
  turbopack: { root: path.resolve(import.meta.dirname, "../..") },
  poweredByHeader: false,
};
export default config;
