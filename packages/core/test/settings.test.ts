import { afterEach, describe, expect, it } from "vitest";
import { configure } from "../src/settings.ts";

afterEach(() => void configure({ dryRun: false, concurrency: Infinity, on: undefined }));

describe("configure", () => {
  it("names the setting meant by a misspelt one, as every option does", () => {
    expect(() => configure({ dryrun: true } as never)).toThrow(
      "Unknown setting `dryrun`; known: dryRun, concurrency, on, transport, trace; did you mean `dryRun`?",
    );
    expect(() => configure({ concurency: 2 } as never)).toThrow(/; did you mean `concurrency`\?$/);
    expect(() => configure({ hosts: "a" } as never)).toThrow(/^Unknown setting `hosts`; known: [^?]*$/);
  });

  it("names `on` when it is no selector", () => {
    expect(() => configure({ on: ["web1"] as never })).toThrow(
      'Expected `on` to be a selector like `@web,db*,!db3`, or undefined, got `["web1"]` (array)',
    );
    expect(configure({}).on).toBeUndefined();
  });
});
