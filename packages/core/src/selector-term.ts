// Glob characters are `*` and `?`; the rest of a tag or name is what hostnames and tags are made of (`/` and `=` of
// tags such as `env/prod`, `role=web`), and within a name the `@` and `:` of an output tag (parseHosts tags
// `admin@db` and `db:2222` when they share a host).
export const TERM = /^(!?)(@?)([A-Za-z0-9_.:*?[\]%+/=-][A-Za-z0-9_.:*?[\]%+@/=-]*)$/;

/** Whether a selector can name this tag as `@tag` (one with a space, a comma or a quote it cannot). Pure. */
export function selectableTag(tag: string): boolean {
  return TERM.test(`@${tag}`);
}
