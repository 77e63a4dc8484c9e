export { startSandbox } from "./start.ts";
export { freePort } from "./free-port.ts";
export { waitForPort } from "./wait-port.ts";
export type { Sandbox, SandboxOptions } from "./types.ts";
