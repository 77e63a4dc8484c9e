{
  description = "Example fleet for deploykit's deployNixos: two web servers and a database sharing one module";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";

  outputs = { self, nixpkgs }:
    let
      # What a machine runs besides common.nix, by name.
      extra = { db1 = [ ./db.nix ]; };
      machine = name: nixpkgs.lib.nixosSystem {
        system = "x86_64-linux";
        modules = [ ./common.nix { networking.hostName = name; } ] ++ (extra.${name} or [ ]);
      };
    in
    {
      # One attribute per machine; tasks.ts names them in HOSTS (meta.flakeAttr).
      nixosConfigurations = {
        web1 = machine "web1";
        web2 = machine "web2";
        db1 = machine "db1";
      };
    };
}
