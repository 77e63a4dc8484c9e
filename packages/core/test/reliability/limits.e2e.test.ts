import { describe, expect, it } from "vitest";
import { CommandError } from "../../src/errors.ts";
import { Host } from "../../src/host.ts";
import { useFleet } from "../helpers/fleet.ts";
import { useListeners } from "../helpers/listeners.ts";
import { rejection } from "../helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const native = process.env["DEPLOYKIT_TRANSPORT"] === "native";
const listen = useListeners();

function host(): Host {
  const { addresses, hostOptions, port, user } = fleet.sandbox;
  return new Host(addresses[0]!, { user, port, ...hostOptions });
}

const failure = (promise: Promise<unknown>) => rejection(promise, CommandError);

describe("the size of a remote command line", () => {
  it("a command line of 100 KB runs", async () => {
    const word = "x".repeat(100_000);
    const result = await host().run(`printf %s ${word} | wc -c`, pipe);
    expect(result.stdout.trim()).toBe("100000");
  });

  it("one past what a Linux host takes is refused before connecting, saying why and what to do", async () => {
    let connections = 0;
    const { port } = await listen(() => connections++);
    const error = await failure(new Host("127.0.0.1", { port }).run(`echo ${"x".repeat(140_000)}`, pipe));
    expect(connections).toBe(0);
    expect(error.exitCode).toBe(127);
    expect(error.message).toMatch(/could not start: its command line is 14\d{4} bytes.*at most 126976/);
    expect(error.message).toMatch(/send large data as `input`, or upload a script/);
    expect(error.reason.length).toBeLessThan(400);
  });

  it("env values count: a 200 KB value is refused, and the same data as input arrives whole", async () => {
    const data = "y".repeat(200_000);
    const error = await failure(host().run("echo ${#BIG}", { ...pipe, env: { BIG: data } }));
    expect(error.message).toMatch(/command line is 20\d{4} bytes/);
    const result = await host().run("wc -c", { ...pipe, input: data });
    expect(result.stdout.trim()).toBe("200000");
  });
});

describe("a remote command killed by a signal", () => {
  it(
    native ? "reports 128 + the signal's number, as bash does" : "is ssh's silent 255, and says it may be",
    async () => {
      const error = await failure(host().run("kill -KILL $$", pipe));
      if (native) {
        expect(error.exitCode).toBe(137);
        expect(error.message).toMatch(/`kill -KILL \$\$` failed with exit code 137 \(SIGKILL\)$/);
      } else {
        expect(error.exitCode).toBe(255);
        expect(error.message).toMatch(/connection to the host was lost, or the command's shell was killed by a signal/);
      }
      const replaced = await failure(host().run("exec sh -c 'kill -TERM $$'", pipe));
      expect(replaced.exitCode).toBe(native ? 143 : 255);
      // The host's connection is fine: the next command runs.
      expect((await host().run("echo still here", pipe)).stdout).toBe("still here\n");
    },
  );

  it("reports 128 + the number of a signal its shell may catch, on both transports, as bash does", async () => {
    const term = await failure(host().run("echo before; kill -TERM $$; echo after", pipe));
    expect(term.exitCode).toBe(143);
    expect(term.stdout).toBe("before\n");
    expect(term.message).toMatch(/failed with exit code 143 \(SIGTERM\)$/);
    const hup = await host().run("kill -HUP $$ & wait", { ...pipe, check: false });
    expect(hup.exitCode).toBe(129);
    // The command's own exit status 255 stays its own.
    expect((await host().run("exit 255", { ...pipe, check: false })).exitCode).toBe(255);
  });

  it(
    native
      ? "takes a 255 the host reported as the command's, though its shell closed stderr before the mark"
      : "cannot tell a 255 after stderr was closed from ssh's own, and says it may be either",
    async () => {
      const closed = host().run("echo out; exec 2>&-; exit 255", { ...pipe, check: false });
      if (native) {
        expect(await closed).toMatchObject({ exitCode: 255, stdout: "out\n" });
      } else {
        const error = await failure(closed);
        expect(error.exitCode).toBe(255);
        expect(error.message).toMatch(/connection to the host was lost, or the command's shell was killed by a signal/);
      }
    },
  );

  it("traps no signal that a stop sends: TERM ends the shell at once, as locally, without bash's notice", async () => {
    // A trap on TERM would have the shell wait for its command, and bash print "Terminated" when TERM ended it.
    const traps = await host().run("trap -p TERM; echo -; trap -p HUP", pipe);
    const [term, hup] = traps.stdout.split("-\n");
    expect(term).toBe("");
    expect(hup).toMatch(/exit 129|SIGHUP/);
  });
});
