import { planPaths } from "./paths.ts";
import { shown } from "./stats.ts";

/**
 * What a download's dry run adds when its source has no trailing `/`: it asked the host nothing, so it showed a file's
 * copy, where a directory would be mirrored instead, or refused (`refused`: why). `source` as written, `destination`
 * as given to rsync. Pure.
 */
export function unaskedShape(source: string, destination: string, refused?: string): string {
  const into = shown(planPaths(source, true, destination).destination);
  const unasked = `shown as a file's copy: a dry run does not ask the host what ${shown(source)} is; if a directory, `;
  if (refused !== undefined) return `${unasked}a real run fails: ${refused}`;
  return `${unasked}a real run mirrors its contents into ${into} (write ${shown(`${source}/`)} to show that copy)`;
}
