export * from "./market.js";
export * from "./backtest-request.js";
export * from "./backtest-status.js";
export * from "./backtest-result.js";
export * from "./jobs.js";
export * from "./chart-data.js";
export * from "./strategy-parameters.js";
