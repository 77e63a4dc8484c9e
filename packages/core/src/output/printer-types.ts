/** How one command ended, as a printer sees it. */
export type RunEnd = {
  readonly command: string;
  readonly exitCode: number;
  readonly durationMs: number;
  /** Why it failed (one line), when it failed and that failure was an error (not `check: false`). */
  readonly error?: string | undefined;
  /** Its failure was its stop (Ctrl-C, an abort), not a fault of its own. */
  readonly stopped?: boolean | undefined;
};

/**
 * Where everything a run shows goes: tagged lines, notices, and (for views that track hosts) each command's start
 * and end. One per process, so host colours stay stable across calls; a task runner may install its own.
 */
export type Printer = {
  /**
   * Writes `[tag] line` to stdout, or to stderr in red; returns a promise when the stream wants us to wait (a slow
   * pipe). `continued`: the text carries on the line before it, after `CARRIED` (a line past `LINE_LIMIT` bytes comes
   * in pieces).
   */
  line(tag: string, text: string, stream?: "stdout" | "stderr", continued?: boolean): Promise<void> | undefined;
  /**
   * A line under way on `tag` that `\r` redraws (a progress bar), as a terminal shows it now; views that show each
   * host's latest output use it, tagged lines wait for the line's end.
   */
  redraw?(tag: string, text: string, stream: "stdout" | "stderr"): void;
  /** A tagged notice on stderr (warnings, waiting messages). */
  notice(tag: string, text: string): void;
  /**
   * A command starts on `tag` (after its echo); `host` is set for runs bound to a host, unset for plain local `run()`.
   */
  start?(tag: string, command: string, host?: string): void;
  /** A command on `tag` ended. */
  end?(tag: string, end: RunEnd): void;
  /** A group call is about to run on these hosts (some may wait for a `concurrency` slot). */
  plan?(tags: readonly string[]): void;
  /** A group call starts its part on `tag` (its command or function), once it has a `concurrency` slot. */
  begin?(tag: string): void;
  /**
   * A group call is done with `tag`: its command or function returned, or failed because of `error` (one line);
   * `stopped`: that error was the call's stop (Ctrl-C, an abort), not a fault of the host's.
   */
  settled?(tag: string, error?: string, stopped?: boolean): void;
  /** A library function (deployNixos, reboot) printed its own per-host summary of these hosts: no need for another. */
  summarized?(tags: readonly string[]): void;
  /**
   * An interactive command (`stdin: "inherit"`) takes the terminal: show what waits, then draw nothing over it until
   * the returned function gives the terminal back.
   */
  yieldTerminal?(tag: string): () => void;
};
