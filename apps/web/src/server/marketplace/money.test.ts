import { describe, expect, it } from "vitest";
import { formatCents, marketplaceSettings, splitPrice } from "./money";
import { addOneMonth, purchaseIdempotencyKey } from "./purchases";

describe("splitPrice", () => {
  it("gives the platform its fee and the seller the rest, adding up to the price", () => {
    expect(splitPrice(2500, 1000)).toEqual({ feeCents: 250, sellerCents: 2250 });
    expect(splitPrice(999, 1000)).toEqual({ feeCents: 100, sellerCents: 899 });
    expect(splitPrice(1, 1000)).toEqual({ feeCents: 0, sellerCents: 1 });
    expect(splitPrice(1500, 0)).toEqual({ feeCents: 0, sellerCents: 1500 });
    expect(splitPrice(1500, 10_000)).toEqual({ feeCents: 1500, sellerCents: 0 });
    for (const price of [1, 7, 333, 1999, 123_457]) {
      const { feeCents, sellerCents } = splitPrice(price, 1234);
      expect(feeCents + sellerCents).toBe(price);
    }
  });
});

describe("formatCents", () => {
  it("shows cents as the currency's amount", () => {
    expect(formatCents(12_345)).toBe("$123.45");
    expect(formatCents(10_000, "usd")).toBe("$100.00");
    expect(formatCents(5)).toBe("$0.05");
    expect(formatCents(-500)).toBe("-$5.00");
    expect(formatCents(1200, "eur")).toBe("€12.00");
    expect(formatCents(1_234_567, "USD")).toBe("$12,345.67");
  });
  it("keeps zero-decimal currencies whole (Stripe's amounts are in their smallest unit)", () => {
    expect(formatCents(500, "jpy")).toBe("¥500");
  });
});

describe("marketplaceSettings", () => {
  it("defaults to $100.00 of starting credits and a 10 % fee", () => {
    expect(marketplaceSettings({})).toEqual({ startingCreditsCents: 10_000, feeBps: 1000 });
    expect(marketplaceSettings({ MARKETPLACE_STARTING_CREDITS: "0", MARKETPLACE_FEE_BPS: "250" })).toEqual({ startingCreditsCents: 0, feeBps: 250 });
  });
  it("names a malformed value", () => {
    expect(() => marketplaceSettings({ MARKETPLACE_FEE_BPS: "12000" })).toThrow(/MARKETPLACE_FEE_BPS/);
    expect(() => marketplaceSettings({ MARKETPLACE_STARTING_CREDITS: "ten" })).toThrow(/MARKETPLACE_STARTING_CREDITS/);
  });
});

describe("monthly periods", () => {
  it("end on the same day next month, or on that month's last day", () => {
    expect(addOneMonth(new Date("2026-03-15T10:00:00Z")).toISOString()).toBe("2026-04-15T10:00:00.000Z");
    expect(addOneMonth(new Date("2026-01-31T08:30:00Z")).toISOString()).toBe("2026-02-28T08:30:00.000Z");
    expect(addOneMonth(new Date("2028-01-31T00:00:00Z")).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(addOneMonth(new Date("2026-12-31T23:59:00Z")).toISOString()).toBe("2027-01-31T23:59:00.000Z");
  });
  it("are charged once each: the ledger key names the month a period starts in", () => {
    expect(purchaseIdempotencyKey("L", "B", null)).toBe("purchase:L:B");
    expect(purchaseIdempotencyKey("L", "B", new Date("2026-11-22T13:00:00Z"))).toBe("purchase:L:B:2026-11");
  });
});
