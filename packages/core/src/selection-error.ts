import { hostList } from "./output/one-line.ts";

// The hosts and tags a SelectionError's message names at most: a fleet's thousand tags would bury what it says.
const HOSTS_SHOWN = 8;
const TAGS_SHOWN = 20;

/** A selector (or `--on`) picked no host: running nothing would look like success. */
export class SelectionError extends Error {
  override readonly name = "SelectionError";
  constructor(
    readonly selector: string,
    /** The names of the hosts it was matched against. */
    readonly candidates: readonly string[],
    /** The tags those hosts carry, sorted. */
    readonly tags: readonly string[],
  ) {
    const among = hostList(candidates, HOSTS_SHOWN);
    const known =
      tags.length === 0
        ? "they carry no tags (meta.tags)"
        : `their tags: ${hostList(tags, TAGS_SHOWN, " (all in the error's `tags`)")}`;
    super(
      `\`${selector}\` matches none of the ${candidates.length} hosts (${among}); ${known}. ` +
        "Check the spelling, or drop the selection",
    );
  }
}
