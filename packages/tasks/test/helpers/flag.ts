import type { Flag } from "../../src/types.ts";

/** A task's flag as the extractor would declare it: optional unless `more` says otherwise. */
export const flag = (name: string, type: Flag["type"], more: Partial<Flag> = {}): Flag => ({
  name,
  property: name,
  type,
  required: false,
  ...more,
});
