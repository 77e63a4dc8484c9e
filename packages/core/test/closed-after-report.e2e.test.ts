// host.closeConnection() that comes after a command reported its exit status, before ssh's own report of it arrived:
// the command ran to its end, and its status is the result, not a TERM that never reached it.
import { afterEach, describe, expect, it } from "vitest";
import { setPrinter, type Printer } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, pidsMatching } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 1 });
const quiet = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void setPrinter(undefined));

describe("a connection closed by this process after the command reported its status", () => {
  it("gives the command's own status, as it ran to its end", async () => {
    const host = fleet.host();
    // From the second command on, a shared connection (openssh: core's master), which closeConnection() closes.
    await host.run("true", quiet);
    await host.run("true", quiet);
    const tag = marker("closed-after-report");
    // The supervisor's EXIT trap reports the status; the shell then says so on stderr, after the report, and lingers
    // there (its watchdog gone with the report: the test ends it).
    const linger = `linger() { echo ${tag} >&2; sh -c 'sleep 30; :' ${tag}; }`;
    const after = `eval "$(trap -p EXIT | sed "s/' EXIT\\$/; linger' EXIT/")"`;
    let reported = () => {};
    const printed = new Promise<void>((resolve) => (reported = resolve));
    const seen: Printer = { line: (_tag, text) => void (text === tag && reported()), notice: () => {} };
    setPrinter(seen);
    const running = host.run(`${linger}; ${after}; echo done; exit 3`, { ...quiet, stderr: "print", check: false });
    try {
      await printed;
      await host.closeConnection();
      expect(await running).toMatchObject({ exitCode: 3, stdout: "done\n" });
    } finally {
      for (const pid of pidsMatching(tag)) process.kill(pid, "SIGKILL");
    }
  });
});
