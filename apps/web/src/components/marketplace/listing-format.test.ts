import { describe, expect, it } from "vitest";
import { centsToDollarsText, parseDollars, priceLabel, ratingLabel, stars } from "./listing-format";

describe("listing wording", () => {
  it("prices: free, one-time and monthly", () => {
    expect(priceLabel("FREE", 0, "usd")).toBe("Free");
    expect(priceLabel("ONE_TIME", 2500, "usd")).toBe("$25.00");
    expect(priceLabel("MONTHLY", 900, "usd")).toBe("$9.00 / month");
    expect(priceLabel("ONE_TIME", 123456, "usd")).toBe("$1,234.56");
  });

  it("ratings as stars, rounded to whole stars", () => {
    expect(stars(4.3)).toBe("★★★★☆");
    expect(stars(4.5)).toBe("★★★★★");
    expect(stars(1)).toBe("★☆☆☆☆");
    expect(ratingLabel(4.25, 4)).toBe("★★★★☆ 4.3 (4)");
    expect(ratingLabel(null, 0)).toBe("No reviews yet");
  });

  it("reads a typed price in dollars", () => {
    expect(parseDollars("25")).toEqual({ cents: 2500 });
    expect(parseDollars("$1,000.5")).toEqual({ cents: 100050 });
    expect(parseDollars("19.99")).toEqual({ cents: 1999 });
    expect(parseDollars("0.29")).toEqual({ cents: 29 }); // 0.29 * 100 is 28.999… in floating point
    expect(parseDollars("ten")).toHaveProperty("error");
    expect(parseDollars("1.234")).toHaveProperty("error");
    expect(parseDollars("-5")).toHaveProperty("error");
  });

  it("shows cents back in the price field", () => {
    expect(centsToDollarsText(2500)).toBe("25");
    expect(centsToDollarsText(1999)).toBe("19.99");
    expect(centsToDollarsText(50)).toBe("0.50");
  });
});
