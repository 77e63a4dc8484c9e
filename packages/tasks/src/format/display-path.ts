import { isAbsolute, relative } from "node:path";

// `tasks.ts` or `sub/tasks.ts` below the working directory; the absolute path anywhere else (shown as shownPath).
export function displayPath(file: string, cwd: string): string {
  const path = relative(cwd, file);
  return shownPath(path === "" || path.startsWith("..") || isAbsolute(path) ? file : path);
}

/** A path as written; as a JSON string when a control character in it would break the line or drive the terminal. */
export function shownPath(path: string): string {
  return /\p{Cc}/u.test(path) ? JSON.stringify(path) : path;
}
