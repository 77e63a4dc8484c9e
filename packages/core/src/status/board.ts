import { clip, oneLine } from "../output/one-line.ts";
import type { RunEnd } from "../output/printer.ts";
import { countPhases, newHost, type HostStatus, type Phase } from "./host-status.ts";
import { sanitize } from "./width.ts";

/** Per-host state for the live view; memory per host is bounded by `tailSize` lines. */
export class Board {
  // A tag seen before it has a row (its command's echo) holds its place: undefined until the row comes.
  readonly #hosts = new Map<string, HostStatus | undefined>();
  constructor(readonly tailSize: number) {}

  get hosts(): readonly HostStatus[] {
    return [...this.#hosts.values()].filter((host) => host !== undefined);
  }

  /**
   * A line of `tag` (a command's echo, as the command is called): its row, if one comes (when the command starts, after
   * its connection), goes here, so rows keep the order the task called its commands in, not the order they started.
   */
  reserve(tag: string): void {
    if (!this.#hosts.has(tag)) this.#hosts.set(tag, undefined);
  }

  /** The host for `tag`, if a command or a group call brought it here. */
  find(tag: string): HostStatus | undefined {
    return this.#hosts.get(tag);
  }

  /** The host for `tag`, created (waiting) on first sight. */
  host(tag: string): HostStatus {
    let host = this.#hosts.get(tag);
    if (host === undefined) {
      host = newHost(tag);
      this.#hosts.set(tag, host);
    }
    return host;
  }

  /**
   * Records an output line; false when the host runs nothing (an echoed command), which the view ignores. A long line's
   * next piece (`continued`) is the latest output, but no line of the tail: its start is there.
   */
  line(tag: string, text: string, stream: "stdout" | "stderr", continued = false): boolean {
    const host = this.find(tag);
    if (host === undefined || host.running === 0) return false;
    host.last = sanitize(text);
    if (stream === "stderr" && !continued) this.#keep(host, host.last);
    return true;
  }

  /** A line under way, redrawn: shown as the host's latest output until its end comes as a line; false if idle. */
  redraw(tag: string, text: string): boolean {
    const host = this.find(tag);
    if (host === undefined || host.running === 0) return false;
    host.last = sanitize(text);
    return true;
  }

  /**
   * Records a notice; false when the host runs nothing, so the view prints it instead. A tag that is no host yet (a
   * group call's "no hosts") gets no row: it would wait there forever.
   */
  notice(tag: string, text: string): boolean {
    const host = this.find(tag);
    if (host === undefined) return false;
    this.#keep(host, sanitize(text));
    if (host.running === 0) return false;
    host.last = sanitize(text);
    return true;
  }

  start(tag: string, command: string): void {
    const host = this.host(tag);
    host.running++;
    host.phase = "running";
    host.command = sanitize(oneLine(command));
    host.last = "";
    host.startedAt ??= performance.now();
  }

  end(tag: string, end: RunEnd): void {
    const host = this.host(tag);
    host.running = Math.max(0, host.running - 1);
    host.exitCode = end.exitCode;
    host.error = end.error === undefined ? undefined : sanitize(end.error);
    host.endedAt = performance.now();
    if (host.running > 0) return;
    if (host.parts === 0) host.phase = end.error === undefined ? "ok" : "failed";
    // A group call's function goes on after its command: the host is done when the function is (`settle`).
    else [host.command, host.last] = ["", ""];
  }

  /**
   * A group call starts its part on `tag`: until it settles, the host is not done, whatever its commands did. Its turn
   * has come: it runs from now (connecting, or in its function before a command), no longer waiting for a slot.
   */
  begin(tag: string): void {
    const host = this.host(tag);
    host.parts++;
    if (host.running === 0) [host.phase, host.command, host.last] = ["running", "", ""];
    host.startedAt ??= performance.now();
  }

  /** A command's echo (`$ command`) on a host whose turn came: what it is about to run, until it starts; else false. */
  upcoming(tag: string, text: string): boolean {
    const host = this.find(tag);
    if (host === undefined || host.running > 0 || host.parts === 0 || !text.startsWith("$ ")) return false;
    host.command = sanitize(oneLine(text.slice(2)));
    return true;
  }

  /**
   * A group call is done with `tag`: its function's outcome is the host's, whatever its last command's was (it may
   * fail after commands that succeeded, recover from one that failed, or run none).
   */
  settle(tag: string, error: string | undefined): void {
    const host = this.host(tag);
    host.parts = Math.max(0, host.parts - 1);
    if (host.running > 0 || host.parts > 0) return;
    if (host.phase === "running") host.endedAt = performance.now();
    if (error === undefined) {
      if (host.phase !== "stopped") [host.phase, host.error] = ["ok", undefined];
      return;
    }
    [host.phase, host.error] = ["failed", sanitize(error)];
    host.endedAt ??= performance.now();
  }

  /** Hosts still running when the view stops were cut short (Ctrl-C): a command, or their function (between two). */
  stopAll(): void {
    for (const host of this.hosts) {
      if (host.phase === "running" || host.parts > 0) {
        host.phase = "stopped";
        host.endedAt = performance.now();
      }
    }
  }

  counts(): Record<Phase, number> {
    return countPhases(this.hosts);
  }

  #keep(host: HostStatus, text: string): void {
    if (this.tailSize === 0) return;
    host.tail.push(clip(text, 500));
    if (host.tail.length > this.tailSize) host.tail.shift();
  }
}
