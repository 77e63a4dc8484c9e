import { fail } from "./validate.ts";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The `env` option: an object of variable names to strings, names as a shell takes them, values without NUL bytes. */
export function assertEnv(env: unknown): asserts env is Readonly<Record<string, string>> | undefined {
  if (env === undefined) return;
  // A Map's entries are no own properties: it would set no variable at all.
  const entries = typeof env === "object" && env !== null && !Array.isArray(env) && Symbol.iterator in env;
  if (typeof env !== "object" || env === null || Array.isArray(env) || entries)
    fail("env", "an object of variable names to strings", env, entries ? MAP_HINT : "");
  for (const [name, value] of Object.entries(env)) {
    // A NUL, a line break or a space in a name cannot be seen in a message unquoted.
    const shown = /[\p{Cc}\s]/u.test(name) ? JSON.stringify(name) : name;
    if (!ENV_NAME.test(name)) fail("env", "names of letters, digits and `_` (not starting with a digit)", shown);
    if (typeof value !== "string") fail(`env.${name}`, "a string", value);
    if (value.includes("\0")) fail(`env.${name}`, "a string without NUL bytes", JSON.stringify(value));
  }
}

const MAP_HINT = ": make an object of its entries, Object.fromEntries(env)";
