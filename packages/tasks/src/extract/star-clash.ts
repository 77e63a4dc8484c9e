import { ts, type TS } from "./typescript.ts";
import { resolve } from "./values.ts";

/**
 * The names that two `export * from` of `module` give different values, each with the modules it comes from: an ES
 * module exports neither (Node leaves the name out), so such a function is no task of this module.
 */
export function starClashes(checker: TS.TypeChecker, module: TS.Symbol): Map<string, string[]> {
  const source = module.declarations?.find(ts.isSourceFile);
  const clashes = new Map<string, string[]>();
  if (source === undefined) return clashes;
  const seen = new Map<string, { value: TS.Symbol; from: string[] }>();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.exportClause || !statement.moduleSpecifier) continue;
    const target = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (target === undefined) continue;
    const from = statement.moduleSpecifier.getText();
    for (const exported of checker.getExportsOfModule(target)) {
      const name = exported.getName();
      // A module's own export of the name wins over every star export; `export *` never passes on a default.
      if (name === "default" || module.exports?.has(ts.escapeLeadingUnderscores(name))) continue;
      const value = resolve(checker, exported);
      const known = seen.get(name);
      if (known === undefined) seen.set(name, { value, from: [from] });
      else if (known.value !== value) clashes.set(name, [...known.from, from]);
    }
  }
  return clashes;
}
