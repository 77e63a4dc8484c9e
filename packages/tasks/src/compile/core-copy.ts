import { existsSync, readFileSync } from "node:fs";
import Module, { createRequire, register } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { dirsUpward } from "../dirs-upward.ts";
import { packageRoot } from "../package-info.ts";

/** The package whose copy must be dk's own: its printer, settings and error classes are process-wide. */
export const CORE = "@deploykit/core";

type DkCore = { readonly file: string; readonly url: string; readonly packageJson: string };
let found: DkCore | undefined;

/** The file of @deploykit/core that dk itself runs with, and that package's package.json; looked up once. */
export function dkCore(): DkCore {
  if (found === undefined) {
    const file = createRequire(join(packageRoot(), "package.json")).resolve(CORE);
    found = { file, url: pathToFileURL(file).href, packageJson: packageJsonOf(file) };
  }
  return found;
}

// The package.json above `file` that names core: its change (an upgrade) means another file to pin to.
function packageJsonOf(file: string): string {
  const names = (candidate: string) =>
    existsSync(candidate) && (JSON.parse(readFileSync(candidate, "utf8")) as { name?: unknown }).name === CORE;
  const files = dirsUpward(dirname(file)).map((dir) => join(dir, "package.json"));
  return files.find(names) ?? files[0]!;
}

/**
 * For the tsx fallback: every `import`/`require` of `@deploykit/core` gets dk's own copy, as on the compiled path, so
 * a second installed copy never loads beside it (it would have its own printer and settings). ESM through a resolve
 * hook; CommonJS (tsx compiles tasks.ts so outside a `"type": "module"` package) gets the module dk loaded, `loaded`
 * (resolving it to the file would let tsx compile that file again, into a second instance).
 */
export function pinCoreForImports(loaded: object): void {
  const core = dkCore();
  const hook =
    `export async function resolve(specifier, context, next) {` +
    ` return specifier === ${JSON.stringify(CORE)} ? { url: ${JSON.stringify(core.url)}, shortCircuit: true }` +
    ` : next(specifier, context); }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request, ...rest) => (request === CORE ? loaded : original(request, ...rest));
}
