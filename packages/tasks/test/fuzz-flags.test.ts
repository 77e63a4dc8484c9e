// Random command lines against a task with every flag type: a typed options object or a UsageError, nothing else.
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { parseTaskArgs } from "../src/parse-flags.ts";
import type { Task } from "../src/types.ts";

const task: Task = {
  name: "deploy",
  exportName: "deploy",
  help: "",
  rest: false,
  flags: [
    { name: "hosts", property: "hosts", type: "string", required: true },
    { name: "retries", property: "retries", type: "number", required: false, default: 3 },
    { name: "wait", property: "wait", type: "boolean", required: false, default: true },
    { name: "env", property: "env", type: "string", required: false, choices: ["prod", "staging"] },
    { name: "tags", property: "tags", type: "string[]", required: false },
    { name: "ports", property: "ports", type: "number[]", required: false },
  ],
};

const TOKENS = [
  "--hosts",
  "--hosts=a,b",
  "a",
  "--retries",
  "5",
  "-1",
  "1e3",
  "x",
  "--wait",
  "--no-wait",
  "--wait=false",
  "--env",
  "prod",
  "qa",
  "--tags",
  "t1,t2",
  "--ports",
  "22,x",
  "80",
  "--",
  "--help=1",
  "--unknown",
  "-x",
  "--retries=",
  "",
  "--dry-run",
  "--debug",
  "--no-hosts",
  "'$(id)'",
  "--tags=--x",
];

describe("flag parsing fuzz", () => {
  it("3000 random command lines give a well-typed call or a UsageError", () => {
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    let ok = 0;
    for (let i = 0; i < 3000; i++) {
      // Half the lines name the required flag first, so that valid calls are common enough to check their types.
      const start = next() % 2 === 0 ? ["--hosts", "web1"] : [];
      const argv = [...start, ...Array.from({ length: next() % 5 }, () => TOKENS[next() % TOKENS.length]!)];
      let call;
      try {
        call = parseTaskArgs(task, argv);
      } catch (error) {
        expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
        continue;
      }
      if (call.help) continue;
      ok++;
      const o = call.options;
      expect(typeof o.hosts, argv.join(" ")).toBe("string");
      if (o.retries !== undefined) expect(Number.isFinite(o.retries), argv.join(" ")).toBe(true);
      if (o.wait !== undefined) expect(typeof o.wait).toBe("boolean");
      if (o.env !== undefined) expect(["prod", "staging"]).toContain(o.env);
      if (o.tags !== undefined) expect((o.tags as unknown[]).every((t) => typeof t === "string")).toBe(true);
      if (o.ports !== undefined) expect((o.ports as unknown[]).every((p) => Number.isFinite(p))).toBe(true);
      // A token that looks like a flag is never taken as a value.
      for (const value of [o.hosts, o.env, ...((o.tags as string[] | undefined) ?? [])]) {
        if (typeof value === "string" && value.startsWith("--"))
          expect(argv.some((t) => t.endsWith(`=${value}`) || t.includes(`=${value}`))).toBe(true);
      }
    }
    expect(ok).toBeGreaterThan(20);
  });
});
