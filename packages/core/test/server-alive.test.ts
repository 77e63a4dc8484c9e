import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { serverAlive } from "../src/ssh/native/server-alive.ts";
import { loadSsh2 } from "../src/ssh/native/ssh2.ts";
import type { ResolvedSsh } from "../src/ssh/resolve/resolved.ts";

// A connection whose socket takes no more writes (one closing, a jump's channel gone): ssh2 refuses a probe there with
// a thrown "Not connected", which from the keep-alive timer would end the process. The checks go on counting instead:
// its close stops them, or, with no packet read, it is dead after CountMax of them, as any silent connection.
it("a connection that takes no more writes is not probed, and is dead after CountMax checks", async () => {
  const client = new (loadSsh2().Client)();
  const resolved = { serverAliveInterval: 0.02, serverAliveCountMax: 2 } as ResolvedSsh;
  const started = Date.now();
  await new Promise<void>((resolve) => serverAlive(client, new PassThrough(), resolved, resolve).start());
  // Three intervals: two unanswered checks, then the one that finds the count run out.
  expect(Date.now() - started).toBeGreaterThanOrEqual(55);
}, 5000);
