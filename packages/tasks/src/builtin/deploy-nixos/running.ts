import type { Host } from "@deploykit/core";
import { stateDir } from "./activation.ts";

type Running = { readonly host: string; readonly id: string; readonly armed: boolean };

/**
 * The activations dk is following, so that Ctrl-C can say what keeps running where: they are detached, and dk
 * leaving does not stop them (an armed one then rolls back, since nobody confirms it).
 */
class Activations {
  readonly #running = new Set<Running>();

  add(host: Host<unknown>, id: string, armed: boolean): { done(): void } {
    const entry = { host: host.commandPrefix, id, armed };
    this.#running.add(entry);
    return { done: () => void this.#running.delete(entry) };
  }

  /** What to tell the user when dk is interrupted now; empty when nothing runs. */
  notice(): string {
    return [...this.#running]
      .map(({ host, id, armed }) => {
        const left = armed ? "keeps running, and rolls back by itself since dk will not confirm it" : "keeps running";
        const d = stateDir(id);
        return `[${host}] the activation ${id} ${left}; log: ${d}/log; stop it: kill $(cat ${d}/pid)\n`;
      })
      .join("");
  }
}

/** The process's running activations. */
export const activations = new Activations();
