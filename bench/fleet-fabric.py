"""Fabric's ThreadingGroup for bench/fleet.sh: run COMMAND on every host of HOSTS_FILE at once.

Usage: python3 bench/fleet-fabric.py HOSTS_FILE PORT USER KEY COMMAND
"""
import sys

from fabric import Config, ThreadingGroup
from fabric.exceptions import GroupException


def main(hosts_file, port, user, key, command):
    with open(hosts_file) as f:
        hosts = [line.strip() for line in f if line.strip()]
    # No ~/.ssh/config and no agent or default keys: the same client key as every other tool.
    config = Config(overrides={"load_ssh_configs": False})
    group = ThreadingGroup(
        *hosts,
        user=user,
        port=int(port),
        config=config,
        connect_kwargs={"key_filename": key, "look_for_keys": False, "allow_agent": False},
    )
    try:
        group.run(command)
    except GroupException as error:
        for connection, result in error.result.items():
            if isinstance(result, Exception):
                print(f"{connection.host}: {result}", file=sys.stderr)
        return 1
    finally:
        group.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
