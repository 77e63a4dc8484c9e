// Preloaded with `node --import` in tests: logs every module dk loaded to $DK_TRACE_IMPORTS, ES modules as
// they resolve (trace-hooks.mjs), CommonJS ones from require.cache at exit, and the big CommonJS files dk runs from
// their code caches (TypeScript, ssh2) as its boot's loader takes them.
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

let lent;
Object.defineProperty(globalThis, Symbol.for("@deploykit/core.loadCommonJs"), {
  configurable: true,
  get: () => lent,
  set: (loader) => {
    lent = (path) => {
      appendFileSync(log, `${path}\n`);
      return loader(path);
    };
  },
});
