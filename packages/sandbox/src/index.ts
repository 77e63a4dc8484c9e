export { startSandbox } from "./start.ts";
export { FdLimitError, openFileLimit } from "./fd-limit.ts";
export { freePort, freePortOn } from "./free-port.ts";
export { MissingToolsError } from "./tools.ts";
export { UnsafeTempDirError } from "./temp-dir.ts";
export { waitForPort } from "./wait-port.ts";
export { leftInTmpdir } from "./left-in-tmpdir.ts";
export { ownedInTmp } from "./owned-in-tmp.ts";
export { waitUntil } from "./wait-until.ts";
export { collect, type Collected, type CollectOptions } from "./collect.ts";
export { createSudoUser, type SudoUser, type SudoUserOptions } from "./sudo-user.ts";
export type { FleetAccess, Sandbox, SandboxOptions } from "./types.ts";
export {
  startNetnsHosts,
  UnsafeReservationsDirError,
  type NetnsEvent,
  type NetnsFleet,
  type NetnsFleetOptions,
  type NetnsHost,
  type NetnsHostOptions,
  writeNixosStandIn,
} from "./netns/index.ts";
