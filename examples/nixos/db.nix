# What the database machine runs on top of common.nix. tasks.ts confirms db1's deployment only once
# `systemctl is-active postgresql` succeeds there, so the service must be part of its system.
{ ... }:
{
  services.postgresql.enable = true;
}
