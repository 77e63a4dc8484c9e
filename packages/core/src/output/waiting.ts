import { NOTICE_WIDTH, oneLine } from "./one-line.ts";

const DEFAULT_INTERVAL_MS = 20_000;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/**
 * Calls `notify` with a "still waiting" message after each `interval` without output; once told the command `exited`
 * (its exit code, or signal), the message says that what it started in the background holds its output.
 */
export function waitingNotice(command: string, notify: (text: string) => void) {
  const interval = Number(process.env.DEPLOYKIT_WAITING_NOTICE_MS) || DEFAULT_INTERVAL_MS;
  // A long command line (rsync's, a script's) is named by its start.
  const shown = oneLine(command, NOTICE_WIDTH);
  const started = Date.now();
  let last = started;
  let timer: NodeJS.Timeout | undefined;
  // How the command ended, once it did while its output stays open.
  let ended: string | undefined;
  const arm = (delay: number) => {
    timer = setTimeout(check, delay);
    timer.unref();
  };
  // One timer, re-armed lazily: output only records a timestamp, which keeps the cost per chunk of output at nothing.
  function check() {
    const quiet = Date.now() - last;
    if (quiet >= interval) {
      const elapsed = clock(Date.now() - started);
      notify(
        ended === undefined
          ? `still waiting for '${shown}' to finish... (${elapsed} elapsed)`
          : `'${shown}' exited (${ended}), but a background job it started keeps its output open; waiting for it ` +
              `(${elapsed} elapsed); redirect that job's output (> file 2>&1) not to wait`,
      );
      last = Date.now();
      arm(interval);
    } else arm(interval - quiet);
  }
  arm(interval);
  return {
    touch: () => void (last = Date.now()),
    // Counted as output: the notice says the output is held only once it stayed open a whole interval after.
    exited: (how: string) => void ((ended = how), (last = Date.now())),
    stop: () => clearTimeout(timer),
  };
}
