# Sourced by bench/fleet.sh: the command line of each tool, for the fleet described by FLEET_* (the env file
# that fleet-sandbox.ts writes). Every OpenSSH-based tool reads the same client config ($FLEET_SSH_CONFIG).

# dk-noreuse is also known to echo_command (FLEET_TOOLS="dk dk-noreuse …" adds it): left out to fit the budget.
# dk is `--transport auto` (native for this fleet's config); dk-openssh is the same run through the ssh binary.
ECHO_TOOLS="${FLEET_TOOLS:-dk dk-openssh ssh-loop pssh pdsh clush ansible-shell ansible-raw fabric}"
SEQ_TOOLS="dk dk-noreuse dk-openssh dk-openssh-noreuse ssh-new ssh-reuse"
# At N ≥ 1000 a run of each tool takes minutes: dk, the fastest OpenSSH-based peer and the in-process one.
HUGE_TOOLS="${FLEET_TOOLS_HUGE:-dk pdsh fabric}"

echo_tools() { # echo_tools N: the echo rows run at N (those of ECHO_TOOLS also in HUGE_TOOLS at N ≥ 1000)
  local tool
  for tool in $ECHO_TOOLS; do
    [ "$1" -lt 1000 ] || [[ " $HUGE_TOOLS " == *" $tool "* ]] && echo "$tool"
  done
  return 0
}
FIRST_TOOLS="dk dk-openssh ssh"

dk_command() { # dk_command TASK HOSTS_SPEC [TASK FLAGS…]; DK_FLAGS: dk's own flags, before the task name
  local task="$1" spec="$2"
  shift 2
  echo "node $root/packages/tasks/bin/dk.js -f $root/bench/fleet-tasks.ts ${DK_FLAGS:-}$task --hosts $spec --key $FLEET_KEY --ssh-config $FLEET_SSH_CONFIG $*"
}

echo_command() { # echo_command TOOL N: runs `echo hi` on all N hosts at once (parallelism N for every tool)
  local n="$2"
  case "$1" in
    dk) dk_command echo "$(<"$FLEET_SPEC")" ;;
    dk-noreuse) echo "env DEPLOYKIT_SSH_REUSE=0 $(dk_command echo "$(<"$FLEET_SPEC")")" ;;
    dk-openssh) DK_FLAGS="--transport openssh " dk_command echo "$(<"$FLEET_SPEC")" ;;
    clush) echo "clush -f $n -S -q --hostfile $FLEET_HOSTS -o '-F $FLEET_SSH_CONFIG' 'echo hi'" ;;
    ssh-loop) echo "$root/bench/fleet-ssh-loop.sh $FLEET_SSH_CONFIG $FLEET_HOSTS 'echo hi'" ;;
    pssh) echo "parallel-ssh -h $FLEET_HOSTS -p $n -t 300 -x '-F $FLEET_SSH_CONFIG' -i 'echo hi'" ;;
    pdsh) echo "env PDSH_SSH_ARGS='-F $FLEET_SSH_CONFIG %h' pdsh -R ssh -f $n -t 120 -w ^$FLEET_HOSTS 'echo hi'" ;;
    ansible-shell) echo "ansible all -i $FLEET_INVENTORY -f $n -m shell -a 'echo hi'" ;;
    ansible-raw) echo "ansible all -i $FLEET_INVENTORY -f $n -m raw -a 'echo hi'" ;;
    fabric) echo "/usr/bin/python3 $root/bench/fleet-fabric.py $FLEET_HOSTS $FLEET_PORT $FLEET_USER $FLEET_KEY 'echo hi'" ;;
    *) return 1 ;;
  esac
}

seq_command() { # seq_command TOOL: 20 sequential commands on the first host
  local one="$FLEET_USER@$FLEET_FIRST:$FLEET_PORT"
  case "$1" in
    dk) dk_command sequential "$one" --count 20 ;;
    dk-noreuse) echo "env DEPLOYKIT_SSH_REUSE=0 $(dk_command sequential "$one" --count 20)" ;;
    dk-openssh) DK_FLAGS="--transport openssh " dk_command sequential "$one" --count 20 ;;
    dk-openssh-noreuse) echo "env DEPLOYKIT_SSH_REUSE=0 $(DK_FLAGS="--transport openssh " dk_command sequential "$one" --count 20)" ;;
    ssh-new) echo "$root/bench/fleet-ssh-seq.sh $FLEET_SSH_CONFIG $FLEET_FIRST 20" ;;
    ssh-reuse) echo "$root/bench/fleet-ssh-seq.sh $FLEET_SSH_CONFIG $FLEET_FIRST 20 reuse" ;;
    *) return 1 ;;
  esac
}

first_command() { # first_command TOOL: prints a line, sleeps 3 s, prints another, on the first host
  case "$1" in
    dk) dk_command first-line "$FLEET_USER@$FLEET_FIRST:$FLEET_PORT" ;;
    dk-openssh) DK_FLAGS="--transport openssh " dk_command first-line "$FLEET_USER@$FLEET_FIRST:$FLEET_PORT" ;;
    ssh) echo "ssh -F $FLEET_SSH_CONFIG $FLEET_FIRST 'echo first; sleep 3; echo second'" ;;
    *) return 1 ;;
  esac
}

first_line() { # first_line COMMAND…: the first line of its output (no pipe into head: SIGPIPE would fail it)
  local out
  out="$("$@" 2>&1 || true)"
  echo "${out%%$'\n'*}"
}

tool_versions() { # one line per tool, for the report
  first_line node "$root/packages/tasks/bin/dk.js" --version
  echo "Node $(node --version)"
  first_line ssh -V
  echo "parallel-ssh $(first_line parallel-ssh --version)"
  first_line pdsh -V
  echo "clush $(first_line clush --version)"
  first_line ansible --version
  first_line /usr/bin/python3 -c 'import fabric, paramiko; print("fabric", fabric.__version__, "paramiko", paramiko.__version__)'
  first_line hyperfine --version
}
