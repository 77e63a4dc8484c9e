import { watchSignals } from "../signals.ts";
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

/**
 * Listens for Ctrl-C (and SIGTERM) while a deployment runs; `choice` says what becomes of its running activations.
 * The signal's abort reason is "Ctrl-C" or "SIGTERM".
 */
export function watchInterrupt(choice: OnInterrupt, stderr: NodeJS.WritableStream = process.stderr): InterruptWatch {
  let decided: Promise<InterruptAnswer> | undefined;
  // SIGTERM has nobody to ask.
  const watch = watchSignals((signal) => {
    decided = decide(signal === "SIGTERM" && choice === "ask" ? "stop" : choice, activations.size, stderr);
  });
  return {
    signal: watch.signal,
    decision: () => decided ?? Promise.resolve("stop"),
    end: () => watch.end(),
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
