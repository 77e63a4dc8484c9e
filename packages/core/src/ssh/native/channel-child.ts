import { EventEmitter } from "node:events";
import { constants } from "node:os";
import { PassThrough, Readable, type Writable } from "node:stream";
import type { ClientChannel } from "ssh2";
import type { RunningChild } from "../../run/child.ts";
import type { Watch } from "./guard.ts";

/**
 * An SSH channel seen as the process `execute` runs: stdin, stdout, stderr and an exit code, as the `ssh` client would
 * give them. A channel that closes without an exit status exits 255 with ssh's words for why (`lost()`).
 */
export class ChannelChild extends EventEmitter implements RunningChild {
  readonly pid = undefined;
  readonly stdin: Writable;
  // Streams of our own, not the channel's: the stop sequence's last step destroys them, and the run settles then even
  // if the host keeps the channel (sshd does until the command's last process is gone: a KILL 5 s after the stop).
  readonly stdout: PassThrough = new PassThrough();
  readonly stderr: PassThrough = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  exitReported = false;

  constructor(
    private readonly channel: ClientChannel,
    notes: readonly string[],
    lost: () => string,
    watch?: Watch,
  ) {
    super();
    this.stdin = channel;
    channel.pipe(this.stdout);
    // Whatever comes after our stdout went is dropped, so the channel still reaches its close.
    this.stdout.once("close", () => channel.resume());
    for (const note of notes) this.stderr.write(`${note}\n`);
    let status: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    // An exit by signal is told as a spawned child's is (execute makes it 128 + its number, as bash does); the ssh
    // client would say 255, which reads as a lost connection. A signal this system does not know is 255.
    channel.once("exit", (code: number | null, signal?: string) => {
      const known = code === null && signal !== undefined && signal in constants.signals;
      status = known ? { code: null, signal: signal as NodeJS.Signals } : { code: code ?? 255, signal: null };
      this.exitReported = true;
    });
    // Under a guardian, stdin's end (the stop) is told to it: the command has no watchdog reading stdin. Not when ssh2
    // ends stdin itself at the channel's close, after the exit status: an ended command has nothing to stop.
    if (watch) channel.once("finish", () => status === undefined && watch.stop());
    channel.stderr.pipe(this.stderr, { end: false });
    const stderrDone = new Promise<void>((resolve) => {
      channel.stderr.once("end", resolve);
      channel.stderr.once("close", resolve);
    });
    channel.once("close", () => {
      watch?.done();
      // The remote stderr is drained first, so ssh's own last words come after the command's.
      void stderrDone.then(() => {
        if (status === undefined) this.stderr.write(`${lost()}\n`);
        this.stderr.end();
        ({ code: this.exitCode, signal: this.signalCode } = status ?? { code: 255, signal: null });
        // Never sooner than a spawned child's exit could come: whoever got this child this tick listens in time.
        setImmediate(() => this.emit("exit", this.exitCode, this.signalCode));
      });
      if (!channel.stderr.readableEnded) channel.stderr.resume();
    });
  }

  /** The stop sequence's last steps: the channel goes (stdin was closed first, so the remote side is stopping). */
  kill(): boolean {
    this.channel.close();
    if (this.stdout.destroyed) return false;
    return true;
  }
}

/**
 * A command that could not start: the connection failed (ssh's words on stderr, 255), or a stop came first (no words,
 * 143, as for a TERM). Nothing on stdout.
 */
export class FailedChild extends EventEmitter implements RunningChild {
  readonly pid = undefined;
  readonly stdin = null;
  readonly stdout = Readable.from([]);
  readonly stderr: Readable;
  readonly signalCode = null;

  constructor(
    lines: string,
    readonly exitCode = 255,
  ) {
    super();
    this.stderr = Readable.from(lines === "" ? [] : [Buffer.from(`${lines}\n`)]);
    setImmediate(() => this.emit("exit", exitCode, null));
  }

  kill(): boolean {
    return false;
  }
}
