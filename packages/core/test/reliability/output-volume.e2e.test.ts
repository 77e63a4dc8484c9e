import { describe, expect, it } from "vitest";
import { useFleet } from "../helpers/fleet.ts";
import { REPORT_RSS, maxRss, onFirstHost as onHost } from "../helpers/first-host.ts";
import { runScript } from "../helpers/script.ts";

const fleet = useFleet({ hosts: 50 });
const MB = 1024 * 1024;
const onFirstHost = (body: string, options: Parameters<typeof runScript>[1]) => onHost(fleet.sandbox, body, options);

describe("output under load", () => {
  it("50 hosts × 10,000 numbered lines each arrive complete, whole and in order", async () => {
    const { spec, hostOptions } = fleet.sandbox;
    const r = await runScript(
      `await core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)})` +
        `.run("seq -f 'line %05g of this host' 1 10000");`,
      { timeoutMs: 120_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const next = new Map<string, number>();
    const wrong: string[] = [];
    let lines = 0;
    for (const line of r.stdout.split("\n")) {
      if (line === "" || line.includes("] $ ")) continue;
      const m = /^\[(127\.0\.0\.\d+)\] line (\d{5}) of this host$/.exec(line);
      const expected = (next.get(m?.[1] ?? "") ?? 0) + 1;
      if (m === null || Number(m[2]) !== expected) wrong.push(line.slice(0, 100));
      else next.set(m[1]!, expected);
      lines++;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(lines).toBe(500_000);
    expect([...next.values()].every((n) => n === 10_000)).toBe(true);
    expect(next.size).toBe(50);
  }, 180_000);

  it("a 10 MB line is printed and captured whole, with the controller's memory bounded", async () => {
    const r = await onFirstHost(
      `
      await h.run("head -c 10485760 /dev/zero | tr '\\\\0' x; echo; echo after");
      const res = await h.run("head -c 10485760 /dev/zero | tr '\\\\0' x; echo; echo after", { stdout: "pipe" });
      process.stderr.write("captured " + res.stdout.length + "\\n");
      ${REPORT_RSS}
    `,
      { timeoutMs: 60_000, discardStdout: true },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`captured ${10 * MB + 1 + 6}`);
    console.log(`10 MB line printed and captured: controller max RSS ${Math.round(maxRss(r.stderr) / MB)} MB`);
    expect(maxRss(r.stderr)).toBeLessThan(300 * MB);
  }, 90_000);

  it("500 MB of printed output keeps the controller's memory bounded", async () => {
    const r = await onFirstHost(
      `
      await h.run("head -c 524288000 /dev/zero | tr '\\\\0' x | fold -w 1000", { echo: false });
      ${REPORT_RSS}
    `,
      { timeoutMs: 170_000, discardStdout: true },
    );
    expect(r.code, r.stderr).toBe(0);
    console.log(`500 MB printed over ssh: controller max RSS ${Math.round(maxRss(r.stderr) / MB)} MB`);
    expect(maxRss(r.stderr)).toBeLessThan(300 * MB);
  }, 180_000);

  it("binary output does not crash the printer", async () => {
    const r = await onFirstHost(
      `
      await h.run("head -c 2000000 /dev/urandom; echo; echo done", { echo: false });
    `,
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimEnd().endsWith("done")).toBe(true);
  }, 90_000);
});
