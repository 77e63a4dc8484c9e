// Help texts from JSDoc: TypeScript starts a tag at any " @word", even mid-line, where dk users write host tags
// ("the @web hosts"): such words are prose, and only a tag that starts a line is a tag.
import { describe, expect, it } from "vitest";
import { extract } from "./helpers/extract.ts";

const task = (source: string) => {
  const { tasks, problem } = extract({ "tasks.ts": source });
  expect(problem).toBeUndefined();
  return tasks[0]!;
};

describe("extractTasks: JSDoc links in help", () => {
  // A terminal shows no link: the raw `{@link build}` was printed as written.
  it("shows each {@link} as its text, a URL after its label", () => {
    const t = task(
      [
        "/**",
        " * Run {@link build} first, or {@link build | the builder}; see {@link https://example.com/ci the CI docs},",
        " * {@linkcode Foo.bar} and {@link https://x.y}.",
        " * @param o.unit as in {@linkplain restart the restart task}",
        " */",
        "export function restart(o: {",
        "  /** one of {@link https://h.example | these hosts} */",
        "  on: string;",
        "  unit: string;",
        "}) {}",
        "export function build() {}",
      ].join("\n"),
    );
    expect(t.help).toBe(
      "Run build first, or the builder; see the CI docs (https://example.com/ci),\nFoo.bar and https://x.y.",
    );
    expect(t.flags.map((flag) => [flag.name, flag.help])).toEqual([
      ["on", "one of these hosts (https://h.example)"],
      ["unit", "as in the restart task"],
    ]);
  });
});

describe("extractTasks: JSDoc prose with @words", () => {
  it("keeps a task's description whole", () => {
    const t = task("/** Restart nginx on the @web hosts, then check them. */\nexport function restart() {}\n");
    expect(t.help).toBe("Restart nginx on the @web hosts, then check them.");
  });

  it("keeps a flag's help whole, from the property's JSDoc or its @param", () => {
    const t = task(
      [
        "/**",
        " * Restart.",
        " * @param o.unit the unit, as on @web hosts",
        " */",
        "export function restart(o: {",
        "  /** hosts, like @web or db* (a selector) */",
        "  on: string;",
        "  unit: string;",
        "}) {}",
      ].join("\n"),
    );
    expect(t.help).toBe("Restart.");
    expect(t.flags.map((flag) => [flag.name, flag.help])).toEqual([
      ["on", "hosts, like @web or db* (a selector)"],
      ["unit", "the unit, as on @web hosts"],
    ]);
  });

  it("reads tags that start a line, never words in the prose", () => {
    const t = task(
      [
        "/**",
        " * Runs the @pre checks, then deploys to @web",
        " * and @db hosts.",
        " * @pre clean",
        " */",
        "export function deploy(o: {",
        "  /** uses the @short form",
        "   * @short v */",
        "  verbose?: boolean;",
        "}) {}",
        "export function clean() {}",
      ].join("\n"),
    );
    expect(t.help).toBe("Runs the @pre checks, then deploys to @web\nand @db hosts.");
    expect(t.pre).toEqual(["clean"]);
    expect(t.flags[0]).toMatchObject({ name: "verbose", short: "v", help: "uses the @short form" });
  });

  it("reads dk's tags side by side on one line, as TypeScript does: @count @short v", () => {
    const t = task(
      [
        "/** Builds.",
        " * @pre clean @post notify */",
        "export function build(o: {",
        "  /** more output",
        "   * @count @short v */",
        "  verbose?: number;",
        "  /** @short q @count */",
        "  quiet?: number;",
        "}) {}",
        "export function clean() {}",
        "export function notify() {}",
      ].join("\n"),
    );
    expect(t.pre).toEqual(["clean"]);
    expect(t.post).toEqual(["notify"]);
    expect(t.flags).toEqual([
      expect.objectContaining({ name: "verbose", short: "v", count: true, help: "more output" }),
      expect.objectContaining({ name: "quiet", short: "q", count: true }),
    ]);
  });
});
