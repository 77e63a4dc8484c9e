import { UsageError } from "./errors.ts";
import { usageLine } from "./format/usage.ts";
import { didYouMean } from "./suggest.ts";
import type { Flag, JsonValue, Task } from "./types.ts";

/** A task invocation: the options object for the function, and what dk itself must do. */
export type TaskCall = {
  options: Record<string, JsonValue>;
  rest: string[];
  help: boolean;
  debug: boolean;
  dryRun: boolean;
};

// Turns the task's argv into its options object; any bad input is a UsageError and nothing runs.
export function parseTaskArgs(task: Task, argv: readonly string[]): TaskCall {
  const call: TaskCall = { options: {}, rest: [], help: false, debug: false, dryRun: false };
  const fail = (message: string) => new UsageError(message, usageLine(task), `dk ${task.name} --help`);
  const byName = new Map(task.flags.map((flag) => [flag.name, flag]));
  const dashDash = argv.indexOf("--");
  const tokens = dashDash === -1 ? argv : argv.slice(0, dashDash);
  if (tokens.some((token) => token === "--help" || token === "-h")) return { ...call, help: true };
  if (dashDash !== -1) {
    call.rest = argv.slice(dashDash + 1);
    if (!task.rest && call.rest.length > 0) throw fail(`task "${task.name}" takes no arguments after --`);
  }
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (!isFlagToken(token)) throw fail(`unexpected argument "${token}" (flags start with --)`);
    const equals = token.indexOf("=");
    const name = token.slice(2, equals > 0 ? equals : undefined);
    const inline = equals > 0 ? token.slice(equals + 1) : undefined;
    if (!token.startsWith("--")) throw fail(`unknown flag ${token}${didYouMean(token, flagNames(task))}`);
    if (name === "debug" && !byName.has(name) && inline === undefined) {
      call.debug = true;
      continue;
    }
    if (name === "dry-run" && inline === undefined) call.dryRun = true;
    if (name === "dry-run" && !byName.has(name) && inline === undefined) continue;
    const negated = name.startsWith("no-") && byName.get(name.slice(3))?.type === "boolean";
    const flag = byName.get(negated ? name.slice(3) : name);
    if (!flag) throw fail(`unknown flag --${name}${didYouMean(`--${name}`, flagNames(task))}`);
    if (flag.type === "boolean") {
      if (negated && inline !== undefined) throw fail(`--${name} takes no value`);
      setOnce(call, flag, negated ? false : booleanValue(flag, inline, fail), fail);
      continue;
    }
    const raw = inline ?? tokens[index + 1];
    if (raw === undefined || (inline === undefined && isFlagToken(raw))) {
      throw fail(`--${flag.name} needs a value ${valueName(flag)}${raw === undefined ? "" : `, got the flag ${raw} (write --${flag.name}=${raw} to pass it as the value)`}`);
    }
    if (inline === undefined) index++;
    addValue(call, flag, raw, fail);
  }
  const missing = task.flags.filter((flag) => flag.required && !(flag.property in call.options));
  if (missing.length > 0) {
    throw fail(`missing required flag${missing.length > 1 ? "s" : ""} ${missing.map((flag) => `--${flag.name}`).join(", ")}`);
  }
  return call;
}

// A flag token starts with a dash but is not a negative number or a lone dash.
function isFlagToken(token: string): boolean {
  return token.startsWith("-") && token !== "-" && !/^-\.?\d/.test(token);
}

function flagNames(task: Task): string[] {
  return task.flags.flatMap((flag) => [`--${flag.name}`, ...(flag.type === "boolean" ? [`--no-${flag.name}`] : [])]);
}

function valueName(flag: Flag): string {
  return flag.choices ? `(one of ${flag.choices.join(", ")})` : `(${flag.type.replace("[]", "")})`;
}

function booleanValue(flag: Flag, inline: string | undefined, fail: (message: string) => UsageError): boolean {
  if (inline === undefined || inline === "true") return true;
  if (inline === "false") return false;
  throw fail(`--${flag.name} is a switch: use --${flag.name} or --no-${flag.name}, not --${flag.name}=${inline}`);
}

// Converts and checks one value; arrays take comma-separated values and repeat.
function addValue(call: TaskCall, flag: Flag, raw: string, fail: (message: string) => UsageError): void {
  if (!flag.type.endsWith("[]")) {
    setOnce(call, flag, scalar(flag, raw, fail), fail);
    return;
  }
  const items = raw.split(",").filter((item) => item !== "").map((item) => scalar(flag, item, fail));
  const previous = (call.options[flag.property] as JsonValue[] | undefined) ?? [];
  call.options[flag.property] = [...previous, ...items];
}

function scalar(flag: Flag, raw: string, fail: (message: string) => UsageError): string | number {
  const value = flag.type.startsWith("number") ? Number(raw) : raw;
  if (typeof value === "number" && (raw.trim() === "" || !Number.isFinite(value))) {
    throw fail(`--${flag.name} expects a number, got "${raw}"`);
  }
  if (flag.choices && !flag.choices.includes(value)) {
    const hint = didYouMean(raw, flag.choices.map(String));
    throw fail(`--${flag.name} must be one of ${flag.choices.join(", ")}; got "${raw}"${hint}`);
  }
  return value;
}

function setOnce(call: TaskCall, flag: Flag, value: JsonValue, fail: (message: string) => UsageError): void {
  if (flag.property in call.options) throw fail(`--${flag.name} given more than once`);
  call.options[flag.property] = value;
}
