import { describe, expect, it } from "vitest";
import { useFleet } from "../helpers/fleet.ts";
import { runScript } from "../helpers/script.ts";

// A fleet larger than the descriptors the controller is left with: every host still runs, on either transport.
const HOSTS = 60;
const fleet = useFleet({ hosts: HOSTS });

// A child run on the fleet whose limit on open files is lowered, once warm (modules and ssh2 loaded, the key read, the
// warm-up's connection closed), to its lowest free descriptor number plus `spare`: with 0, not one more file opens.
const limited = (spare: number, run: string) => {
  const { spec, hostOptions } = fleet.sandbox;
  return runScript(
    `
    import { closeSync, openSync } from "node:fs";
    import { spawnSync } from "node:child_process";
    const group = core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)});
    await group.hosts[0].run("true", { echo: false });
    await group.hosts[0].closeConnection();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The lowest free descriptor number: the one a new file gets.
    const free = openSync("/dev/null", "r");
    closeSync(free);
    const limit = spawnSync("prlimit", ["--pid", String(process.pid), "--nofile=" + (free + ${spare})]);
    if (limit.status !== 0) throw new Error("prlimit failed: " + limit.stderr);
    const pipe = { echo: false, stdout: "pipe", check: false };
    ${run}
    `,
    { timeoutMs: 150_000 },
  );
};

// Each host's outcome, counted: "ok" or its error's message.
const TALLY = `
  const tally = {};
  for (const r of results) {
    const key = r.ok && r.result.stdout === "hi\\n" ? "ok" : String(r.error?.message).replace(/^\\[[^\\]]*\\] /, "");
    tally[key] = (tally[key] ?? 0) + 1;
  }
  console.log("TALLY " + JSON.stringify(tally));
`;
const tally = (stdout: string) => JSON.parse(/TALLY (.*)/.exec(stdout)?.[1] ?? "{}") as Record<string, number>;

describe(`${HOSTS} hosts with room for about 30 more open files`, () => {
  it("all at once: each host runs, backing off below the limit", async () => {
    const r = await limited(30, `const results = await group.run("echo hi", pipe);${TALLY}`);
    expect(tally(r.stdout), r.stderr).toEqual({ ok: HOSTS });
    expect(r.stderr).toBe("");
  }, 180_000);

  it("four at a time (dk --limit 4): each host runs; idle connections give way to new ones", async () => {
    const r = await limited(30, `const results = await group.run("echo hi", { ...pipe, concurrency: 4 });${TALLY}`);
    expect(tally(r.stdout), r.stderr).toEqual({ ok: HOSTS });
    expect(r.stderr).toBe("");
  }, 180_000);

  it("a host whose connection gave way runs its next command, reconnecting", async () => {
    const r = await limited(
      30,
      `await group.run("echo hi", { ...pipe, concurrency: 4 });
      const results = await group.run("echo hi", { ...pipe, concurrency: 4 });${TALLY}`,
    );
    expect(tally(r.stdout), r.stderr).toEqual({ ok: HOSTS });
    expect(r.stderr).toBe("");
  }, 180_000);
});

describe("a limit too low for even one connection", () => {
  it("fails each host with one clear error saying what to do", async () => {
    const r = await limited(0, `const results = await group.run("echo hi", pipe);${TALLY}`);
    const counted = Object.entries(tally(r.stdout));
    expect(counted, r.stderr).toHaveLength(1);
    const [message, hosts] = counted[0]!;
    expect(hosts).toBe(HOSTS);
    // The limit itself goes unnamed here: reading it from /proc takes a descriptor too.
    expect(message).toMatch(/^`echo hi` could not start: too many open files/);
    expect(message).toMatch(/raise the limit \(e\.g\. `ulimit -n 4096`\) or run fewer hosts at once/);
  }, 180_000);
});
