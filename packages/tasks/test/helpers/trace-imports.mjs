// Preloaded with `node --import` in tests: logs every module dk loaded to $DK_TRACE_IMPORTS, ES modules as
// they resolve (trace-hooks.mjs) and CommonJS ones from require.cache at exit.
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";

const log = process.env.DK_TRACE_IMPORTS;
register("./trace-hooks.mjs", import.meta.url, { data: { log } });
const { cache } = createRequire(import.meta.url);
process.on("exit", () =>
  appendFileSync(
    log,
    Object.keys(cache)
      .map((path) => `${path}\n`)
      .join(""),
  ),
);
