export { deployNixos } from "./deploy.ts";
export { deployNixosTask } from "./task.ts";
export { DeployNixosError, HostDeployError } from "./errors.ts";
export type { DeployProblem, DeployStep } from "./errors.ts";
export type { DeployNixosOptions, Deployment, NixosAction, NixosMeta } from "./types.ts";
