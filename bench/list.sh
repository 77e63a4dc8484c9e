#!/usr/bin/env bash
# Start-up benchmark: `dk --list` (warm and cold cache) and `dk TASK --help` against `invoke --list` on
# equivalent task files. Prints a Markdown table of medians and writes it to bench/results/list.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dk="$root/packages/tasks/bin/dk.js"
results="$root/bench/results"

need() { # need COMMAND DEBIAN-PACKAGE: install with apt-get when missing (as root), else explain.
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null
  else
    echo "bench: $1 is missing; install it with: sudo apt-get install -y $2" >&2
    exit 1
  fi
}
need hyperfine hyperfine
need invoke python3-invoke
[ -f "$root/packages/tasks/dist/dk.cjs" ] || (cd "$root/packages/tasks" && pnpm run build >/dev/null)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ts" "$work/py" "$work/cache" "$work/core/node_modules/@deploykit"
export DK_CACHE_DIR="$work/cache"

cat >"$work/ts/tasks.ts" <<'TS'
/** Restart a service on hosts. Example: dk restart --hosts a,b --service nginx */
export async function restart({ hosts, service = "nginx", wait = true, retries = 3, env }: {
  /** comma-separated hosts, user@host:port */
  hosts: string;
  /** the systemd unit */
  service?: string;
  wait?: boolean;
  retries?: number;
  env?: "prod" | "staging";
}) {
  console.log(hosts, service, wait, retries, env);
}

/** Deploy the site. */
export async function deploy({ hosts, branch = "main" }: { hosts: string; branch?: string }) {
  console.log(hosts, branch);
}

/** Run the tests. */
export async function test({ filter }: { filter?: string }) {
  console.log(filter);
}

/** Lint the code. */
export async function lint() {}
TS

# The same tasks as most users write them: calling core in their bodies, as an installed package.
ln -s "$root/packages/core" "$work/core/node_modules/@deploykit/core"
cat >"$work/core/tasks.ts" <<'TS'
import { parseHosts } from "@deploykit/core";

/** Restart a service on hosts. Example: dk restart --hosts a,b --service nginx */
export async function restart({ hosts, service = "nginx" }: {
  /** comma-separated hosts, user@host:port */
  hosts: string;
  /** the systemd unit */
  service?: string;
}) {
  await parseHosts(hosts).run(["systemctl", "restart", service]);
}
TS

cat >"$work/py/tasks.py" <<'PY'
from invoke import task


@task(help={"hosts": "comma-separated hosts, user@host:port", "service": "the systemd unit"})
def restart(c, hosts, service="nginx", wait=True, retries=3, env=None):
    """Restart a service on hosts. Example: inv restart --hosts a,b --service nginx"""
    print(hosts, service, wait, retries, env)


@task
def deploy(c, hosts, branch="main"):
    """Deploy the site."""
    print(hosts, branch)


@task
def test(c, filter=None):
    """Run the tests."""
    print(filter)


@task
def lint(c):
    """Lint the code."""
PY

node "$dk" --file "$work/ts/tasks.ts" --list >/dev/null # warm the cache once
# --prepare applies to every command of a hyperfine run, so the cold-cache case gets a run of its own.
hyperfine --style none --warmup 3 --runs "${RUNS:-30}" --export-json "$work/warm.json" \
  -n "invoke --list" "cd $work/py && invoke --list" \
  -n "invoke --help restart" "cd $work/py && invoke --help restart" \
  -n "node -e 0" "node -e 0" \
  -n "dk --list (warm)" "cd $work/ts && node $dk --list" \
  -n "dk restart --help (warm)" "cd $work/ts && node $dk restart --help" \
  -n "dk restart --hosts a (runs the task)" "cd $work/ts && node $dk restart --hosts a" >/dev/null
hyperfine --style none --warmup 1 --runs "${RUNS:-30}" --export-json "$work/cold.json" --prepare "rm -rf $work/cache" \
  -n "dk --list (cold cache)" "cd $work/ts && node $dk --list" \
  -n "dk --list (cold cache, tasks.ts imports @deploykit/core)" "cd $work/core && node $dk --list" >/dev/null
# After an edit of tasks.ts: its manifest is stale, V8's code caches of dk and TypeScript stay.
node "$dk" --file "$work/core/tasks.ts" --list >/dev/null
hyperfine --style none --warmup 1 --runs "${RUNS:-30}" --export-json "$work/edit.json" --prepare "rm -f $work/cache/*.json" \
  -n "dk --list (after an edit of tasks.ts, which imports @deploykit/core)" "cd $work/core && node $dk --list" >/dev/null
node -e 'const fs = require("node:fs"); const [out, ...files] = process.argv.slice(1);
  fs.writeFileSync(out, JSON.stringify({ results: files.flatMap((f) => JSON.parse(fs.readFileSync(f, "utf8")).results) }));' \
  "$results/list.raw.json" "$work/warm.json" "$work/cold.json" "$work/edit.json"

node - "$results/list.raw.json" >"$results/list.md" <<'JS'
const { results } = JSON.parse(require("node:fs").readFileSync(process.argv[2], "utf8"));
const ms = (name) => results.find((r) => r.command === name).median * 1000;
const base = ms("invoke --list");
const rows = results.map((r) => `| \`${r.command}\` | ${(r.median * 1000).toFixed(0)} | ${(r.median * 1000 / base).toFixed(2)}× |`);
const os = require("node:os");
console.log(`# dk start-up vs invoke\n\nMedians of ${results[0].times.length} runs (hyperfine), Node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}.\nRatio: median / median of \`invoke --list\`. dk is called as \`node packages/tasks/bin/dk.js\` (npx adds ~0.3 s).\n\n| command | median ms | vs invoke --list |\n|---|---:|---:|\n${rows.join("\n")}`);
JS
cat "$results/list.md"
