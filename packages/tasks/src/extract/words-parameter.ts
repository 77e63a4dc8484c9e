import { problemAt } from "./problem-at.ts";
import { ts, type TS } from "./typescript.ts";
import type { LoadProblem } from "../types.ts";

const GIVE = "remove it or give it a default";

/**
 * What is wrong with the parameters after a task's flags: the one after them gets the words after -- as text
 * (`string[]`, or one argument each to a rest parameter), so a type that cannot hold them (`number[]`, `string`) would
 * reach the task as something else; a required parameter after it would get nothing.
 */
export function wordsParameterProblems(
  checker: TS.TypeChecker,
  parameters: readonly TS.ParameterDeclaration[],
  task: string,
): LoadProblem[] {
  const [words, ...after] = parameters;
  const problems: LoadProblem[] = [];
  if (words !== undefined && !holdsWords(checker, checker.getNonNullableType(checker.getTypeAtLocation(words)))) {
    const written = words.getText().replace(/\s+/g, " ");
    const fix = `${words.dotDotDotToken ? "..." : ""}${words.name.getText()}: string[]`;
    const message = `the parameter \`${written}\` gets the words after -- as text; type it \`${fix}\``;
    problems.push(problemAt(words, `task "${task}": ${message}`));
  }
  for (const parameter of after) {
    if (parameter.questionToken || parameter.initializer || parameter.dotDotDotToken) continue;
    const name = parameter.name.getText();
    problems.push(problemAt(parameter, `task "${task}": the parameter \`${name}\` gets nothing from dk; ${GIVE}`));
  }
  return problems;
}

// An array whose items may be strings, or a type that takes anything.
function holdsWords(checker: TS.TypeChecker, type: TS.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  if (!checker.isArrayType(type)) return false;
  const [item] = checker.getTypeArguments(type as TS.TypeReference);
  return item !== undefined && checker.isTypeAssignableTo(checker.getStringType(), item);
}
