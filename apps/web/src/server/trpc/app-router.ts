import { router } from "./init";
import { authRouter } from "./routers/auth";
import { backtestRouter } from "./routers/backtest";
import { chatRouter } from "./routers/chat";
import { marketplaceRouter } from "./routers/marketplace";
import { strategyRouter } from "./routers/strategy";

export const appRouter = router({ auth: authRouter, strategy: strategyRouter, backtest: backtestRouter, chat: chatRouter, marketplace: marketplaceRouter });
export type AppRouter = typeof appRouter;
