import { isAbsolute, relative } from "node:path";

// `tasks.ts` or `sub/tasks.ts` below the working directory; the absolute path anywhere else.
export function displayPath(file: string, cwd: string): string {
  const path = relative(cwd, file);
  return path === "" || path.startsWith("..") || isAbsolute(path) ? file : path;
}
