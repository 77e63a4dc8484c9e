import type { TaskCall } from "./parse-flags.ts";
import type { Flag, ResolvedTask } from "./types.ts";

/** `deprecated`, or `deprecated: use deploy2` with the tag's text: the one wording of help, the list and the notes. */
export function deprecatedWords(text: string): string {
  // The words are followed by a full stop or end a line: the tag's own is dropped.
  const reason = text.replace(/\.+$/, "");
  return reason === "" ? "deprecated" : `deprecated: ${reason}`;
}

/**
 * dk's notes for a task the user named: the task itself when it is `@deprecated`, and each deprecated flag it got a
 * value for (on the command line, from the environment or dk.config.json: either way it is relied on).
 */
export function deprecationNotes(task: ResolvedTask, call: TaskCall): string[] {
  const notes: string[] = [];
  if (task.deprecated !== undefined) notes.push(`dk: task "${task.name}" is ${deprecatedWords(task.deprecated)}\n`);
  const given = (flag: Flag) => flag.deprecated !== undefined && Object.hasOwn(call.options, flag.property);
  for (const flag of task.flags.filter(given)) {
    notes.push(`dk: --${flag.name} of task "${task.name}" is ${deprecatedWords(flag.deprecated!)}\n`);
  }
  return notes;
}
