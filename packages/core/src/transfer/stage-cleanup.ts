import { spawnSync } from "node:child_process";
import type { Host } from "../host.ts";
import { atExit } from "../run/process-groups.ts";
import { quoteAnyShell } from "../run/quote.ts";
import { printer } from "../output/printer.ts";
import type { deadline } from "./deadline.ts";

// After an abort the host may still answer: its stage gets this long to go, so a stopped call still ends soon.
export const AFTER_ABORT_MS = 5000;

/**
 * Removes a staged upload's directory on the host within what `left` says remains of the upload's deadline, stopped by
 * `signal`; once either has stopped the upload, within `AFTER_ABORT_MS` (nothing remained of the deadline): a host that
 * stops answering holds the call no longer. A removal that fails is a notice naming the directory left behind; the
 * upload's own result or error stands. A dry run shows the removal.
 */
export async function removeStage(
  host: Host<unknown>,
  stage: string,
  { left, expired }: Pick<ReturnType<typeof deadline>, "left" | "expired">,
  signal: AbortSignal | undefined,
  dryRun = false,
): Promise<void> {
  const stopped = (signal?.aborted ?? false) || expired();
  const bound = stopped ? { timeout: AFTER_ABORT_MS } : { timeout: left(), signal };
  const run = { quiet: !dryRun, stdout: "pipe", stderr: "pipe", dryRun, ...bound } as const;
  const why = await host.run(["rm", "-rf", "--", stage], run).then(
    () => undefined,
    (error: unknown) => (error instanceof Error && "reason" in error ? String(error.reason) : String(error)),
  );
  if (why === undefined) return;
  printer().notice(
    host.commandPrefix,
    `the upload's staging directory ${stage} on the host was not removed (${why}); ` +
      `remove it there (rm -rf -- ${stage})`,
  );
}

/**
 * Removes a staged upload's directory on the host, should this process end before the upload's own removal ran (a
 * Ctrl-C or SIGTERM ends it at once; dk exits once the commands are stopped): through a new ssh connection with
 * `sshArgs` (a shared one may be closing), within `AFTER_ABORT_MS`. Returns what ends the watch, once the upload's own
 * removal has run.
 */
export function removeStageAtExit(hostname: string, stage: string, sshArgs: readonly string[]): () => void {
  let ended = false;
  const run = atExit(() => {
    if (ended) return;
    const argv = [...sshArgs, "--", hostname, `rm -rf -- ${quoteAnyShell(stage)}`];
    spawnSync("ssh", argv, { stdio: "ignore", timeout: AFTER_ABORT_MS });
  });
  return () => {
    ended = true;
    run();
  };
}
