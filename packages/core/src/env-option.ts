import type { OptionsCall } from "./option-keys.ts";
import { kindOf, NOT_SHOWN } from "./secret-value.ts";
import { fail } from "./validate.ts";

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// The calls whose env is a local process's, which inherits this process's environment.
const LOCAL: readonly OptionsCall[] = ["run()", "run.with()", "host.runLocal()", "group.runLocal()"];

/** The `env` option of `call`: an object of variable names to strings, values without NUL bytes. */
export function assertEnv(
  env: unknown,
  call: OptionsCall,
): asserts env is Readonly<Record<string, string>> | undefined {
  if (env === undefined) return;
  // A Map's entries are no own properties: it would set no variable at all.
  const entries = typeof env === "object" && env !== null && !Array.isArray(env) && Symbol.iterator in env;
  if (typeof env !== "object" || env === null || Array.isArray(env) || entries)
    fail("env", "an object of variable names to strings", env, entries ? MAP_HINT : "");
  const local = LOCAL.includes(call);
  for (const [name, value] of Object.entries(env)) {
    // A NUL, a line break or a space in a name cannot be seen in a message unquoted.
    const shown = /[\p{Cc}\s]/u.test(name) ? JSON.stringify(name) : name;
    // `{ ...process.env, CC: "clang" }` passes on what a local command inherits anyway, names no shell can set
    // included (an exported bash function's `BASH_FUNC_module%%`, as Lmod's `module` is on a cluster).
    const inherited = local && process.env[name] === value;
    if (!SHELL_NAME.test(name) && !inherited)
      fail("env", "names of letters, digits and `_` (not starting with a digit)", shown);
    assertValue(name, value);
  }
}

// A value refused is named by its kind and where it goes wrong, never shown: an env value may be a secret.
function assertValue(name: string, value: unknown): asserts value is string {
  if (value === null || (typeof value !== "object" && typeof value !== "string"))
    fail(`env.${name}`, "a string", value);
  if (typeof value === "string") {
    const nul = value.indexOf("\0");
    if (nul === -1) return;
    const where = `got one with a NUL byte at index ${nul} ${NOT_SHOWN}`;
    throw new TypeError(`Expected \`env.${name}\` to be a string without NUL bytes, ${where}`);
  }
  const text = value instanceof Uint8Array ? "; give its text, e.g. buffer.toString()" : "";
  throw new TypeError(`Expected \`env.${name}\` to be a string, got ${kindOf(value)} ${NOT_SHOWN}${text}`);
}

const MAP_HINT = ": make an object of its entries, Object.fromEntries(env)";
