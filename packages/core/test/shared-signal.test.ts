import { describe, expect, it } from "vitest";
import { runScript } from "./helpers/script.ts";

// Runs of a group call that share one AbortSignal: 20 hosts, more than Node's ten listeners before it warns of a leak.
const GROUP = `
  const hosts = Array.from({ length: 20 }, (_, i) => new core.Host("h" + i));
  const group = new core.Group(hosts);
  const quiet = { echo: false, stdout: "pipe", check: false };
  const tally = (results) => results.map((r) => (r.ok ? "ok" : r.error.interrupted ? "interrupted" : r.error.message));
`;

describe("one AbortSignal shared by many runs", () => {
  it("is listened to once between them: no MaxListenersExceededWarning, and each run settles", async () => {
    const r = await runScript(
      `${GROUP}
      const signal = new AbortController().signal;
      const first = await group.runLocal("sleep 0.2", { ...quiet, signal });
      const again = await group.runLocal("true", { ...quiet, signal });
      console.log(JSON.stringify([...new Set([...tally(first), ...tally(again)])]));
      `,
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(["ok"]);
  });

  it("stops every run when it aborts, and a run given it afterwards at once", async () => {
    const r = await runScript(
      `${GROUP}
      const controller = new AbortController();
      const signal = controller.signal;
      // Aborted once every host's command has printed: each has a command to stop.
      const up = new Set();
      core.setPrinter({ line: (tag) => (up.add(tag), up.size === 20 && controller.abort(), undefined), notice() {} });
      const started = group.runLocal("echo up; sleep 60", { echo: false, signal });
      const stopped = await started.catch((error) => error.results);
      const late = await core.run("true", { ...quiet, signal }).catch((error) => error.interrupted);
      console.log(JSON.stringify({ stopped: [...new Set(tally(stopped))], late }));
      `,
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ stopped: ["interrupted"], late: true });
  });
});
