import { once } from "node:events";
import { Duplex, PassThrough } from "node:stream";
import type { ClientChannel } from "ssh2";
import { describe, expect, it } from "vitest";
import { ChannelChild } from "../src/ssh/native/channel-child.ts";

// A channel as ssh2 gives it: a duplex (the command's stdin and stdout) with stderr beside it.
function channel(): Duplex & { stderr: PassThrough; close(): void } {
  const ch = new Duplex({ read() {}, write: (_chunk, _encoding, done) => done() });
  return Object.assign(ch, { stderr: new PassThrough(), close: () => {} });
}

// A command under a guardian, with what it told the guardian counted.
function guarded() {
  const ch = channel();
  const told = { stop: 0, done: 0 };
  const watch = { stop: () => void told.stop++, done: () => void told.done++ };
  const child = new ChannelChild(ch as unknown as ClientChannel, [], () => "lost", watch);
  // The far side closes: end of output, then the channel's close, as ssh2 reports them.
  const close = async () => {
    ch.push(null);
    ch.stderr.end();
    ch.emit("close");
    await once(child, "exit");
  };
  return { ch, told, close };
}

describe("a native command under a guardian", () => {
  it("tells the guardian to stop it when its stdin ends before its exit status came (a stop)", async () => {
    const { ch, told, close } = guarded();
    ch.end();
    await once(ch, "finish");
    expect(told).toEqual({ stop: 1, done: 0 });
    await close();
    expect(told).toEqual({ stop: 1, done: 1 });
  });

  it("does not, when stdin ends after the exit status (ssh2 ends it at the channel's close)", async () => {
    const { ch, told, close } = guarded();
    ch.emit("exit", 0);
    ch.end();
    await once(ch, "finish");
    await close();
    expect(told).toEqual({ stop: 0, done: 1 });
  });
});
