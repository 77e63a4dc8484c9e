import { DescriptorLimitError, roomFor } from "../../run/spawn-child.ts";

/** A connection of this process, as far as file descriptors go. */
export type Holder = {
  /** Closable now without failing anything: pooled, no command on it, no hop through it. */
  idle(): boolean;
  /** When it last became idle: the least recently used goes first. */
  since(): number;
  /** Whether it has a socket of its own (a hop through a jump host has none, but closing it may idle that host). */
  readonly direct: boolean;
  close(): void;
};

// Kept free when a connection starts: its login may read a key or known_hosts file and reach an agent.
const RESERVE = 4;
const holders = new Set<Holder>();
const waiting: Array<() => void> = [];
// Attempts under way: each may hold a socket, or will free one.
let connecting = 0;
// Early connections (tcp.ts): how many are not yet taken, and closing the oldest of them.
let early = { count: () => 0, drop: () => false };

/** Lets early connections count as ours, and give way first when descriptors run short. */
export function earlyConnections(own: typeof early): void {
  early = own;
}

// The descriptors found free on this turn of the event loop, and how many had been granted then: the attempts of one
// turn all pass their check before any opens its socket, so each is counted against what the turn found.
let found = 0;
let grantedThen = 0;
let granted = 0;
let probed = false;

/**
 * Whether `count` more descriptors are free beyond a reserve and those of the attempts under way (each may need one
 * more while it logs in): grants them if so. Checked once per burst, not once per attempt.
 */
export function room(count: number): boolean {
  const want = count + RESERVE + connecting + early.count();
  if (found - (granted - grantedThen) < want) {
    if (roomFor(want * 2) === undefined) found = want * 2;
    else if (roomFor(want) === undefined) found = want;
    else return false;
    grantedThen = granted;
    if (!probed) {
      probed = true;
      setImmediate(() => ((found = 0), (probed = false)));
    }
  }
  granted += count;
  return true;
}

/** Counts `holder` as ours until the returned function is called (once it is closed). */
export function hold(holder: Holder): () => void {
  holders.add(holder);
  return () => holders.delete(holder) && changed();
}

/** Wakes whoever waits for descriptors: a connection of ours became idle or closed. */
export function changed(): void {
  for (const wake of waiting.splice(0)) wake();
}

/**
 * Runs `make` (which opens `need` descriptors) once there is room, as spawn-child does for processes: under pressure
 * it closes idle connections of ours (least recently used first), or else waits until one is idle or gone, and tries
 * again. Only with nothing of ours open is the limit too low: DescriptorLimitError.
 */
export async function withRoom<T>(make: () => T | Promise<T>, need = 1): Promise<T> {
  for (let alone = 0; ;) {
    let fits = room(need);
    while (!fits && evictIdle()) fits = room(need);
    let short = "EMFILE";
    if (fits || ours() === 0) {
      connecting++;
      let failure: unknown;
      try {
        return await make();
      } catch (error) {
        failure = error;
      } finally {
        connecting--;
      }
      // A failed attempt may have freed a socket another waits for.
      changed();
      const code = pressure(failure);
      if (code === undefined) throw failure;
      short = code;
      // Found short all the same (what the turn found is gone): an idle connection gives way before anyone waits.
      if (evictIdle()) continue;
      if (ours() === 0) {
        // Early connections are an optimization: theirs go first.
        if (early.drop()) continue;
        // The last one closed may still be on its way out: look once more, shortly.
        if (alone++ > 0) throw new DescriptorLimitError(short);
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

const ours = () => holders.size + connecting;

// The code of an error for want of descriptors, else undefined.
function pressure(error: unknown): string | undefined {
  if (error instanceof DescriptorLimitError) return error.code;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EMFILE" || code === "ENFILE" ? code : undefined;
}

// Closes the idle connection used least recently, one with a socket of its own first; false when none is idle.
function evictIdle(): boolean {
  let best: Holder | undefined;
  for (const holder of holders) {
    if (!holder.idle()) continue;
    if (best === undefined || holder.direct > best.direct) best = holder;
    else if (holder.direct === best.direct && holder.since() < best.since()) best = holder;
  }
  best?.close();
  return best !== undefined;
}
