import { LoadError } from "./errors.ts";

/**
 * The directory dk runs in. One removed since the shell entered it (a checkout or `rm -rf` from another shell) has
 * no path left: a LoadError names the shell's $PWD and what to do, where Node's uv_cwd error crashed dk.
 */
export function currentDir(): string {
  try {
    return process.cwd();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const message = "the current directory no longer exists (removed since the shell entered it); cd into your project";
    throw new LoadError({ file: process.env.PWD || ".", message: `${message} again` }, { cause: error });
  }
}
