export { startSandbox } from "./start.ts";
export { freePort } from "./free-port.ts";
export { waitForPort } from "./wait-port.ts";
export { createSudoUser, type SudoUser } from "./sudo-user.ts";
export type { FleetAccess, Sandbox, SandboxOptions } from "./types.ts";
export {
  startNetnsHosts,
  type NetnsEvent,
  type NetnsFleet,
  type NetnsFleetOptions,
  type NetnsHost,
  type NetnsHostOptions,
} from "./netns/index.ts";
