/** Where the results page gets one pair's chart data (see src/server/backtest/http-routes.ts). */
export const chartUrl = (runId: string, pair: string) => `/api/backtests/${runId}/chart?pair=${encodeURIComponent(pair)}`;
