import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { coalesceWrites } from "../src/ssh/native/coalesce.ts";
import { useListeners } from "./helpers/listeners.ts";

// Native's socket sends the pieces ssh2 writes together (native-connection.test.ts counts its segments); nothing
// written is held back past the code that wrote it.
const listen = useListeners();

// A connection to a server on loopback, and all the server received on it once it closed.
async function connection(): Promise<{ socket: Socket; received: Promise<string> }> {
  let done!: (text: string) => void;
  const received = new Promise<string>((resolve) => (done = resolve));
  const { port } = await listen((peer) => {
    const chunks: Buffer[] = [];
    peer.on("data", (chunk: Buffer) => chunks.push(chunk));
    peer.once("close", () => done(Buffer.concat(chunks).toString()));
  });
  const socket = connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  return { socket, received };
}

describe("coalesceWrites", () => {
  it("lets out what a step of a promise chain wrote before a later step ends the connection", async () => {
    const { socket, received } = await connection();
    coalesceWrites(socket);
    await Promise.resolve()
      .then(() => void (socket.write("last "), socket.write("words")))
      .then(() => void socket.destroy());
    expect(await received).toBe("last words");
  });

  it("sends writes of one run of code in one go, and later ones after them, in order", async () => {
    const { socket, received } = await connection();
    coalesceWrites(socket);
    const writev = socket._writev!.bind(socket);
    const batches: number[] = [];
    socket._writev = (chunks, callback) => (batches.push(chunks.length), writev(chunks, callback));
    for (const piece of ["a", "b", "c"]) socket.write(piece);
    await Promise.resolve();
    socket.write("d");
    socket.end();
    expect(await received).toBe("abcd");
    expect(batches[0]).toBe(3);
  });
});
