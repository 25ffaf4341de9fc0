import { describe, expect, it } from "vitest";
import { sameItems } from "./same-items";

describe("sameItems", () => {
  const points = [{ t: 1, v: 1000 }];
  it("treats series rebuilt inline around the same points as the same", () => {
    expect(sameItems([{ label: "Wallet", points }], [{ label: "Wallet", points }])).toBe(true);
  });
  it("sees new points, another label, a colour added or a series more", () => {
    expect(sameItems([{ label: "Wallet", points }], [{ label: "Wallet", points: [...points] }])).toBe(false);
    expect(sameItems([{ label: "Wallet", points }], [{ label: "Run 2", points }])).toBe(false);
    expect(sameItems<{ label: string; points: typeof points; color?: string }>([{ label: "Wallet", points }], [{ label: "Wallet", points, color: "red" }])).toBe(false);
    expect(sameItems([{ label: "Wallet", points }], [{ label: "Wallet", points }, { label: "B", points }])).toBe(false);
  });
});
