import { ts, type TS } from "./typescript.ts";
import { LIB_FILE, LIB_SOURCE } from "./lib.ts";
import { noting, resolveSource, type Resolver } from "./resolver.ts";

/**
 * What a program follows: `local`, the project's own files alone (the first pass, a few files); `packages`, also the
 * TypeScript sources of workspace and installed packages (through the `source` condition: core alone is 100+ files).
 */
export type Reach = "local" | "packages";

// A program over `file` and the TypeScript sources it imports; declaration files of installed packages are left
// out, which keeps a cold read near 0.3 s.
export function createTaskProgram(file: string, resolver: Resolver, reach: Reach = "packages"): TS.Program {
  const { options, decided } = resolver;
  const host = ts.createCompilerHost(options, true);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === LIB_FILE
      ? ts.createSourceFile(LIB_FILE, LIB_SOURCE, languageVersion)
      : readSourceFile(fileName, languageVersion, ...rest);
  // The program looks for package.json files too: each source file's nearest says whether it is ESM or CommonJS.
  host.fileExists = noting(decided, host.fileExists.bind(host));
  host.readFile = noting(decided, host.readFile.bind(host));
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, options, containingSourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, options);
      const found = resolveSource(resolver, literal.text, containingFile, mode, host);
      // The first pass keeps to the project's files: relative imports, `paths` aliases and `#imports` mapped there.
      return { resolvedModule: reach === "local" && found?.isExternalLibraryImport ? undefined : found };
    });
  return ts.createProgram({ rootNames: [LIB_FILE, file], options, host });
}

// The local source files the program read: with the files that decided its resolutions, what the hash must cover.
export function programInputs(program: TS.Program): string[] {
  return program
    .getSourceFiles()
    .map((source) => source.fileName)
    .filter((name) => name !== LIB_FILE);
}
