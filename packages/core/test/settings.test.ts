import { afterEach, describe, expect, it } from "vitest";
import { configure, defaultTransport, isDryRun, tracer } from "../src/settings.ts";

afterEach(
  () => void configure({ dryRun: false, concurrency: Infinity, on: undefined, transport: undefined, trace: undefined }),
);

describe("configure", () => {
  it("names the setting meant by a misspelt one, as every option does", () => {
    expect(() => configure({ dryrun: true } as never)).toThrow(
      "Unknown setting `dryrun`; known: dryRun, concurrency, on, transport, trace; did you mean `dryRun`?",
    );
    expect(() => configure({ concurency: 2 } as never)).toThrow(/; did you mean `concurrency`\?$/);
    expect(() => configure({ hosts: "a" } as never)).toThrow(/^Unknown setting `hosts`; known: [^?]*$/);
    // dk's flag is --limit: the setting it sets is concurrency.
    expect(() => configure({ limit: 2 } as never)).toThrow(
      /^Unknown setting `limit`; .*; did you mean `concurrency`\?$/,
    );
  });

  it("names `on` when it is no selector", () => {
    expect(() => configure({ on: ["web1"] as never })).toThrow(
      'Expected `on` to be a selector like `@web,db*,!db3`, or undefined, got `["web1"]` (array)',
    );
    expect(configure({}).on).toBeUndefined();
  });

  it("refuses a concurrency no group call could use, rather than every group call failing later", () => {
    for (const concurrency of [2 ** 53, 1e20, Number.MAX_VALUE]) {
      const expected = "Expected `concurrency` to be a positive integer or Infinity (whole numbers up to 2^53 - 1)";
      expect(() => configure({ concurrency })).toThrow(`${expected}, got \`${concurrency}\` (number)`);
    }
    expect(configure({ concurrency: Number.MAX_SAFE_INTEGER }).concurrency).toBe(Infinity);
  });

  it("returns every setting it replaced, so that configure(previous) restores them all", () => {
    const trace = () => undefined;
    const transport = defaultTransport();
    const previous = configure({ transport: "openssh", trace, dryRun: true, concurrency: 3, on: "web*" });
    expect(previous).toEqual({
      dryRun: false,
      concurrency: Infinity,
      on: undefined,
      transport: undefined,
      trace: undefined,
    });
    expect(configure(previous)).toEqual({ dryRun: true, concurrency: 3, on: "web*", transport: "openssh", trace });
    expect([defaultTransport(), tracer(), isDryRun(), configure({}).on]).toEqual([
      transport,
      undefined,
      false,
      undefined,
    ]);
  });

  it("changes nothing when any setting is bad: a refused call leaves every setting as it was", () => {
    const trace = () => undefined;
    const settings = () => [defaultTransport(), tracer(), isDryRun(), configure({}).on];
    const before = settings();
    expect(() => configure({ transport: "native", trace, dryRun: true, on: "a b" })).toThrow(/^Expected each part/);
    expect(() => configure({ transport: "openssh", concurrency: 0 })).toThrow(/^Expected `concurrency`/);
    expect(() => configure({ trace, dryRun: "yes" as never })).toThrow(/^Expected `dryRun`/);
    expect(settings()).toEqual(before);
  });
});
