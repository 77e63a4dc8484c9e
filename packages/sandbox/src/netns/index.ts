export { startNetnsHosts } from "./start.ts";
export { UnsafeReservationsDirError } from "./reservations.ts";
export type { NetnsBastion, NetnsEvent, NetnsFleet, NetnsFleetOptions, NetnsHost, NetnsHostOptions } from "./types.ts";
export { writeNixosStandIn, NIXOS_STAND_IN_COMMANDS } from "./nixos-stand-in.ts";
