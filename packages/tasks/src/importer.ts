// dk's bundle runs as a script compiled with V8's code cache (see boot.ts); a script has no module loader, so
// import() and import.meta.resolve fail in it. The boot module, an ES module, lends its own.
type Importer = {
  readonly import: (specifier: string) => Promise<unknown>;
  readonly resolve: (specifier: string) => string;
};

let lent: Importer | undefined;

export function lendImporter(importer: Importer): void {
  lent = importer;
}

/** `import(specifier)` for a package or a file URL, resolved as from this package. */
export function importModule<T>(specifier: string): Promise<T> {
  return (lent ? lent.import(specifier) : import(specifier)) as Promise<T>;
}

/** `import.meta.resolve(specifier)`, as from this package. */
export function resolveModule(specifier: string): string {
  return lent ? lent.resolve(specifier) : import.meta.resolve(specifier);
}
