/** Where dk keeps what it leaves on a host: a tmpfs on NixOS, so nothing outlives a reboot. */
export const STATE_ROOT = "/run/dk-deploy";

/** The state directory of one activation on the host. */
export const stateDir = (id: string) => `${STATE_ROOT}/${id}`;

/** The file the keeper of deployment `id` keeps on the host while it runs: it logged in there. */
export const keeperMark = (id: string) => `${STATE_ROOT}/${id}.keeper`;
