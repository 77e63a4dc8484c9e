import type { Recorder } from "@deploykit/core";

/** Which hosts still run a command or their part of a group call, as the printer hears of them. */
export type Busy = {
  /** The hosts with something under way, in the order they started. */
  readonly hosts: () => string[];
  /** Settles once nothing is under way. */
  readonly idle: () => Promise<void>;
};

type Kind = "commands" | "parts";

/** `recorder`, passing everything on, and what it tells of the work under way. */
export function trackBusy(recorder: Recorder): { recorder: Recorder; busy: Busy } {
  const counts = new Map<string, Record<Kind, number>>();
  const waiters: (() => void)[] = [];
  const add = (tag: string, kind: Kind, by: 1 | -1) => {
    const count = counts.get(tag) ?? { commands: 0, parts: 0 };
    // An end without its start (a part settled before dk watched) is not counted down.
    if (count[kind] + by < 0) return;
    count[kind] += by;
    if (count.commands + count.parts > 0) counts.set(tag, count);
    else counts.delete(tag);
    if (counts.size === 0) waiters.splice(0).forEach((resolve) => resolve());
  };
  const tracked: Recorder = {
    ...recorder,
    start(tag, command, host) {
      add(tag, "commands", 1);
      recorder.start(tag, command, host);
    },
    end(tag, end) {
      add(tag, "commands", -1);
      recorder.end(tag, end);
    },
    begin(tag) {
      add(tag, "parts", 1);
      recorder.begin(tag);
    },
    settled(tag, error) {
      add(tag, "parts", -1);
      recorder.settled(tag, error);
    },
  };
  return {
    recorder: tracked,
    busy: {
      hosts: () => [...counts.keys()],
      idle: () => (counts.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    },
  };
}
