// The registry of built-in tasks: every function exported here is listed after the user's tasks.
export { rebootTask as reboot } from "./reboot/index.ts";
export { deployNixosTask as deployNixos } from "./deploy-nixos/index.ts";
