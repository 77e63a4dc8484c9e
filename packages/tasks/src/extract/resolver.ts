import { isBuiltin } from "node:module";
import { basename, dirname } from "node:path";
import { tsconfigFiles } from "../compile/tsconfig-files.ts";
import { resolutionInputs } from "../compile/resolution-inputs.ts";
import { taskOptions } from "./options.ts";
import { ts, type TS } from "./typescript.ts";

const SOURCE_EXTENSIONS = new Set<string>([ts.Extension.Ts, ts.Extension.Tsx, ts.Extension.Mts, ts.Extension.Cts]);

/** How one read of a tasks file resolves imports, and every file that decided where one led. */
export type Resolver = {
  readonly options: TS.CompilerOptions;
  /** ts.sys, noting each package.json looked for (`type`, `imports`, `exports`; absent ones too). */
  readonly host: TS.ModuleResolutionHost;
  /** The config files the options came from (and where a nearer one could appear), and each package.json noted. */
  readonly decided: Set<string>;
};

export function createResolver(file: string): Resolver {
  const decided = new Set(tsconfigFiles([file]));
  const host: TS.ModuleResolutionHost = {
    fileExists: noting(decided, (path) => ts.sys.fileExists(path)),
    readFile: noting(decided, (path) => ts.sys.readFile(path)),
    directoryExists: (path) => ts.sys.directoryExists(path),
    realpath: (path) => ts.sys.realpath!(path),
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  };
  return { options: taskOptions(file), host, decided };
}

/** `read`, noting each package.json it is asked for in `decided`. */
export function noting<T>(decided: Set<string>, read: (path: string) => T): (path: string) => T {
  return (path) => {
    if (basename(path) === "package.json") decided.add(path);
    return read(path);
  };
}

/** The TypeScript source an import leads to (resolveModule); undefined for a declaration file, JavaScript, nothing. */
export function resolveSource(
  resolver: Resolver,
  specifier: string,
  containingFile: string,
  mode: TS.ResolutionMode,
  host: TS.ModuleResolutionHost = resolver.host,
): TS.ResolvedModuleFull | undefined {
  const module = resolveModule(resolver, specifier, containingFile, mode, host);
  return module && SOURCE_EXTENSIONS.has(module.extension) ? module : undefined;
}

/**
 * The file an import leads to, of any kind; undefined for nothing. A package found in node_modules, or none found,
 * also depends on the node_modules nearer to the importer, noted in `decided`.
 */
export function resolveModule(
  resolver: Resolver,
  specifier: string,
  containingFile: string,
  mode: TS.ResolutionMode,
  host: TS.ModuleResolutionHost = resolver.host,
): TS.ResolvedModuleFull | undefined {
  const { options, decided } = resolver;
  const found = ts.resolveModuleName(specifier, containingFile, options, host, undefined, undefined, mode);
  // esbuild, which runs the tasks, also finds `./lib` or `@/lib` without its extension (or `/index.ts`) in ESM.
  const module =
    found.resolvedModule ?? (isBuiltin(specifier) ? undefined : asBundler(specifier, containingFile, resolver, host));
  if (isBare(specifier) && (module === undefined || module.isExternalLibraryImport)) {
    for (const input of resolutionInputs(specifier, dirname(containingFile))) decided.add(input);
  }
  return module;
}

function asBundler(specifier: string, containingFile: string, resolver: Resolver, host: TS.ModuleResolutionHost) {
  const options = {
    ...resolver.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  return ts.resolveModuleName(specifier, containingFile, options, host).resolvedModule;
}

// A package's name: not a path, a `#import` or one of Node's own modules.
function isBare(specifier: string): boolean {
  return !/^[./#]/.test(specifier) && !isBuiltin(specifier);
}
