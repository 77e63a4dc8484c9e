import type { Host } from "@deploykit/core";
import { stateDir } from "./state-dir.ts";
import type { NixosAction } from "./types.ts";

/**
 * An activation dk is following: where, its id, how it was detached, its confirm timeout when armed, and what
 * nixos-rebuild does.
 */
export type Running = {
  readonly host: string;
  readonly id: string;
  /** `systemd-run` or `setsid`, as the host said when it started it. */
  readonly how: string;
  /** Seconds the host waits for a confirmation after nixos-rebuild ends; undefined: no rollback armed. */
  readonly confirmTimeoutS: number | undefined;
  readonly action: NixosAction;
};

/** The activations dk is following, so that Ctrl-C knows how many to ask about. */
class Activations {
  readonly #running = new Set<Running>();

  add(
    host: Host<unknown>,
    id: string,
    how: string,
    confirmTimeoutS: number | undefined,
    action: NixosAction,
  ): Running & { done(): void } {
    const entry = { host: host.commandPrefix, id, how, confirmTimeoutS, action };
    this.#running.add(entry);
    return { ...entry, done: () => void this.#running.delete(entry) };
  }

  get size(): number {
    return this.#running.size;
  }
}

/** The process's running activations. */
export const activations = new Activations();

/**
 * What to tell the user about an activation dk leaves running: how to follow it, what becomes of it (an armed one
 * rolls back by itself, since dk will not confirm it) and how to keep or stop it by hand. One or two tagged lines.
 */
export function leaveNotice({ host, id, how, confirmTimeoutS }: Running): string {
  const d = stateDir(id);
  const unit = how === "systemd-run" ? ` (systemd unit ${id}: systemctl status ${id})` : "";
  const stop = `stop it: kill $(cat ${d}/pid)`;
  const fate =
    confirmTimeoutS === undefined
      ? `no rollback is armed: the host keeps what nixos-rebuild leaves; ${stop}`
      : `nobody confirms it now: ${confirmTimeoutS} s after nixos-rebuild ends, the host goes back to the system it ` +
        `ran before; keep the new one without dk's checks: touch ${d}/confirm; ${stop}`;
  return `[${host}] left running: ${id}${unit}; follow it: tail -f ${d}/log\n[${host}] ${fate}\n`;
}
