import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { useFleet } from "../helpers/fleet.ts";
import { pidsMatching, waitGone } from "../helpers/processes.ts";
import { runScript } from "../helpers/script.ts";

const fleet = useFleet({ hosts: 5 });

describe("interrupting a run on 5 hosts", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s in the middle of `sleep 1000` leaves no sleep on any host", async (signal, code) => {
    const tag = `dk-${signal}-${process.pid}-${Date.now()}`;
    let pid = 0;
    const { spec, hostOptions } = fleet.sandbox;
    const done = runScript(
      `await core.parseHosts(${JSON.stringify(spec)}, ${JSON.stringify(hostOptions)}).run("sleep 1000; : ${tag}");`,
      {
        onSpawn: (p) => (pid = p),
      },
    );
    await waitUntil(() => pidsMatching(`sleep 1000; : ${tag}`).length >= 5, "the command to start on 5 hosts");
    const sent = Date.now();
    process.kill(pid, signal);
    const r = await done;
    expect(r.code === code || r.signal === signal).toBe(true);
    expect(await waitGone(tag, 10_000)).toEqual([]);
    const latency = Date.now() - sent;
    console.log(`kill latency, 5 hosts, ${signal}: ${latency} ms until no remote sleep was left`);
    expect(latency).toBeLessThan(10_000);
  });
});
