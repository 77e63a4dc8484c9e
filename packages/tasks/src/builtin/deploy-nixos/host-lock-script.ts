import { STATE_ROOT } from "./state-dir.ts";

/**
 * Lines that set `$DK_HOST_LOCK`, unless it is set (handed on), to the host's activation guard: a lock like a
 * configuration directory's (lock-script.ts), held by a deployment that activates a system there, so that two
 * deployments of different directories never activate at once. The host's own /run keys it to the host (and its
 * boot). Connected on a loopback address, one machine answers as several hosts (127.0.0.2, 127.0.0.3, …, or one
 * address on several ports): there the address and port its sshd took the session on name it too. Both come from
 * SSH_CONNECTION, read from the session's processes when sudo's reset left it out. Run in the session: the detached
 * activation and the keeper's release are handed the path. Pure.
 */
export const HOST_LOCK = [
  'if [ -z "${DK_HOST_LOCK:-}" ]; then',
  "  c=${SSH_CONNECTION:-}; p=$PPID; n=0",
  '  while [ -z "$c" ] && [ "${p:-0}" -gt 1 ] && [ "$n" -lt 10 ]; do',
  "    c=$(tr '\\0' '\\n' <\"/proc/$p/environ\" 2>/dev/null | sed -n 's/^SSH_CONNECTION=//p')",
  "    p=$(awk '/^PPid:/ { print $2 }' \"/proc/$p/status\" 2>/dev/null) || p=0; n=$((n + 1))",
  "  done",
  // The third and fourth words: the address and port the session came in on; only their characters are kept.
  "  a=$(printf '%s' \"$c\" | awk '{ print $3 }' | tr -cd '0-9A-Fa-f.:'); o=${c##* }; o=${o//[!0-9]/}",
  `  case "$a" in 127.*|::1) DK_HOST_LOCK=${STATE_ROOT}/host-lock:$a:$o ;;`,
  `  *) DK_HOST_LOCK=${STATE_ROOT}/host-lock ;; esac`,
  "fi",
];
