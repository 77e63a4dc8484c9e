import { describe, expect, it } from "vitest";
import { unsendable } from "../src/ssh/command-size.ts";

describe("unsendable", () => {
  it("takes a line up to 126,976 bytes, counted in bytes, not characters", () => {
    expect(unsendable("x".repeat(126_976))).toBeUndefined();
    expect(unsendable("x".repeat(126_977))).toMatch(/^its command line is 126977 bytes.*at most 126976/);
    expect(unsendable("é".repeat(63_488))).toBeUndefined();
    expect(unsendable(`${"é".repeat(63_488)}x`)).toMatch(/126977 bytes/);
  });
});
