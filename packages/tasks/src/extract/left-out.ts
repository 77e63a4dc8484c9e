import { ts, type TS } from "./typescript.ts";
import { runtimeParameters, type TaskFunction } from "./signature.ts";
import { isPackageClass, seenWithPackages } from "./imported.ts";
import type { Resolver } from "./resolver.ts";
import { isLeftOut, resolve } from "./values.ts";

// Whether what dk reads of a task's signature could depend on a module the program left out. It reads the first
// parameter's type; so every name in what types it, and in each local declaration those names lead to (to any
// depth, bodies included), must resolve to a declaration the program has.
export function signatureLeftOut(resolver: Resolver, checker: TS.TypeChecker, fn: TaskFunction): boolean {
  const type = runtimeParameters(fn)[0]?.type;
  if (type !== undefined && isPackageClass(resolver, checker, type)) return false;
  const walked = new Set<TS.Node>();
  const pending = signatureNodes(fn);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (walked.has(node)) continue;
    walked.add(node);
    let leftOut = false;
    const visit = (child: TS.Node): void => {
      if (leftOut) return;
      if (ts.isIdentifier(child)) {
        const next = declarationsOf(resolver, checker, child);
        if (next === undefined) leftOut = true;
        else pending.push(...next);
      }
      ts.forEachChild(child, visit);
    };
    visit(node);
    if (leftOut) return true;
  }
  return false;
}

// What types the first parameter, whose properties become flags (a second only has to exist): its annotation, else
// the parameter with its defaults and where the function stands, which types it then (`const t: Task = (o) => …`,
// `{ … } satisfies Tasks`, `wrap((o) => …)`).
function signatureNodes(fn: TaskFunction): TS.Node[] {
  const [options] = runtimeParameters(fn);
  if (options === undefined) return [];
  if (options.type !== undefined) return [options.type];
  const nodes: TS.Node[] = [options];
  for (let at: TS.Node = fn; !ts.isSourceFile(at.parent); at = at.parent) {
    const parent = at.parent;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      nodes.push(parent.expression, ...(parent.typeArguments ?? []));
    } else if ("type" in parent && parent.type !== undefined && ts.isTypeNode(parent.type as TS.Node)) {
      nodes.push(parent.type as TS.TypeNode);
    }
  }
  return nodes;
}

// Where a name leads: the declarations to read next ([] for the language's own, like `undefined`), or undefined
// when it resolves to nothing here.
function declarationsOf(
  resolver: Resolver,
  checker: TS.TypeChecker,
  name: TS.Identifier,
): readonly TS.Node[] | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return undefined;
  const target = resolve(checker, symbol);
  if (target === symbol && !symbol.declarations?.length) return [];
  // An import the full read would not follow either is the same unknown type in both.
  if (isLeftOut(target)) return seenWithPackages(resolver, symbol) ? undefined : [];
  const declarations = target.declarations!;
  if (!declarations.some(ts.isSourceFile)) return declarations.map(wholeDeclaration);
  // `lib.Opts` resolves `Opts` on its own; a module named alone (`typeof lib`) would need all of it.
  const qualifies =
    (ts.isQualifiedName(name.parent) && name.parent.left === name) ||
    (ts.isPropertyAccessExpression(name.parent) && name.parent.expression === name);
  return qualifies ? [] : undefined;
}

// A destructured name's declaration is the whole `const { a } = value` or parameter: its type comes from there.
function wholeDeclaration(declaration: TS.Declaration): TS.Node {
  let at: TS.Node = declaration;
  while (ts.isBindingElement(at) || ts.isObjectBindingPattern(at) || ts.isArrayBindingPattern(at)) at = at.parent;
  return at;
}
