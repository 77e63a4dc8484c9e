import { fileURLToPath } from "node:url";

/**
 * Why `import(specifier)` or `import.meta.resolve(specifier)` in a compiled tasks file found nothing: Node's code for
 * the reason (`ERR_MODULE_NOT_FOUND`, `ERR_PACKAGE_PATH_NOT_EXPORTED`, …), so code that checks `error.code` behaves
 * as it would without dk, and a message that names the user's file, not its compiled form.
 */
export class ImportError extends Error {
  constructor(
    readonly code: string,
    /** What was looked for, in Node's words, ending with the file it was imported from (see importedFrom). */
    reason: string,
    readonly specifier: string,
    /** The URL of the module whose import it was. */
    readonly parent: string,
    /** What to do about it. */
    hint: string,
    options?: ErrorOptions,
  ) {
    super(`${reason}; ${hint}`, options);
  }
}

/** How Node ends the reason of a failed import: the importing module, by its path when it is a file. */
export function importedFrom(parent: string): string {
  return ` imported from ${parent.startsWith("file:") ? fileURLToPath(parent) : parent}`;
}
