// The quick-start demo: starts sandbox hosts on loopback, runs commands and a function on them in parallel
// with streaming output, shows a failing host and the error summary, and cleans up.
import { GroupError, parseHosts, run } from "@deploykit/core";
import { startSandbox } from "@deploykit/sandbox";

const say = (text: string) => console.log(`\n== ${text}`);

export async function demo(hostCount = 4): Promise<void> {
  say(`starting ${hostCount} sandbox hosts (a throwaway sshd with its own keys, one loopback address per host)`);
  const sandbox = await startSandbox({ hosts: hostCount });
  try {
    console.log(`hosts: ${sandbox.spec}`);
    const fleet = parseHosts(sandbox.spec, sandbox.hostOptions);

    say("a local command");
    await run(["uname", "-sr"]);

    say("one command on every host at once; each line is tagged with its host as it arrives");
    await fleet.run(
      'set -- $SSH_CONNECTION; for step in 1 2 3; do echo "step $step on $3"; sleep 0.$((RANDOM % 5)); done',
    );

    say("a function per host: several commands, values back in host order");
    const results = await fleet.runFunction(async (host) => {
      const kernel = await host.run("uname -r", { stdout: "pipe" });
      const load = await host.run(["cat", "/proc/loadavg"], { stdout: "pipe" });
      return `${host.hostname}: kernel ${kernel.stdout.trim()}, load ${load.stdout.split(" ")[0]}`;
    });
    for (const r of results) console.log(`  ${r.result}`);

    say("one host fails: the others finish, then one error names each failed host and why");
    const bad = sandbox.addresses.at(-1)!;
    try {
      await fleet.run(
        `set -- $SSH_CONNECTION; [ $3 != ${bad} ] || { echo "disk full on $3" >&2; exit 1; }; echo "deployed to $3"`,
      );
    } catch (error) {
      if (!(error instanceof GroupError)) throw error;
      console.log(`GroupError: ${error.message}`);
    }
  } finally {
    await sandbox.stop();
    say("sandbox stopped and removed");
  }
}
