import { pathToFileURL } from "node:url";
import { LoadError } from "./errors.ts";
import { preloadCoreDependencies } from "./preload.ts";

// Imports a TypeScript tasks module through tsx; a failure becomes a LoadError naming the file and line.
// Both tsx hooks: outside a `"type": "module"` package, tsx compiles tasks.ts as CommonJS.
export async function importTasksModule(file: string): Promise<Record<string, unknown>> {
  const [esm, cjs] = await Promise.all([import("tsx/esm/api"), import("tsx/cjs/api"), preloadCoreDependencies()]);
  esm.register();
  cjs.register();
  try {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    return isCommonJs(module) ? (module.default as Record<string, unknown>) : module;
  } catch (error) {
    throw new LoadError({ file, ...locate(error, file), message: describe(error) }, { cause: error });
  }
}

// A CommonJS module arrives as `{ default: module.exports }`.
function isCommonJs(module: Record<string, unknown>): boolean {
  return Object.keys(module).length === 1 && typeof module.default === "object" && module.default !== null;
}

// The first line and column in `file` that the error points at: esbuild's report, else the stack.
function locate(error: unknown, file: string): { line?: number; column?: number } {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ""}` : "";
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}(?:\\?[^:]*)?:(\\d+):(\\d+)`).exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {};
}

// One line: what went wrong while importing.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return `threw while loading: ${String(error)}`;
  const firstLine = error.message.split("\n").find((line) => line.trim() !== "") ?? "";
  return `${error.name === "Error" ? "" : `${error.name}: `}${firstLine.replace(/^Transform failed with \d+ errors?:\s*/, "")} (while loading the tasks file)`;
}
