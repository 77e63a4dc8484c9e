import { rmSync } from "node:fs";
import { join } from "node:path";
import { modulesDir, usableCacheDir } from "../cache.ts";
import { freshInputs, sha256, stampOf } from "../inputs.ts";
import { readPrivateFile, writeFileAtomically } from "../private-file.ts";
import type { Manifest } from "../types.ts";

// Bump when the compiled form changes, or what a build checks (modules compiled by a dk that did not check them).
const SCHEMA = 9;

/** Which dk compiles: its version, and the file of the core its modules are pinned to (one per installed copy). */
export type Compiler = { readonly dk: string; readonly core: string };

type CompiledRecord = {
  readonly schema: number;
  readonly dk: string;
  readonly core: string;
  readonly file: string;
  readonly inputs: Manifest["inputs"];
  /** Of the module's own bytes. */
  readonly sha256: string;
  /**
   * The module file's own stamp once written. While it holds, the file is the one dk wrote, unchanged: any write,
   * chmod or chown changes it, and a replacement is another inode.
   */
  readonly stamp?: string;
};

/**
 * The tasks file compiled to one JavaScript module in dk's private cache (`modules/` in the cache dir), reused
 * while every input is unchanged and its bytes are those recorded; undefined (traced) when the cache dir could be
 * written by another user, or the build gave no module. Each installed dk has its own: a module imports the core of
 * the dk that compiled it, and another dk running it would have its flags (--dry-run) go to a core the tasks never use.
 */
export async function compiledTasksModule(
  file: string,
  compiler: Compiler,
  trace?: (message: string) => void,
): Promise<string | undefined> {
  const dir = modulesDir();
  if (!usableCacheDir(dir, trace)) return undefined;
  const base = join(dir, sha256(`${file}\n${compiler.core}`).slice(0, 24));
  const out = `${base}.mjs`;
  // Node then imports the file by path: only this user (or root) can replace it in between, in a private dir.
  if (isVerified(base, file, compiler, trace)) {
    trace?.(`tasks file: compiled module ${out} (cached)`);
    return out;
  }
  // Only a miss compiles: a cached run does not load the compiler's side of dk.
  const built = await (await import("./build.ts")).buildTasksModule(file, out);
  if (built === undefined) return undefined;
  writeFileAtomically(out, built.code, 0o600);
  const stamp = stampOf(out);
  const { dk, core } = compiler;
  const record: CompiledRecord = {
    schema: SCHEMA,
    dk,
    core,
    file,
    inputs: built.inputs,
    sha256: sha256(built.code),
    stamp,
  };
  writeFileAtomically(`${base}.json`, JSON.stringify(record), 0o600);
  trace?.(`tasks file: compiled to ${out}`);
  return out;
}

/** Forgets a compiled module that did not load, so the next run compiles afresh. */
export function discardCompiled(out: string): void {
  rmSync(out, { force: true });
  rmSync(out.replace(/\.mjs$/, ".json"), { force: true });
}

// The record is this dk's for `file`, every input is unchanged, and the module's bytes hash as recorded.
function isVerified(base: string, file: string, compiler: Compiler, trace?: (message: string) => void): boolean {
  const text = readPrivateFile(`${base}.json`, trace)?.toString("utf8");
  if (text === undefined) return false;
  let record: CompiledRecord | null;
  try {
    record = JSON.parse(text) as CompiledRecord | null;
  } catch {
    return false;
  }
  if (record?.schema !== SCHEMA || record.file !== file) return false;
  if (record.dk !== compiler.dk || record.core !== compiler.core) return false;
  const inputs = freshInputs(file, record.inputs);
  if (inputs === undefined) return false;
  const stamp = stampOf(`${base}.mjs`);
  if (stamp === undefined || (record.stamp !== stamp && !hashesAs(`${base}.mjs`, record.sha256, trace))) return false;
  // Read because a stamp moved, not the content: the record keeps the new stamps, so the next run need not read.
  if (record.stamp !== stamp || inputs !== record.inputs) {
    try {
      writeFileAtomically(`${base}.json`, JSON.stringify({ ...record, inputs, stamp }), 0o600);
    } catch {
      // The next run reads them again: slower, not wrong.
    }
  }
  return true;
}

function hashesAs(path: string, hash: string, trace?: (message: string) => void): boolean {
  const code = readPrivateFile(path, trace);
  if (code !== undefined && sha256(code) === hash) return true;
  trace?.(`tasks file: ${path} is not the module that was compiled; compiling it again`);
  return false;
}
