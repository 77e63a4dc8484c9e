// deploykit's basic example, ported. Run: pnpm exec tsx examples/basic.ts [user@host:port,...]
// Without hosts it starts three sandbox hosts on loopback and uses those.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GroupError, Host, parseHosts, run } from "@deploykit/core";
import { startSandbox, type Sandbox } from "@deploykit/sandbox";

// Receives one host; like a group, but for that host alone.
async function deploy(host: Host): Promise<void> {
  // This runs locally, tagged with the host.
  await host.runLocal("hostname");
  // This runs on the host.
  await host.run("hostname");
  // The host's connection settings are there for other tools, e.g. rsync (host.upload runs it for you):
  // await host.runLocal(["rsync", "-vaF", "--delete", "-e", await host.sshCommand(), "./",
  //   `${host.hostname}:/etc/nixos/`]);
}

export async function basic(spec: string, options: Parameters<typeof parseHosts>[1] = {}): Promise<void> {
  // This command runs on this machine.
  await run("hostname");

  // parseHosts reads `host1,host2,admin@host3:2222` into a Group.
  const g = parseHosts(spec, options);

  // Locally, once per host, in parallel.
  await g.runLocal("hostname");
  // On every host, in parallel.
  await g.run("hostname");
  // A function per host, in parallel: for a series of commands per host.
  await g.runFunction(deploy);

  // With check: false a failing command is a result rather than an error.
  const runs = await g.runLocal("false", { check: false });
  console.log(runs[0]!.result.exitCode);

  // stdout: "pipe" captures the output instead of printing it.
  const captured = await g.run("hostname", { stdout: "pipe" });
  console.log(captured[0]!.result.stdout);

  // A subset of the hosts.
  const first = g.hosts[0]!.hostname;
  await g.filter((h) => h.hostname === first).run('set -- $SSH_CONNECTION; echo "only on $3 ($(hostname))"');

  // A failure on any host throws a GroupError once every host has finished; it names each failed host.
  try {
    await g.run(["sh", "-c", "exit 3"]);
  } catch (error) {
    if (!(error instanceof GroupError)) throw error;
    console.log(error.message);
  }
}

// Run as a script, not imported: real paths compared, as the module's URL escapes spaces and follows symlinks.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Ctrl-C or SIGTERM ends the script by process.exit, whose listeners stop the sandbox and remove its files before
  // it ends: dying of the signal, as a script without a listener does, would leave that to the sandbox's watcher.
  process.once("SIGINT", () => process.exit(130));
  process.once("SIGTERM", () => process.exit(143));
  const given = process.argv[2];
  let sandbox: Sandbox | undefined;
  try {
    if (given === undefined) sandbox = await startSandbox({ hosts: 3 });
    await basic(given ?? sandbox!.spec, sandbox?.hostOptions);
  } catch (error) {
    // The message names each failed host and why; a stack and the error's fields (every host's options) buried it.
    console.error(`basic.ts: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await sandbox?.stop();
  }
}
