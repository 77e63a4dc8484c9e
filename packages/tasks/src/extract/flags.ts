import { ts, type TS } from "./typescript.ts";
import { kebabCase } from "../names.ts";
import type { Flag, LoadProblem } from "../types.ts";
import { deprecation, docOf, paramDocs, tagText, tagWords } from "./docs.ts";
import { flagShape } from "./flag-type.ts";
import { defaultOf } from "./initializer.ts";
import { missingImport } from "./missing-import.ts";
import { problemAt } from "./problem-at.ts";
import type { Resolver } from "./resolver.ts";

// Flags reserved by dk on every task, and its one short flag after the task name (-h).
const RESERVED = new Set(["help"]);
const RESERVED_SHORT = new Set(["h"]);
// What a flag's name may hold once kebab-cased: no space, `=` or leading dash, which the command line would split.
const FLAG_NAME = /^[\p{L}\p{N}][\p{L}\p{N}-]*$/u;

/** The flags of a task's first parameter, and every problem of its properties (each bad one left out of `flags`). */
export type ReadFlags = { readonly flags: Flag[]; readonly problems: LoadProblem[] };

// A flag per property of the first parameter; a property that cannot be one is a problem, and the others still read.
export function flagsOf(
  resolver: Resolver,
  checker: TS.TypeChecker,
  symbol: TS.Symbol,
  parameter: TS.ParameterDeclaration,
  task: string,
): ReadFlags {
  const objectType = checker.getNonNullableType(checker.getTypeAtLocation(parameter));
  const defaults = destructuredDefaults(parameter);
  const params = paramDocs(symbol);
  const flags: Flag[] = [];
  const problems: LoadProblem[] = [];
  for (const property of checker.getPropertiesOfType(objectType)) {
    const where = property.valueDeclaration ?? parameter;
    const bad = (message: string, usage = false) =>
      void problems.push(problemAt(where, `task "${task}", property "${property.name}": ${message}`, usage));
    const written = where !== parameter && ts.isPropertySignature(where) ? where.type : undefined;
    const shape = flagShape(checker, checker.getTypeOfSymbolAtLocation(property, parameter), written);
    if (typeof shape === "string") {
      const gone = written && missingImport(resolver, checker, written);
      const what = `task "${task}", property "${property.name}"`;
      if (gone) problems.push(problemAt(gone.specifier, `${what}: its type \`${written!.getText()}\` ${gone.why}`));
      else bad(shape);
      continue;
    }
    const flagName = kebabCase(property.name);
    if (RESERVED.has(flagName)) {
      bad(`--${flagName} is reserved by dk; rename the property`);
      continue;
    }
    if (!FLAG_NAME.test(flagName)) {
      bad(`"--${flagName}" cannot be written as a flag; name the property with letters, digits and _ only`, true);
      continue;
    }
    const initializer = defaults.get(property.name);
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || initializer !== undefined;
    const help = docOf(checker, property) || params.get(property.name);
    const short = tagWords(property, "short");
    if (short && (short.length !== 1 || !/^[a-zA-Z0-9]$/.test(short[0]!))) {
      bad(`@short takes one letter or digit, got "${short.join(" ")}"`, true);
      continue;
    }
    const count = tagWords(property, "count") !== undefined;
    if (count && (shape.type !== "number" || !optional)) {
      bad("@count needs an optional number (verbose?: number)", true);
      continue;
    }
    // A documented default (`@default 4`) is shown, not applied: the function's own code gives it.
    const documented = initializer === undefined && optional ? tagText(property, "default") : undefined;
    const deprecated = deprecation(property);
    flags.push({
      name: flagName,
      property: property.name,
      ...shape,
      required: !optional,
      ...(initializer ? defaultOf(initializer) : documented ? { defaultText: documented } : {}),
      ...(help ? { help } : {}),
      ...(short ? { short: short[0]! } : {}),
      ...(count ? { count } : {}),
      ...(deprecated === undefined ? {} : { deprecated }),
    });
  }
  const clashes = [...longClashes(flags, parameter, task), ...shortClashes(flags, parameter, task)];
  return { flags, problems: [...problems, ...clashes] };
}

// Two properties with one flag name (`dryRun`, `dry_run`), or a flag named as another's off (`noCache` beside a
// boolean `cache`): one word would mean two things.
function longClashes(flags: readonly Flag[], parameter: TS.ParameterDeclaration, task: string): LoadProblem[] {
  const problems: LoadProblem[] = [];
  flags.forEach((flag, index) => {
    const other = flags.slice(0, index).find((before) => before.name === flag.name);
    const word = `--${flag.name}`;
    const both = (what: string) => `task "${task}": ${word} would be ${what}; rename one`;
    if (other) problems.push(problemAt(parameter, both(`both ${other.property} and ${flag.property}`), true));
    const off = flags.find((candidate) => candidate.type === "boolean" && `no-${candidate.name}` === flag.name);
    if (off) problems.push(problemAt(parameter, both(`both ${flag.property} and ${off.property} turned off`), true));
  });
  return problems;
}

// Two flags of a task with one short letter, or dk's own -h, is a problem naming both.
function shortClashes(flags: readonly Flag[], parameter: TS.ParameterDeclaration, task: string): LoadProblem[] {
  const owner = new Map<string, string>();
  const problems: LoadProblem[] = [];
  for (const flag of flags) {
    if (flag.short === undefined) continue;
    const other = RESERVED_SHORT.has(flag.short) ? "dk's --help" : owner.get(flag.short);
    if (other !== undefined) {
      const both = `--${flag.name} and ${other.startsWith("dk") ? other : `--${other}`}`;
      const message = `task "${task}": -${flag.short} is the short flag of both ${both}; change one @short`;
      problems.push(problemAt(parameter, message, true));
    }
    owner.set(flag.short, flag.name);
  }
  return problems;
}

// `({ service = "nginx" }: ...)` → service → the initializer.
function destructuredDefaults(parameter: TS.ParameterDeclaration): Map<string, TS.Expression> {
  const defaults = new Map<string, TS.Expression>();
  if (!ts.isObjectBindingPattern(parameter.name)) return defaults;
  for (const element of parameter.name.elements) {
    const key = element.propertyName ?? element.name;
    if (element.initializer && (ts.isIdentifier(key) || ts.isStringLiteral(key)))
      defaults.set(key.text, element.initializer);
  }
  return defaults;
}
