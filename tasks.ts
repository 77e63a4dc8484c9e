// This repository's own tasks: `pnpm dk --list`.
import { run } from "@deploykit/core";
import { demo as sandboxDemo } from "./examples/demo.ts";

/** Start sandbox hosts on loopback and show dk's main job on them. Example: dk demo --hosts 6 */
export async function demo({
  hosts = 4,
}: {
  /** how many sandbox hosts to start (127.0.0.2 onwards) */
  hosts?: number;
}) {
  await sandboxDemo(hosts);
}

/** Run the test suite with vitest. Example: dk test --filter packages/tasks */
export async function test({
  filter,
  watch = false,
}: {
  /** only test files whose path contains this */
  filter?: string;
  /** re-run the tests when files change */
  watch?: boolean;
}) {
  await run(["pnpm", "exec", "vitest", watch ? "watch" : "run", ...(filter ? [filter] : [])]);
}

/** Type-check the whole workspace with tsc. */
export async function typecheck() {
  await run(["pnpm", "typecheck"]);
}

/** Lint the workspace with oxlint. */
export async function lint() {
  await run(["pnpm", "lint"]);
}

/** Type-check, lint, check formatting and line length, then test: what CI runs. */
export async function check() {
  await run(["pnpm", "check"]);
  await test({});
}

/** Build core and the dk CLI into their dist/, core first: dk runs core's build (pnpm install does this too). */
export async function build() {
  await run(["pnpm", "--filter", "@deploykit/core", "--filter", "@deploykit/tasks", "run", "build"]);
}

/**
 * Run a benchmark: list (dk start-up against invoke) or fleet (against ssh, pssh, pdsh, Ansible, Fabric); writes
 * bench/results/SUITE.md.
 */
export async function bench({ suite = "list" }: { suite?: "list" | "fleet" }) {
  await run(["bash", `bench/${suite}.sh`]);
}
