import { describe, expect, it } from "vitest";
import { LogHub } from "../../src/logs/log-hub.js";

const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe("LogHub", () => {
  it("replays earlier lines, then follows live ones until the job closes", async () => {
    const hub = new LogHub();
    hub.open("j");
    hub.push("j", "a");
    hub.push("j", "b");
    const followed = collect(hub.follow("j", 1));
    await new Promise((r) => setTimeout(r, 5));
    hub.push("j", "c");
    hub.close("j");
    expect(await followed).toEqual([{ seq: 1, line: "b" }, { seq: 2, line: "c" }]);
    expect(hub.isLive("j")).toBe(false);
  });
  it("keeps sequence numbers increasing past the memory cap", async () => {
    const hub = new LogHub(2);
    hub.open("j");
    const followed = collect(hub.follow("j", 0));
    await new Promise((r) => setTimeout(r, 5));
    for (const l of ["a", "b", "c", "d"]) hub.push("j", l);
    hub.close("j");
    expect((await followed).map((e) => e.seq)).toEqual([0, 1, 2, 3]);
  });
  it("ends at once for an unknown job", async () => {
    expect(await collect(new LogHub().follow("nope", 0))).toEqual([]);
  });
});
