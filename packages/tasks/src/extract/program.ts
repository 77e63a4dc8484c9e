import { ts, type TS } from "./typescript.ts";
import { LIB_FILE, LIB_SOURCE } from "./lib.ts";

export const OPTIONS: TS.CompilerOptions = {
  noLib: true,
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowImportingTsExtensions: true,
  customConditions: ["source"],
};

const SOURCE_EXTENSIONS = new Set<string>([ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts]);

/**
 * What a program follows: `local`, relative imports alone (the first pass, a few files); `packages`, also the
 * TypeScript sources of workspace and installed packages (through the `source` condition: core alone is 100+ files).
 */
export type Reach = "local" | "packages";

// A program over `file` and the TypeScript sources it imports; declaration files of installed packages are left
// out, which keeps a cold read near 0.3 s.
export function createTaskProgram(file: string, reach: Reach = "packages"): TS.Program {
  const host = ts.createCompilerHost(OPTIONS, true);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === LIB_FILE
      ? ts.createSourceFile(LIB_FILE, LIB_SOURCE, languageVersion)
      : readSourceFile(fileName, languageVersion, ...rest);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, options, containingSourceFile) =>
    literals.map((literal) => {
      if (reach === "local" && !isRelative(literal.text)) return { resolvedModule: undefined };
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, options);
      return { resolvedModule: resolveSource(literal.text, containingFile, mode, host) };
    });
  return ts.createProgram({ rootNames: [LIB_FILE, file], options: OPTIONS, host });
}

/** The TypeScript source an import leads to when packages are followed; undefined for declaration files and JS. */
export function resolveSource(
  specifier: string,
  containingFile: string,
  mode: TS.ResolutionMode,
  host: TS.ModuleResolutionHost = ts.sys,
): TS.ResolvedModuleFull | undefined {
  const found = ts.resolveModuleName(
    specifier,
    containingFile,
    OPTIONS,
    host,
    undefined,
    undefined,
    mode,
  ).resolvedModule;
  return found && SOURCE_EXTENSIONS.has(found.extension) ? found : undefined;
}

function isRelative(specifier: string): boolean {
  return /^\.\.?(\/|$)/.test(specifier) || specifier.startsWith("/");
}

// The local source files the program read: what the manifest's hash must cover.
export function programInputs(program: TS.Program): string[] {
  return program
    .getSourceFiles()
    .map((source) => source.fileName)
    .filter((name) => name !== LIB_FILE);
}
