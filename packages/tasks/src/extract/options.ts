import { dirname } from "node:path";
import { nearestTsconfig } from "../compile/tsconfig-files.ts";
import { ts, type TS } from "./typescript.ts";

/** dk's own compiler options: signatures need no more (the real libs would cost ~0.6 s on every cold read). */
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

// What decides where an import leads, taken from the project; `pathsBasePath` is where `paths` without `baseUrl`
// are relative to (the config that sets them), which TypeScript keeps as an internal option.
const RESOLUTION = [
  "baseUrl",
  "paths",
  "pathsBasePath",
  "rootDirs",
  "moduleSuffixes",
  "resolvePackageJsonExports",
  "resolvePackageJsonImports",
  "allowArbitraryExtensions",
  "preserveSymlinks",
] as const;

// Config files are read for their options only: listing the files they include would walk the project's tree.
const CONFIG_HOST: TS.ParseConfigHost = {
  useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  fileExists: (path) => ts.sys.fileExists(path),
  readFile: (path) => ts.sys.readFile(path),
  readDirectory: () => [],
};

/**
 * The options to read `file` with: dk's, with imports resolved as the project's tsconfig.json (found as esbuild finds
 * it, see tsconfigFiles) says: `paths`, `baseUrl`, `customConditions` (and dk's `source`), bundler resolution.
 */
export function taskOptions(file: string): TS.CompilerOptions {
  const { config } = nearestTsconfig(dirname(file));
  const project = config === undefined ? undefined : projectOptions(config);
  if (project === undefined) return OPTIONS;
  const taken: Record<string, unknown> = {};
  for (const key of RESOLUTION) if (project[key] !== undefined) taken[key] = project[key];
  const conditions = new Set([...OPTIONS.customConditions!, ...(project.customConditions ?? [])]);
  return { ...OPTIONS, ...taken, ...resolutionKind(project), customConditions: [...conditions] };
}

function projectOptions(config: string): TS.CompilerOptions | undefined {
  const read = ts.readConfigFile(config, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) return undefined;
  return ts.parseJsonConfigFileContent(read.config, CONFIG_HOST, dirname(config), undefined, config).options;
}

// Bundler resolution when the project asks for it. Node16 and NodeNext read packages as dk's NodeNext does; node10
// and classic would ignore `exports` (and the source condition), which Node, running the tasks, does not.
function resolutionKind(project: TS.CompilerOptions): TS.CompilerOptions {
  const { ModuleKind, ModuleResolutionKind } = ts;
  const kind =
    project.moduleResolution ?? (project.module === ModuleKind.Preserve ? ModuleResolutionKind.Bundler : undefined);
  if (kind !== ModuleResolutionKind.Bundler) return {};
  return { module: project.module ?? ModuleKind.ESNext, moduleResolution: kind };
}
