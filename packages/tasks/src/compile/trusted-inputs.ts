import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { LoadError } from "../errors.ts";
import { packageRoot } from "../package-info.ts";
import { untrustedFile } from "../trusted-file.ts";
import type { LoadProblem } from "../types.ts";
import { tsconfigFiles } from "./tsconfig-files.ts";

const CODE_RULE = "dk runs only code that you (or root) own and no one else can write, nor a directory above it";

/**
 * Throws a LoadError naming each file a build of `entry` read that another user could have written or can swap
 * (untrustedFileProblem), one line each: a module compiled in or a package file imported (`modules`), and each
 * tsconfig applied to them (unless `configs` is false), whose `paths` can send an import anywhere. dk's own files (its
 * built-ins) are exempt.
 */
export function refuseUntrustedInputs(entry: string, modules: Iterable<string>, configs = true): void {
  const own = packageRoot();
  const files = [...new Set(modules)].filter((module) => !module.startsWith(own));
  const problems: LoadProblem[] = [];
  for (const module of files) {
    const rule =
      module === entry ? CODE_RULE : `${entry} imports it, directly or through a file it imports; ${CODE_RULE}`;
    const problem = untrustedFile(module, "not run", rule, "remove it, or the import of it");
    if (problem !== undefined) problems.push(problem);
  }
  if (configs) problems.push(...tsconfigProblems(files));
  const [first, ...more] = problems;
  if (first !== undefined) throw new LoadError([first, ...more]);
}

/**
 * Why each tsconfig.json (or jsconfig.json) applied to `files`, or extended by one that is, must not be compiled with:
 * esbuild and tsx apply the nearest one above each file, which may be in a shared directory above the project.
 */
export function tsconfigProblems(files: readonly string[]): LoadProblem[] {
  const looked = new Set<string>();
  const problems: LoadProblem[] = [];
  // The first file of each directory stands for the others: the same configs apply to them.
  const byDir = new Map(files.map((file) => [dirname(file), file] as const).reverse());
  for (const file of byDir.values()) {
    const rule =
      `it applies to ${file}, and dk compiles with a tsconfig only when you (or root) own it and no one else ` +
      "can write it";
    for (const config of tsconfigFiles([file]).filter((path) => !looked.has(path) && existsSync(path))) {
      looked.add(config);
      const problem = untrustedFile(
        config,
        "not used",
        rule,
        `remove it or put a tsconfig.json of yours beside ${file}`,
      );
      if (problem !== undefined) problems.push(problem);
    }
  }
  return problems;
}

/**
 * Throws a LoadError when a tsconfig.json that applies to the tasks file `file` is not the user's own: checked before
 * any compiling, as tsx applies it too.
 */
export function refuseForeignTsconfig(file: string): void {
  const [first, ...more] = tsconfigProblems([file]);
  if (first !== undefined) throw new LoadError([first, ...more]);
}

/**
 * Before tsx runs `file`: a build that writes nothing checks what it imports, as a build to the cache would have (none
 * may have been made: no private directory to write it to). Its other failures are tsx's to meet and report.
 */
export async function refuseUntrustedImports(file: string): Promise<void> {
  const { buildTasksModule } = await import("./build.ts");
  await buildTasksModule(file, join(dirname(file), "tasks.mjs")).catch((error: unknown) => {
    if (error instanceof LoadError) throw error;
  });
}
