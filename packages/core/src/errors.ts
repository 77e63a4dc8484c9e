import type { CommandResult } from "./types.ts";
import { isInstance } from "./error-chain.ts";
import { oneLine } from "./output/one-line.ts";
import { visible } from "./output/printer.ts";
import { exitCodeText } from "./run/command-result.ts";

/** Why a command ended unsuccessfully, beyond its exit code. */
export type FailureDetail = {
  readonly host?: string | undefined;
  readonly timedOut?: boolean | undefined;
  readonly timeout?: number | undefined;
  readonly interrupted?: boolean | undefined;
  /** A timed-out or interrupted run was stopped before its command started: while connecting, or waiting to start. */
  readonly before?: "starting" | "connecting" | undefined;
  /** Last lines the command printed (kept even when output was printed rather than captured). */
  readonly tail?: readonly string[] | undefined;
  /** The last line it printed on stderr: usually the why. */
  readonly lastError?: string | undefined;
  /** The captured output passed `maxBuffer`, so the command was stopped. */
  readonly overflow?: { readonly stream: "stdout" | "stderr"; readonly maxBuffer: number } | undefined;
  /** Why the `input` stream failed: the command was stopped, or never started. */
  readonly inputError?: string | undefined;
  /** Why the process could not be started at all. */
  readonly startError?: string | undefined;
  /** A known ssh failure: what ssh said and what to do. */
  readonly ssh?: { readonly line: string; readonly hint: string } | undefined;
  /** The host's login shell found no bash to run the command in: what it said. */
  readonly noBash?: string | undefined;
};

/**
 * A command exited non-zero, timed out or was interrupted. Has every field of `CommandResult` (Buffers with `encoding:
 * "buffer"`).
 */
export class CommandError<O extends string | Buffer = string> extends Error implements CommandResult<O> {
  override readonly name = "CommandError";
  readonly command: string;
  readonly exitCode: number;
  readonly stdout: O;
  readonly stderr: O;
  readonly durationMs: number;
  readonly host: string | undefined;
  readonly timedOut: boolean;
  readonly interrupted: boolean;
  readonly tail: readonly string[];
  /** Why it failed, in one line, without the host, the command shortened. */
  readonly reason: string;

  // A thrown value whose prototype cannot be read is no CommandError, rather than an error of its own.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, value);
  }

  constructor(result: CommandResult<O>, detail: FailureDetail = {}, options?: ErrorOptions) {
    const full = describe(shown(result.command), result, detail);
    super(detail.host === undefined ? full : `[${detail.host}] ${full}`, options);
    // Long commands would drown a per-host summary line; `message` has the first 1000 characters, `command` all.
    this.reason = describe(oneLine(result.command, 60), result, detail);
    this.command = result.command;
    this.exitCode = result.exitCode;
    this.stdout = result.stdout;
    this.stderr = result.stderr;
    this.durationMs = result.durationMs;
    this.host = detail.host;
    this.timedOut = detail.timedOut ?? false;
    this.interrupted = detail.interrupted ?? false;
    this.tail = detail.tail ?? [];
  }

  /** As JSON: the name and message, which an Error does not enumerate, then every field of the result. */
  toJSON() {
    return { ...this, name: this.name, message: this.message };
  }
}

// A command longer than this is cut in `message` (a generated script, a 100 KB argument): `command` keeps it whole.
const SHOWN = 1000;

function shown(command: string): string {
  if (command.length <= SHOWN) return command;
  return `${command.slice(0, SHOWN)}… (${command.length - SHOWN} more characters, in the error's \`command\`)`;
}

function describe(command: string, result: CommandResult<string | Buffer>, detail: FailureDetail): string {
  if (detail.timedOut)
    return `\`${command}\` timed out after ${detail.timeout ?? result.durationMs} ms${phase(detail)}`;
  if (detail.interrupted) return `\`${command}\` was interrupted${phase(detail)}`;
  if (detail.overflow) {
    const { maxBuffer, stream } = detail.overflow;
    return (
      `\`${command}\` printed more than ${maxBuffer} byte${maxBuffer === 1 ? "" : "s"} on ${stream} (maxBuffer) and ` +
      `was stopped; raise maxBuffer, or set ${stream}: "print" to print it rather than capture it`
    );
  }
  if (detail.inputError !== undefined)
    return `\`${command}\` did not get all of its input, the stream failed: ${detail.inputError}`;
  if (detail.startError !== undefined) return `\`${command}\` could not start: ${detail.startError}`;
  if (detail.ssh) return `ssh failed: ${detail.ssh.line}: ${detail.ssh.hint}`;
  if (detail.noBash !== undefined)
    return (
      `\`${command}\` did not run: the host has no bash, which dk runs remote commands in ` +
      `(its login shell said "${visible(detail.noBash).trim()}"); install bash there`
    );
  // A progress line's `\r`s would make the message overwrite itself on a terminal.
  const last = visible(detail.lastError ?? "").trim();
  const why = last ? `: ${last}` : "";
  return `\`${command}\` failed with exit code ${exitCodeText(result.exitCode)}${why}`;
}

// When a stop came before the command started, and so it never ran: in which wait.
function phase(detail: FailureDetail): string {
  if (detail.before === "connecting") return " while connecting to the host; the command never started";
  return detail.before === "starting" ? " before it started" : "";
}
