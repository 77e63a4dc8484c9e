# What every machine of the example fleet runs. Replace the disk settings with your machines'
# hardware-configuration.nix; they are here so that the example evaluates.
{ pkgs, ... }:
{
  boot.loader.grub.device = "/dev/sda";
  fileSystems."/" = { device = "/dev/sda1"; fsType = "ext4"; };

  services.openssh.enable = true;
  services.nginx.enable = true;
  networking.firewall.allowedTCPPorts = [ 80 ];

  # deployNixos copies this directory to the hosts with rsync, so they need rsync too.
  environment.systemPackages = [ pkgs.rsync ];

  system.stateVersion = "24.11";
}
