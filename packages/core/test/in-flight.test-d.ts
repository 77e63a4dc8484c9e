import { describe, expectTypeOf, it } from "vitest";
import { inFlight, noneInFlight } from "../src/index.ts";

describe("inFlight's public types", () => {
  it("gives the tags under way as strings, and a wait that settles with nothing", () => {
    expectTypeOf(inFlight).toEqualTypeOf<() => string[]>();
    expectTypeOf(noneInFlight).toEqualTypeOf<() => Promise<void>>();
  });
});
