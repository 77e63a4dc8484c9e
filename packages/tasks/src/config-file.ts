import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "./errors.ts";
import { inexactNumbers, startsWith, type InexactNumber } from "./json-inexact.ts";
import { refuseUntrusted } from "./trusted-file.ts";

/** The project's defaults: `dk.config.json` next to tasks.ts, else the `dk` key of the package.json there. */
export type ProjectConfig = {
  /** `dk.config.json` or `package.json#dk`, for messages. */
  readonly source: string;
  /** Flag name (or property) → value, for every task that has the flag. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** Task name → its own flag values. */
  readonly tasks: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Whole numbers that JSON.parse rounded (past 2^53), by their path from `flags` or `tasks`. */
  readonly inexact?: readonly InexactNumber[];
};

const USAGE = '{ "flags": { "hosts": "web1,web2" }, "tasks": { "deploy": { "action": "boot" } } }';

/**
 * Read only to run a task or show its help, never to list: a missing file is no config. Each read must be the user's
 * own, as the tasks file: beside a tasks file in a shared directory (/tmp), another user could have put it there to
 * choose the flags (the hosts) of the user's tasks (a package.json there also decides how Node runs the tasks file).
 */
export function readProjectConfig(tasksFile: string | undefined): ProjectConfig | undefined {
  if (tasksFile === undefined) return undefined;
  const dir = dirname(tasksFile);
  const own = readJson(join(dir, "dk.config.json"), "dk.config.json");
  if (own !== undefined) return checked(own.value, "dk.config.json", inexactUnder(own.text, []));
  const pkg = readJson(join(dir, "package.json"), "package.json");
  const section = isObject(pkg?.value) ? pkg.value.dk : undefined;
  return section === undefined ? undefined : checked(section, "package.json#dk", inexactUnder(pkg!.text, ["dk"]));
}

function inexactUnder(text: string, section: readonly string[]): InexactNumber[] {
  return inexactNumbers(text)
    .filter((number) => startsWith(number.path, section))
    .map((number) => ({ ...number, path: number.path.slice(section.length) }));
}

function trusted(path: string): void {
  const rule = "dk takes flag values only from a config that you (or root) own and no one else can write";
  refuseUntrusted(path, "not read", rule, "remove it");
}

// Checked before it is read: a FIFO planted under the name would hang the read.
function readJson(path: string, source: string): { value: unknown; text: string } | undefined {
  if (!existsSync(path)) return undefined;
  trusted(path);
  let text: string;
  try {
    // A byte order mark (Windows editors save one) is no part of the JSON, as Node and npm read a package.json.
    text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch {
    return undefined;
  }
  try {
    return { value: JSON.parse(text) as unknown, text };
  } catch (error) {
    throw new UsageError(`${source}: not valid JSON (${(error as Error).message}); fix or remove ${path}`, USAGE);
  }
}

function checked(value: unknown, source: string, inexact: readonly InexactNumber[]): ProjectConfig {
  const fail = (what: string) => new UsageError(`${source}: ${what}`, `${source} = ${USAGE}`);
  if (!isObject(value)) throw fail('must be an object with "flags" and/or "tasks"');
  const unknown = Object.keys(value).filter((key) => key !== "flags" && key !== "tasks");
  if (unknown.length > 0) throw fail(`unknown key "${unknown[0]}"; only "flags" and "tasks" are read`);
  const { flags = {}, tasks = {} } = value;
  if (!isObject(flags)) throw fail('"flags" must be an object of flag names and values');
  if (!isObject(tasks) || !Object.values(tasks).every(isObject))
    throw fail('"tasks" must map task names to objects of flag names and values');
  return { source, flags, tasks: tasks as Record<string, Record<string, unknown>>, inexact };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
