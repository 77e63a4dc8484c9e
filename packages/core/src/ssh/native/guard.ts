import type { Client, ClientChannel } from "ssh2";
import { guardianMessage, guardianScript, guardianStopScript } from "../guardian.ts";
import { guarded } from "../remote-command.ts";

/** What a guarded command's run tells the guardian: its stop (stdin's end, as for the watchdog) and its end. */
export type Watch = { readonly stop: () => void; readonly done: () => void };

/** A connection's guardian on its host (see guardian.ts), ready: the file its commands register in is known. */
export class Guard {
  private tokens = 0;

  private constructor(
    private readonly client: Client,
    private readonly channel: ClientChannel,
    private readonly list: string,
  ) {}

  /** Starts the guardian; undefined if it cannot run there (no mktemp, no room for a channel). */
  static start(client: Client): Promise<Guard | undefined> {
    return new Promise((resolve) => {
      client.exec(guardianScript(), (error, channel) => {
        if (error) return resolve(undefined);
        let head = "";
        const fail = () => (channel.close(), resolve(undefined));
        channel.stderr.resume();
        channel.on("data", (chunk: Buffer) => {
          if (head.endsWith("\n")) return;
          head += chunk.toString();
          if (!head.endsWith("\n")) return head.length > 4096 ? fail() : undefined;
          const list = head.slice(0, -1);
          if (!list.startsWith("/") || list.includes("\n")) return fail();
          resolve(new Guard(client, channel, list));
        });
        // It said nothing and went: whatever it lacked, the commands keep their own watchdogs.
        channel.once("close", () => resolve(undefined));
      });
    });
  }

  /** Open while its channel is: once it is gone (closed, or its host killed it), commands get no new token. */
  get open(): boolean {
    return this.channel.writable;
  }

  /** `line` under the guardian, with a token of its own; the run's stop and end go to the guardian. */
  wrap(line: string): { readonly line: string; readonly watch: Watch } {
    const token = ++this.tokens;
    let ended = false;
    const say = (text: string) => void (this.channel.writable && this.channel.write(text));
    return {
      line: guarded(line, this.list, token),
      watch: {
        stop: () => ended || (this.open ? say(guardianMessage.stop(token)) : this.stopAlone(token)),
        done: () => {
          if (ended) return;
          ended = true;
          say(guardianMessage.done(token));
        },
      },
    };
  }

  // Its host killed the guardian while one of its commands ran: a session of its own does that command's stop.
  private stopAlone(token: number): void {
    try {
      this.client.exec(guardianStopScript(this.list, token), (error, channel) => {
        if (error) return;
        channel.resume();
        channel.stderr.resume();
      });
    } catch {
      // "Not connected": the connection is gone too, and nothing reaches the host any more.
    }
  }

  /** Ends its stdin, so that it exits (its host's session limit wants the room); resolves once its channel is gone. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      this.channel.once("close", resolve);
      this.channel.end();
    });
  }
}
