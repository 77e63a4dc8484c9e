export { startNetnsHosts } from "./start.ts";
export type { NetnsEvent, NetnsFleet, NetnsFleetOptions, NetnsHost, NetnsHostOptions } from "./types.ts";
