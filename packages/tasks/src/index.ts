export { reboot, rebootTask, RebootError } from "./builtin/reboot/index.ts";
export type {
  PhaseTimes,
  ProbeKind,
  ProgressStream,
  RebootFailure,
  RebootOptions,
  RebootPhase,
  RebootResult,
} from "./builtin/reboot/index.ts";
export { deployNixos, deployNixosTask, DeployNixosError, HostDeployError } from "./builtin/deploy-nixos/index.ts";
export type {
  DeployNixosOptions,
  Deployment,
  DeployProblem,
  DeployStep,
  NixosAction,
  NixosMeta,
} from "./builtin/deploy-nixos/index.ts";
export type { Flag, FlagType, Io, JsonValue, Manifest, Task } from "./types.ts";
