/** One stream of a command as `endOrder` sees it. */
export type EndTurn = {
  /** Its held line (a start without its newline) changed: a stream waiting on it may go now. */
  changed(): void;
  /**
   * Runs `flush` (a line that began at `since` goes out: the one held at the stream's end, or ended by the exit mark)
   * once no other stream holds a line that began before it; one at a time.
   */
  inOrder<T>(since: number | undefined, flush: () => Promise<T> | T): Promise<T>;
};

// Longest a line waits for an older one of another stream: a background job may hold that stream open, its line too.
const WAIT_MS = 1000;

type Member = {
  readonly heldSince: () => number | undefined;
  waiter?: { readonly since: number; readonly go: () => void } | undefined;
};

/**
 * Shared by a command's streams: the lines each holds without their newline at its end go out in the order they
 * began, as a terminal would have shown them (`printf out; …; printf err >&2` shows out, then err), whichever stream
 * closes first. A stream waits only while another holds an older line, so at most until that one ends its line.
 */
export function endOrder(): { join(heldSince: () => number | undefined): EndTurn } {
  const members: Member[] = [];
  let flushing: Promise<unknown> = Promise.resolve();
  const release = () => {
    const waiting = members.filter((m) => m.waiter !== undefined);
    waiting.sort((a, b) => a.waiter!.since - b.waiter!.since);
    for (const member of waiting) {
      const { since, go } = member.waiter!;
      const older = (m: Member) => m !== member && m.waiter === undefined && (m.heldSince() ?? Infinity) < since;
      if (members.some(older)) return;
      member.waiter = undefined;
      go();
    }
  };
  return {
    join(heldSince) {
      const member: Member = { heldSince };
      members.push(member);
      return {
        changed: () => void (members.some((m) => m.waiter !== undefined) && release()),
        inOrder<T>(since: number | undefined, flush: () => Promise<T> | T): Promise<T> {
          const turn = new Promise<void>((go) => (member.waiter = { since: since ?? -Infinity, go }));
          const flushed = turn.then(() => (flushing = flushing.then(flush, flush)));
          release();
          const waiter = member.waiter;
          if (waiter !== undefined) {
            const late = setTimeout(
              () => member.waiter === waiter && ((member.waiter = undefined), waiter.go()),
              WAIT_MS,
            );
            void turn.then(() => clearTimeout(late));
          }
          return flushed as Promise<T>;
        },
      };
    },
  };
}
