import { DK_OWN_ENV } from "./own-env.ts";
import type { Flag, Task } from "./types.ts";

/** `DK_HOSTS` for the flag `hosts`; `DK_DOCS_BUILD_PORT` for `--port` of the task `docs.build`. */
export function envName(flag: Flag, task?: Task): string {
  const part = (name: string) => name.replace(/[.-]/g, "_").toUpperCase();
  return `DK_${task === undefined ? "" : `${part(task.name)}_`}${part(flag.name)}`;
}

/** The variables that may hold a flag's default, first wins: `DK_<TASK>_<FLAG>`, `DK_<FLAG>`; never dk's own. */
export function envNames(flag: Flag, task: Task): string[] {
  return [envName(flag, task), envName(flag)].filter((name) => !DK_OWN_ENV.has(name));
}

/**
 * Why the variable `name`, read for `flag` of `task`, cannot be taken for it: the same name also spells another flag's
 * variable (`DK_DEPLOY_HOSTS`: deploy's --hosts, and --deploy-hosts of any task), so dk cannot tell which was meant.
 * Undefined when it spells this flag's alone.
 */
export function envClash(name: string, flag: Flag, task: Task, tasks: readonly Task[]): string | undefined {
  const own = envName(flag, task) === name;
  const meanings: string[] = [];
  // DK_<FLAG> means one flag name, whichever tasks have it.
  const general = new Map<string, string[]>();
  for (const other of tasks) {
    for (const candidate of other.flags) {
      if (other.name === task.name && candidate.name === flag.name) continue;
      if (envName(candidate, other) === name) meanings.push(`${other.name}'s --${candidate.name}`);
      else if (envName(candidate) === name && (own || candidate.name !== flag.name))
        general.set(candidate.name, [...(general.get(candidate.name) ?? []), other.name]);
    }
  }
  for (const [flagName, names] of general) meanings.push(`the --${flagName} of any task (${names.join(", ")})`);
  if (meanings.length === 0) return undefined;
  const meant = own ? `${task.name}'s --${flag.name}` : `the --${flag.name} of any task`;
  const alone = envNames(flag, task).filter((other) => other !== name);
  return (
    `the name is both ${meant} and ${meanings.join(" and ")}, so dk takes it for neither; give the value on the ` +
    `command line, in dk.config.json${alone.length > 0 ? `, or as ${alone.join(" or ")}` : ""}`
  );
}
