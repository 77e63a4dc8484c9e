export { reboot } from "./api.ts";
export { rebootTask } from "./task.ts";
export { RebootError, type RebootFailure } from "./errors.ts";
export type { PhaseTimes, ProbeKind, ProgressStream, RebootOptions, RebootPhase, RebootResult } from "./types.ts";
