import { hostList } from "./output/one-line.ts";
import { selectableTag } from "./selector-term.ts";

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
    const unnamed = tags.filter((tag) => !selectableTag(tag)).map((tag) => JSON.stringify(tag));
    const rename =
      unnamed.length === 0
        ? ""
        : `; no selector can name ${hostList(unnamed, TAGS_SHOWN)}: a tag in a selector is letters, digits and ` +
          '_.:%+/=- (rename it, as web-servers for "web servers")';
    super(
      `\`${selector}\` matches none of the ${candidates.length} hosts (${among}); ${known}${rename}. ` +
        "Check the spelling, or drop the selection",
    );
  }
}
