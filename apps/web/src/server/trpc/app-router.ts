import { router } from "./init";
import { authRouter } from "./routers/auth";
import { backtestRouter } from "./routers/backtest";
import { strategyRouter } from "./routers/strategy";

export const appRouter = router({ auth: authRouter, strategy: strategyRouter, backtest: backtestRouter });
export type AppRouter = typeof appRouter;
