import { accessSync, constants } from "node:fs";
import type { ConfigLine } from "./lines.ts";
import { decimalPort } from "./service-port.ts";

// What ssh surely takes, keyword by keyword, for the options dk and common configurations set: ssh checks every line
// it reads (those of blocks that do not apply too) and refuses to connect at a bad one. Anything else, ssh is asked
// (see native/config-check.ts): this table only spares that question, so it may be narrower than ssh, never wider.
type Check = (args: readonly string[]) => boolean;

const one =
  (test: (value: string) => boolean): Check =>
  (args) =>
    args.length === 1 && args[0] !== "" && test(args[0]!);
const some =
  (test: (value: string) => boolean): Check =>
  (args) =>
    args.length > 0 && args.every((arg) => arg !== "" && test(arg));
const word = (pattern: RegExp) => one((value) => pattern.test(value));
const any = () => true;
// A `$` is an environment variable to ssh in some options, which it refuses when unset or malformed.
const noDollar = (value: string) => !value.includes("$");

const FLAG = word(/^(yes|no|true|false)$/i);
const TIME = word(/^(none|(\d{1,6}[smhdwSMHDW]?){1,4})$/);
const COUNT = word(/^\d{1,9}$/);

const CHECKS: Readonly<Record<string, Check>> = {
  host: some(any),
  match: matchCriteria,
  include: some(any),
  hostname: one(any),
  user: one(any),
  port: one((value) => (decimalPort(value) ?? 0) >= 1),
  identityfile: one(noDollar),
  certificatefile: one(noDollar),
  identityagent: one(noDollar),
  proxyjump: one(noDollar),
  proxycommand: some(any),
  userknownhostsfile: some(noDollar),
  globalknownhostsfile: some(noDollar),
  stricthostkeychecking: word(/^(yes|no|true|false|off|ask|accept-new)$/i),
  connecttimeout: TIME,
  serveraliveinterval: TIME,
  serveralivecountmax: COUNT,
  connectionattempts: word(/^[1-9]\d{0,8}$/),
  // A name with an `=` is no name to ssh.
  sendenv: some((value) => !value.includes("=")),
  setenv: some((value) => /^[^=]+=/.test(value)),
  requesttty: word(/^(yes|no|auto|force)$/i),
  loglevel: word(/^(quiet|fatal|error|info|verbose|debug[123]?)$/i),
  controlmaster: word(/^(yes|no|true|false|ask|auto|autoask)$/i),
  controlpath: one(noDollar),
  // Compared case by case there, unlike the flags.
  controlpersist: word(/^(yes|no|true|false|(\d{1,6}[smhdwSMHDW]?){1,4})$/),
  addkeystoagent: word(/^(yes|no|true|false|ask|confirm)$/i),
  updatehostkeys: word(/^(yes|no|true|false|ask)$/i),
  remotecommand: some(any),
  forwardagent: one(noDollar),
  compression: word(/^(yes|no)$/i),
  hostkeyalias: one(any),
  addressfamily: word(/^(any|inet|inet6)$/i),
  xauthlocation: one(noDollar),
  ...Object.fromEntries(
    [
      "identitiesonly",
      "batchmode",
      "hashknownhosts",
      "forwardx11",
      "forwardx11trusted",
      "permitlocalcommand",
      "clearallforwardings",
      "exitonforwardfailure",
      "tcpkeepalive",
      "visualhostkey",
      "checkhostip",
      "passwordauthentication",
      "kbdinteractiveauthentication",
      "challengeresponseauthentication",
      "pubkeyauthentication",
      "gssapiauthentication",
      "gssapidelegatecredentials",
      "stdinnull",
      "forkafterauthentication",
    ].map((keyword) => [keyword, FLAG]),
  ),
};

// A file's lines are parsed once (lines.ts): so is each one's verdict.
const verdicts = new WeakMap<ConfigLine, boolean>();

/** Whether ssh surely takes `line` as written; false when only ssh can tell. */
export function surelyValid(line: ConfigLine): boolean {
  let verdict = verdicts.get(line);
  if (verdict === undefined) {
    const check = CHECKS[line.keyword];
    verdict = line.complete !== false && check !== undefined && check(line.args);
    verdicts.set(line, verdict);
  }
  return verdict;
}

/** Whether `file` can be read: ssh refuses a `-F` file it cannot read. */
export function readable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

// Criteria the resolver reads: those with patterns, `canonical` and `final`, and a last `all` after at most one other
// (readconf.c's match_cfg_line refuses it after two).
function matchCriteria(args: readonly string[]): boolean {
  let seen = 0;
  for (let i = 0; i < args.length; seen++) {
    if (args[i]!.startsWith("#")) return seen > 0;
    const criterion = args[i]!.replace(/^!/, "").toLowerCase();
    if (criterion === "all") return seen <= 1 && i === args.length - 1;
    if (criterion === "canonical" || criterion === "final") i += 1;
    else if (/^(host|originalhost|user|localuser)$/.test(criterion) && /^[^#]/.test(args[i + 1] ?? "")) i += 2;
    else return false;
  }
  return seen > 0;
}
