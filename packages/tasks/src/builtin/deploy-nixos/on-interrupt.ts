import { holdExit } from "@deploykit/core";
import { askStopOrLeave, type InterruptAnswer } from "./ask.ts";
import { activations } from "./running.ts";
import { STOP_WAIT_S } from "./stop.ts";

/** What Ctrl-C does to activations still running: ask (on a terminal), stop them, or leave them running. */
export type OnInterrupt = "ask" | InterruptAnswer;

/** A deployment's view of Ctrl-C. */
export type InterruptWatch = {
  /** Aborted at the first Ctrl-C: every host stops following its activation and starting new steps. */
  readonly signal: AbortSignal;
  /** What to do with the running activations, decided once for all hosts at the first Ctrl-C. */
  decision(): Promise<InterruptAnswer>;
  /**
   * The deployment is over: dk may exit. Used alone (a plain script), the process then ends as Ctrl-C would end it
   * and this never settles; otherwise (dk, or the script's own SIGINT listener) it returns and the caller goes on.
   */
  end(): Promise<void>;
};

// SIGTERM is how a CI job is cancelled and a service stopped: the same as Ctrl-C, but with nobody to ask.
const SIGNALS = ["SIGINT", "SIGTERM"] as const;
type Interrupt = (typeof SIGNALS)[number];

/**
 * Listens for Ctrl-C (and SIGTERM) while a deployment runs; `choice` says what becomes of its running activations.
 * The signal's abort reason is "Ctrl-C" or "SIGTERM".
 */
export function watchInterrupt(choice: OnInterrupt, stderr: NodeJS.WritableStream = process.stderr): InterruptWatch {
  const controller = new AbortController();
  let decided: Promise<InterruptAnswer> | undefined;
  let release: (() => void) | undefined;
  let first: Interrupt = "SIGINT";
  // Only this listener for `signal`: a plain script, which Node would end on it.
  const alone = (signal: Interrupt) => process.listenerCount(signal) === 1;
  const listener = (signal: Interrupt) => {
    if (decided !== undefined) {
      // A second one: alone, exit now as Node would (dk has its own listener, which does so).
      if (alone(signal)) raise(signal);
      return;
    }
    first = signal;
    // dk waits for the stop (or the notices) before it exits.
    release = holdExit();
    controller.abort(signal === "SIGINT" ? "Ctrl-C" : signal);
    decided = decide(signal === "SIGTERM" && choice === "ask" ? "stop" : choice, activations.size, stderr);
  };
  const listeners = SIGNALS.map((signal) => [signal, () => listener(signal)] as const);
  const off = () => listeners.forEach(([signal, on]) => process.off(signal, on));
  const raise = (signal: Interrupt) => {
    off();
    process.kill(process.pid, signal);
  };
  listeners.forEach(([signal, on]) => process.on(signal, on));
  return {
    signal: controller.signal,
    decision: () => decided ?? Promise.resolve("stop"),
    end() {
      const ends = alone(first);
      off();
      release?.();
      if (!controller.signal.aborted || !ends) return Promise.resolve();
      raise(first);
      return new Promise<void>(() => {});
    },
  };
}

// One question for all hosts, on a terminal; without one, `ask` stops (see README: the safe default).
async function decide(choice: OnInterrupt, running: number, stderr: NodeJS.WritableStream): Promise<InterruptAnswer> {
  if (running === 0) return "stop";
  const hosts = running === 1 ? "1 host" : `${running} hosts`;
  const terminal = process.stdin.isTTY === true && process.stderr.isTTY === true;
  if (choice === "ask" && !terminal)
    stderr.write("dk: no terminal to ask on: stopping (--on-interrupt leave keeps it running)\n");
  const answer =
    choice === "ask" && terminal
      ? await askStopOrLeave(
          `Activation is running on ${hosts}. [s]top it, [l]eave it running? `,
          process.stdin,
          stderr,
        )
      : choice === "leave"
        ? "leave"
        : "stop";
  if (answer === "stop") stderr.write(`dk: stopping the activation on ${hosts} (waiting up to ${STOP_WAIT_S} s)\n`);
  return answer;
}
