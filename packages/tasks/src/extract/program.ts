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

// A program over `file` and the TypeScript sources it imports (relative or workspace packages);
// declaration files of installed packages are left out, which keeps a cold read near 0.3 s.
export function createTaskProgram(file: string): TS.Program {
  const host = ts.createCompilerHost(OPTIONS, true);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === LIB_FILE
      ? ts.createSourceFile(LIB_FILE, LIB_SOURCE, languageVersion)
      : readSourceFile(fileName, languageVersion, ...rest);
  host.resolveModuleNameLiterals = (literals, containingFile, _redirect, options, containingSourceFile) =>
    literals.map((literal) => {
      const mode = ts.getModeForUsageLocation(containingSourceFile, literal, options);
      const found = ts.resolveModuleName(literal.text, containingFile, options, host, undefined, undefined, mode);
      const module = found.resolvedModule;
      return module && SOURCE_EXTENSIONS.has(module.extension) ? found : { resolvedModule: undefined };
    });
  return ts.createProgram({ rootNames: [LIB_FILE, file], options: OPTIONS, host });
}

// The local source files the program read: what the manifest's hash must cover.
export function programInputs(program: TS.Program): string[] {
  return program
    .getSourceFiles()
    .map((source) => source.fileName)
    .filter((name) => name !== LIB_FILE);
}
