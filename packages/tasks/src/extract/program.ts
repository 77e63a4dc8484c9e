import { ts, type TS } from "./typescript.ts";
import { LIB_FILE, LIB_SOURCE } from "./lib.ts";

const OPTIONS: TS.CompilerOptions = {
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
      const found = ts.resolveModuleName(literal.text, containingFile, options, host, undefined, undefined, mode);
      const module = found.resolvedModule;
      return module && SOURCE_EXTENSIONS.has(module.extension) ? found : { resolvedModule: undefined };
    });
  return ts.createProgram({ rootNames: [LIB_FILE, file], options: OPTIONS, host });
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
