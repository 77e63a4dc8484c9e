import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { lendCommonJsLoader, runCommonJs } from "./cached-commonjs.ts";
import { flushed } from "./flushed.ts";
import { setDkV8Flags } from "./v8-flags.ts";

// What dist/dk.cjs (src/bundle.ts) exports.
type Bundle = typeof import("./bundle.ts");

/**
 * Runs dk's CLI from its CommonJS bundle, compiled with V8's code cache: a start then parses and compiles little
 * of dk's own code, and of the libraries core loads through dk. Returns the exit code once its output is written.
 */
export async function boot(argv: readonly string[]): Promise<number> {
  setDkV8Flags();
  const bundle = runCommonJs(join(dirname(fileURLToPath(import.meta.url)), "dk.cjs"), "code-");
  const dk = bundle.exports as Bundle;
  const keepLibraries = lendCommonJsLoader();
  dk.lendImporter({ import: (specifier) => import(specifier), resolve: (specifier) => import.meta.resolve(specifier) });
  const code = await dk.main(argv);
  bundle.keep(dk.reachedTasks());
  keepLibraries();
  // Every way dk ends (a run, a listing, a help, bad usage) leaves through here.
  return flushed(code);
}
