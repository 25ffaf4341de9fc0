-- Hand-written (Prisma cannot state partial indexes): what the marketplace search needs on public
-- listings. The filter indexes let a text query filtered by timeframe or price combine bitmaps
-- instead of reading every text match; the sort indexes let a broad query's first page in that
-- order stop after `limit` rows. Measured in scripts/bench-marketplace-search.ts.
CREATE INDEX "Listing_public_timeframe_idx" ON "Listing" ("timeframe") WHERE "status" = 'PUBLISHED' AND "hiddenAt" IS NULL;
CREATE INDEX "Listing_public_price_idx" ON "Listing" ("priceCents") WHERE "status" = 'PUBLISHED' AND "hiddenAt" IS NULL;
CREATE INDEX "Listing_public_profit_idx" ON "Listing" ("profitRatio" DESC NULLS LAST) WHERE "status" = 'PUBLISHED' AND "hiddenAt" IS NULL;
CREATE INDEX "Listing_public_drawdown_idx" ON "Listing" ("maxDrawdownRatio" ASC NULLS LAST) WHERE "status" = 'PUBLISHED' AND "hiddenAt" IS NULL;
CREATE INDEX "Listing_public_rating_idx" ON "Listing" ("ratingAvg" DESC NULLS LAST) WHERE "status" = 'PUBLISHED' AND "hiddenAt" IS NULL;
