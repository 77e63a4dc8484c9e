import { Group as GroupClass } from "./group-class.ts";
import type { Host } from "./host.ts";

// The `meta` type of a host type; of a union of host types, the union of theirs.
type MetaOf<H> = H extends Host<infer Meta> ? Meta : never;

/** How `new Group(hosts)` is typed: by the hosts' `meta`, the union of theirs when they differ. */
export type GroupConstructor = {
  /** Several hosts, driven in parallel. Results always come back in host order. */
  new <Meta = Record<string, unknown>>(hosts: readonly Host<Meta>[]): GroupClass<Meta>;
  /**
   * Hosts whose `meta` types differ (`{ dc }` and `{ role }`): the group's `Meta` is their union, narrowed with `in`.
   */
  // `_Only` is never given: a second type parameter without a default keeps this signature out of
  // `new Group<Meta>(…)` and `extends Group<Meta>`, which take one (two signatures there must give one type).
  new <H extends Host<unknown>, _Only extends never>(hosts: readonly H[]): GroupClass<MetaOf<H>>;
  readonly prototype: GroupClass<unknown>;
};

/** Several hosts, driven in parallel. Results always come back in host order. */
export type Group<Meta = Record<string, unknown>> = GroupClass<Meta>;
export const Group: GroupConstructor = GroupClass;
