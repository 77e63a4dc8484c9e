// dk's one colour decision reads the environment as Node's own tty.getColorDepth() does, so a task's coloured
// console output (util.inspect, a library asking hasColors()) and dk's host tags agree.
import tty from "node:tty";
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../src/output/colors.ts";

// Node's answer for a terminal with `env`; a terminal type it knows, so only the variables below decide.
const nodeColors = (env: NodeJS.ProcessEnv) => tty.WriteStream.prototype.getColorDepth.call({}, env) > 1;
const terminal = { isTTY: true };
const FORCE = ["", "1", "true", "2", "3", "0", "false", "yes", "no", "4", "TRUE", " 1"];

describe("colorEnabled", () => {
  it.each(FORCE.map((value) => [value]))("FORCE_COLOR=%j: as Node reads it, terminal or not", (value) => {
    const env = { TERM: "xterm-256color", FORCE_COLOR: value };
    const node = nodeColors(env);
    expect(colorEnabled(terminal, env)).toBe(node);
    expect(colorEnabled({}, env)).toBe(node);
    // Node lets a value it reads as on win over NO_COLOR, and one it reads as off stays off.
    expect(colorEnabled(terminal, { ...env, NO_COLOR: "1" })).toBe(node);
  });

  it("FORCE_COLOR=yes is no colour, as Node has it, though it reads like a yes", () => {
    expect(colorEnabled(terminal, { TERM: "xterm", FORCE_COLOR: "yes" })).toBe(false);
  });

  it.each([
    ["NO_COLOR=1", { NO_COLOR: "1" }, false],
    ["NO_COLOR=0", { NO_COLOR: "0" }, false],
    ["NODE_DISABLE_COLORS=1", { NODE_DISABLE_COLORS: "1" }, false],
    ["TERM=dumb", { TERM: "dumb" }, false],
    ["nothing set", {}, true],
  ])("%s on a terminal, without FORCE_COLOR: as Node", (_, set, expected) => {
    const env = { TERM: "xterm-256color", ...set };
    expect(nodeColors(env)).toBe(expected);
    expect(colorEnabled(terminal, env)).toBe(expected);
  });

  it("NO_COLOR set but empty does not count, as the NO_COLOR standard says (Node counts it)", () => {
    expect(colorEnabled(terminal, { TERM: "xterm", NO_COLOR: "" })).toBe(true);
  });

  it("without FORCE_COLOR, no terminal means no colour", () => {
    expect(colorEnabled({}, { TERM: "xterm-256color" })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  });
});
