import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { hashInputs, inputsFresh, sha256, writeAtomically } from "../cache.ts";
import type { Manifest } from "../types.ts";
import { nodeModulesOf } from "./node-modules.ts";
import { LOCATION_DEFINES, tasksPlugin } from "./plugin.ts";
import { tsconfigFiles } from "./tsconfig-files.ts";

// Bump when the compiled form changes.
const SCHEMA = 2;

type CompiledRecord = { readonly schema: number; readonly dk: string; readonly file: string; readonly inputs: Manifest["inputs"] };

// Lets the compiled module `require()` (CommonJS packages, `require` in a tasks file) as it could before.
const BANNER = 'import { createRequire as dkCreateRequire } from "node:module"; const require = dkCreateRequire(import.meta.url);';

/**
 * The tasks file compiled to one JavaScript module, from the cache when no input changed since; undefined
 * when there is no node_modules above it to keep it in (its imports resolve from there, as from the file).
 */
export async function compiledTasksModule(file: string, dk: string, trace?: (message: string) => void): Promise<string | undefined> {
  // In the nearest node_modules above the file: bare imports resolve from there as from the file.
  const home = nodeModulesOf(dirname(file));
  if (home === undefined) {
    trace?.("tasks file: no node_modules above it to keep a compiled module in");
    return undefined;
  }
  const base = join(home, ".cache", "dk", sha256(file).slice(0, 24));
  const out = `${base}.mjs`;
  if (isFresh(`${base}.json`, file, dk) && existsSync(out)) {
    trace?.(`tasks file: compiled module ${out} (cached)`);
    return out;
  }
  const esbuild = await import("esbuild");
  const pinned = new Set<string>();
  const result = await esbuild.build({
    entryPoints: [file],
    absWorkingDir: dirname(file),
    outfile: out,
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    metafile: true,
    logLevel: "silent",
    banner: { js: BANNER },
    define: LOCATION_DEFINES,
    plugins: [tasksPlugin(home, pinned)],
  });
  const code = result.outputFiles.find((output) => output.path === out)?.text;
  if (code === undefined) return undefined;
  writeAtomically(out, code);
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(dirname(file), input));
  // esbuild applies the tsconfig.json above each file (and what it extends), so those are inputs too.
  const configs = tsconfigFiles([file, ...inputs]);
  const record: CompiledRecord = { schema: SCHEMA, dk, file, inputs: hashInputs(dirname(file), [file, ...inputs, ...pinned, ...configs]) };
  writeAtomically(`${base}.json`, JSON.stringify(record));
  trace?.(`tasks file: compiled to ${out}`);
  return out;
}

/** Forgets a compiled module that did not load, so the next run compiles afresh. */
export function discardCompiled(out: string): void {
  rmSync(out, { force: true });
  rmSync(out.replace(/\.mjs$/, ".json"), { force: true });
}

function isFresh(path: string, file: string, dk: string): boolean {
  try {
    const record = JSON.parse(readFileSync(path, "utf8")) as CompiledRecord;
    return record.schema === SCHEMA && record.dk === dk && record.file === file && inputsFresh(dirname(file), record.inputs);
  } catch {
    return false;
  }
}
