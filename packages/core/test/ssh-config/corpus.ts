/** Config files (name → text; `{dir}` is the case's directory) and the `ssh` argv and host to resolve with them. */
export type Case = {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly host: string;
  /** Options before the destination; `-F {dir}/config` is added unless the case gives its own `-F`. */
  readonly argv?: readonly string[];
  /** Environment variables set for both (`{dir}` too is the case's directory). */
  readonly env?: Readonly<Record<string, string>>;
};

export const CORPUS: readonly Case[] = [
  { name: "empty config: defaults", files: { config: "" }, host: "web1" },
  {
    name: "first value wins across Host blocks",
    files: { config: "Host web*\n  Port 2200\n  User deploy\nHost *\n  Port 22\n  User nobody\n  ConnectTimeout 7\n" },
    host: "web1",
  },
  {
    name: "negated pattern vetoes the block",
    files: { config: "Host * !web1\n  User other\nHost *\n  User fallback\n" },
    host: "web1",
  },
  {
    name: "negation only applies to its own line",
    files: { config: "Host !db* web?\n  Port 2201\n" },
    host: "web2",
  },
  {
    name: "HostName with %h and a second block keyed on the original name",
    files: { config: "Host app\n  HostName %h.internal.example\nHost app\n  User ops\n" },
    host: "app",
  },
  {
    name: "Match host sees HostName, originalhost the name given",
    files: {
      config:
        "Host short\n  HostName long.example.org\n" +
        "Match host long.example.org\n  User byhost\nMatch originalhost short\n  Port 2022\n",
    },
    host: "short",
  },
  {
    name: "Match user on the user set so far, negated criterion, all",
    files: {
      config:
        "Host x\n  User alice\nMatch user alice\n  Port 2300\n" +
        "Match !user bob\n  ConnectTimeout 3\nMatch all\n  ServerAliveInterval 9\n",
    },
    host: "x",
  },
  {
    name: "absolute Include with a glob, in a Host block",
    files: {
      config: "Host inc\n  Include {dir}/conf.d/*.conf\nHost *\n  User after\n",
      "conf.d/10-a.conf": "User from-a\nHost other\n  Port 1111\n",
      "conf.d/20-b.conf": "Port 2020\n",
    },
    host: "inc",
  },
  {
    name: "an Include's Host lines do not leak into the including file",
    files: {
      config: "Include {dir}/inc\nUser top\n",
      inc: "Host nomatch\n  Port 9\n",
    },
    host: "h",
  },
  {
    name: "Include inside a block that does not apply is read but not applied",
    files: { config: "Host other\n  Include {dir}/inc\nHost *\n  Port 2400\n", inc: "Port 1\nUser never\n" },
    host: "h",
  },
  {
    name: "IdentityFile accumulates, IdentitiesOnly, quoted values, `=` syntax",
    files: {
      config:
        'Host k\n  IdentityFile ~/.ssh/first\n  IdentityFile "/tmp/with space/key"\n  IdentitiesOnly=yes\n' +
        "Host *\n  IdentityFile ~/.ssh/%r@%h\n",
    },
    host: "k",
  },
  {
    name: "known hosts files with tokens, StrictHostKeyChecking accept-new, HashKnownHosts",
    files: {
      config:
        "Host kh\n  UserKnownHostsFile ~/.ssh/kh_%h_%p %d/other\n  GlobalKnownHostsFile /etc/ssh/g1\n" +
        "  StrictHostKeyChecking accept-new\n  HashKnownHosts yes\n",
    },
    host: "kh",
  },
  {
    name: "StrictHostKeyChecking no, ServerAlive with units, BatchMode",
    files: {
      config:
        "Host *\n  StrictHostKeyChecking no\n  ServerAliveInterval 1m30s\n  ServerAliveCountMax 5\n  BatchMode yes\n",
    },
    host: "t",
  },
  {
    name: "a port with a leading zero is decimal",
    files: { config: "Host *\n  Port 0022\n" },
    host: "t",
  },
  {
    name: "a port with a sign before it is read as ssh's strtonum reads it",
    files: { config: "Host *\n  Port +2201\n" },
    host: "t",
  },
  {
    name: "a quoted port with blanks before it is read as ssh's strtonum reads it",
    files: { config: 'Host *\n  Port " \t+02202"\n' },
    host: "t",
  },
  {
    name: "times and counts with a sign before them, as ssh's convtime and strtonum read them",
    files: {
      config:
        "Host *\n  ConnectTimeout +5\n  ServerAliveCountMax +4\n" +
        "  ConnectionAttempts +2\n  ServerAliveInterval +7\n",
    },
    host: "t",
  },
  {
    name: "-p with a sign before the port",
    files: { config: "" },
    host: "t",
    argv: ["-p", "+2203"],
  },
  {
    name: "IgnoreUnknown naming keywords ssh knows changes nothing: it skips unknown ones alone",
    files: { config: "IgnoreUnknown Port,U*,Foo\nHost *\n  Foo bar\n  Port 2204\n  User known\n" },
    host: "t",
  },
  {
    name: "ConnectTimeout 0 is no limit, as none is",
    files: { config: "Host *\n  ConnectTimeout 0\n" },
    host: "t",
  },
  {
    name: "ProxyJump chain; a later ProxyCommand is ignored",
    files: { config: "Host behind\n  ProxyJump ops@bastion:2222,jump2\n  ProxyCommand nc %h %p\n" },
    host: "behind",
  },
  {
    name: "ProxyJump none",
    files: { config: "Host direct\n  ProxyJump none\nHost *\n  ProxyJump bastion\n" },
    host: "direct",
  },
  {
    name: "IdentityAgent with tokens and environment",
    files: { config: "Host ag\n  IdentityAgent ~/agent-%u-${HOME}.sock\n" },
    host: "ag",
  },
  {
    name: "IdentityAgent none",
    files: { config: "Host *\n  IdentityAgent none\n" },
    host: "ag",
  },
  {
    name: "command-line options win over the file (deploykit's own argv)",
    files: { config: "Host *\n  Port 2500\n  User fileuser\n  StrictHostKeyChecking no\n  ConnectTimeout 30\n" },
    host: "cli",
    argv: [
      "-o",
      "ConnectTimeout=5",
      "-p",
      "2222",
      "-i",
      "/dev/null",
      "-o",
      "StrictHostKeyChecking=yes",
      "-l",
      "root",
      "-o",
      "ServerAliveInterval=5",
    ],
  },
  {
    name: "the first of two command-line values wins",
    files: { config: "" },
    host: "cli2",
    argv: ["-o", "Port=2600", "-p", "2700", "-o", "User=u1", "-l", "u2"],
  },
  {
    name: "comments, keyword case, tabs and trailing comments",
    files: { config: "# a comment\n\tHOST\tcase\n\tpOrT 2800 # trailing\n  user   spaced\n" },
    host: "case",
  },
  {
    name: "an -i file that does not exist is dropped, the defaults stay",
    files: { config: "" },
    host: "noid",
    argv: ["-i", "/nonexistent/key"],
  },
  {
    name: "Host compares case as written, Match host lowercases its patterns, HostName comes out lowercased",
    files: { config: "Host WEB\n  HostName Web.Example\nHost web\n  Port 1\nMatch host WEB.example\n  User m\n" },
    host: "WEB",
  },
  {
    name: "host patterns with ? and * and case",
    files: { config: "Host WEB-?.example.*\n  User patterned\n" },
    host: "web-1.example.org",
  },
  {
    name: "SendEnv adds up, and `-pattern` takes out the names it matches so far",
    files: {
      config: "Host *\n  SendEnv LANG LC_* DK_A\n  SendEnv -LC_* DK_B\n  SendEnv -DK_?\n  SendEnv LC_LATER\n",
    },
    host: "web1",
  },
  {
    name: "SetEnv: the first line only, a name given twice there taken once",
    files: { config: 'Host web1\n  SetEnv A=1 B="two words" A=2\nHost *\n  SetEnv C=3\n' },
    host: "web1",
  },
  {
    name: "a time of none sets nothing: a later value still wins",
    files: {
      config:
        "ConnectTimeout none\nServerAliveInterval none\nHost web1\n  ConnectTimeout 1m\n  ServerAliveInterval 9\n",
    },
    host: "web1",
  },
  {
    name: "AddressFamily: the first value, any case",
    files: { config: "Host web1\n  AddressFamily INET6\nHost *\n  AddressFamily inet\n" },
    host: "web1",
  },
  {
    name: "HostKeyAlias: the first value, lowercased; %k stands for it",
    files: {
      config: "Host web1\n  HostKeyAlias Fleet-Web\nHost *\n  HostKeyAlias other\n  UserKnownHostsFile /kh/%k /kh/%n\n",
    },
    host: "web1",
  },
  {
    name: "Match final: the files read again with HostName as the host, the first values kept",
    files: {
      config:
        "Host short\n  HostName Long.Example\nHost long.example\n  Port 2201\n" +
        "Match final host long.example\n  User finaluser\nMatch !final\n  ConnectTimeout 4\n" +
        "Match final\n  ConnectTimeout 9\n  ServerAliveInterval 7\n  HostName elsewhere\n" +
        "Match canonical\n  ServerAliveCountMax 5\nMatch originalhost short final\n  HashKnownHosts yes\n",
    },
    host: "short",
  },
  {
    name: "Match final: an IdentityFile read twice is taken once, SendEnv's names twice",
    files: {
      config:
        "IdentityFile ~/.ssh/a\nSendEnv LANG\nMatch final all\n  IdentityFile ~/.ssh/b\n  SendEnv LC_X\n" +
        "  IdentityFile ~/.ssh/a\n",
    },
    host: "web1",
  },
  {
    name: "Match final as a distribution writes it: an Include in the block, with its own Host lines",
    files: {
      config: "Host web1\n  User first\nInclude {dir}/config.d/*.conf\n",
      "config.d/50-vendor.conf":
        "Match final all\n  Include {dir}/policy.config\n  GSSAPIAuthentication no\n  SendEnv LANG LC_*\n",
      "policy.config": "ConnectTimeout 11\nUser policy\nHost other\n  Port 9\n",
    },
    host: "web1",
  },
  {
    name: "Match final with an address for HostName, and no Match final: no second pass",
    files: {
      config: "Host a\n  HostName 127.0.0.9\nMatch final host 127.0.0.9\n  Port 2209\nHost 127.0.0.9\n  User byaddr\n",
    },
    host: "a",
  },
  {
    name: "Match canonical without Match final or canonicalization never holds",
    files: { config: "Match canonical\n  Port 2210\nMatch !canonical\n  User notcanonical\n" },
    host: "web1",
  },
  {
    name: "an IdentityFile given twice is taken once, as -i and -o apart; -i expands ~",
    files: { config: "IdentityFile /dev/null\nHost *\n  IdentityFile /dev/null\n  IdentityFile ~/.ssh/x\n" },
    host: "web1",
    argv: ["-i", "/dev/null", "-i", "/dev/null", "-o", "IdentityFile=/dev/null", "-i", "~"],
  },
  {
    name: "Match !all never holds; all may close a line after one other criterion",
    files: { config: "Match !all\n  Port 2211\nMatch host web1 all\n  User withall\nMatch host other all\n  Port 1\n" },
    host: "web1",
  },
  {
    name: "UserKnownHostsFile expands ${NAME} with the tokens, GlobalKnownHostsFile neither",
    files: {
      config:
        "Host kh2\n  UserKnownHostsFile ${HOME}/kh-%h-${HOME}x ~/k2\n  GlobalKnownHostsFile /etc/kh-%h /e/${HOME}\n",
    },
    host: "kh2",
  },
  {
    name: "Match host lists keep the spaces after their commas: then no pattern matches",
    files: { config: 'Match host "nomatch, web1"\n  User spaced\nHost *\n  User all\n' },
    host: "web1",
  },
  {
    name: "Match host: a pattern of 1023 bytes or more fails its whole list",
    files: {
      config: `Match host ${"x".repeat(1100)},web1\n  User long\nMatch host ${"y".repeat(1000)},web1\n  Port 2304\n`,
    },
    host: "web1",
  },
  {
    name: "Match host expands HostName's %% and %h in one pass",
    files: { config: "Host db\n  HostName %%h.example\nMatch host %h.example\n  User pct\n" },
    host: "db",
  },
  {
    name: "Match host with a list and a negation",
    files: { config: "Match host !a*,*.example\n  Port 2301\nMatch host b.example,c\n  User lister\n" },
    host: "b.example",
  },
  {
    name: "Match localuser and user from -l",
    files: { config: "Match user deploy localuser root\n  Port 2302\n" },
    host: "x",
    argv: ["-l", "deploy"],
  },
  {
    name: "uppercase destination: Host matches as written, originalhost lowercase pattern",
    files: { config: "Host WEB1\n  Port 2303\nMatch originalhost web1\n  User orig\n" },
    host: "WEB1",
  },
  {
    name: "ProxyJump as an ssh:// URI and -J",
    files: { config: "Host *\n  ProxyJump ssh://ju@bast:2222\n" },
    host: "x",
  },
  {
    name: "-J on the command line wins over the file",
    files: { config: "Host *\n  ProxyJump other\n" },
    host: "x",
    argv: ["-J", "u@b1:22,b2"],
  },
  {
    name: "ServerAliveCountMax 0, ConnectTimeout 1h, StrictHostKeyChecking off",
    files: { config: "Host *\n  ServerAliveCountMax 0\n  ConnectTimeout 1h\n  StrictHostKeyChecking off\n" },
    host: "x",
  },
  {
    name: "Match final sees User set in the final pass for Match user",
    files: { config: "Match final\n  User late\nMatch final user late\n  Port 2307\n" },
    host: "x",
  },
  {
    name: "an Include of a ~ path and of a file that is not there",
    files: { config: "Include ~/.ssh/dk-no-such-file {dir}/none-here\nHost *\n  Port 2308\n" },
    host: "x",
  },
  {
    name: "HostName from a Match before any Host",
    files: {
      config:
        "Match originalhost x\n  HostName real.example\nHost real.example\n  Port 1\n" +
        "Match host real.example\n  User r\n",
    },
    host: "x",
  },
  {
    name: "keyword in capitals, = with spaces, quoted path with a space",
    files: { config: 'IDENTITYFILE = "/tmp/a b"\nUSER=caps\n' },
    host: "x",
  },
  {
    name: "SendEnv -* clears, SetEnv quoted",
    files: { config: 'SendEnv A B\nSendEnv -*\nSendEnv C\nSetEnv X="1 2" Y=3\n' },
    host: "x",
  },
  {
    name: "HostName with %% and %h",
    files: { config: "Host x\n  HostName a%%b-%h\n" },
    host: "x",
  },
  {
    name: "Match final with HostName %h.example and Host on it",
    files: { config: "Host X\n  HostName %h.Example\nHost x.example\n  User final\nMatch final all\n  Port 2313\n" },
    host: "X",
  },
  {
    name: "Host * !pattern with Match final",
    files: { config: "Host * !web*\n  User notweb\nMatch final\n  User other\n" },
    host: "web1",
  },
  {
    name: "-o HostName and Match final",
    files: { config: "Host h.example\n  Port 2315\nMatch final all\n  User f\n" },
    host: "x",
    argv: ["-o", "HostName=H.example"],
  },
  {
    name: "%C with a ProxyJump, as this ssh hashes it; %d %u %i %L %l %n %k",
    files: {
      config:
        "Host x\n  ProxyJump a@j1:22,ju@[::1]:2200\n  HostKeyAlias Al\n" +
        "  UserKnownHostsFile /kh/%C /kh/%d-%u-%i-%L-%l-%n-%k\n",
    },
    host: "x",
  },
  {
    name: "ProxyJump of addresses and ports, last hop parsed",
    files: { config: "Host x\n  ProxyJump ssh://u@127.0.0.1,10.0.0.1:22\n" },
    host: "x",
  },
  {
    name: "CRLF line ends and a form feed",
    files: { config: "Host x\r\n  Port 2401\r\n  User crlf\f\r\n" },
    host: "x",
  },
  {
    name: "a Host line of negations only never applies",
    files: { config: "Host !y\n  Port 2402\nHost *\n  User any\n" },
    host: "x",
  },
  {
    name: "-o with spaces around =, and a later -F none reads no file",
    files: { config: "Port 1\n" },
    host: "x",
    argv: ["-o", "Port = 2403", "-F", "none"],
  },
  {
    name: "an Include glob that matches nothing, and Include of several patterns",
    files: {
      config: "Include {dir}/nothing/*.conf {dir}/b.conf {dir}/a.conf\n",
      "a.conf": "User from-a\n",
      "b.conf": "User from-b\nPort 2404\n",
    },
    host: "x",
  },
  {
    name: "Match host against a HostName with uppercase and a trailing dot",
    files: { config: "Host x\n  HostName Db.Example.\nMatch host db.example.\n  Port 2405\n" },
    host: "x",
  },
  {
    name: "ProxyJump none after a ProxyCommand, and ProxyCommand none",
    files: { config: "Host x\n  ProxyCommand none\n  ProxyJump j\n" },
    host: "x",
  },
  {
    name: "an Include inside a Match that does not apply, then a Host after it",
    files: {
      config: "Match user nobody-here\n  Include {dir}/inc.conf\nHost x\n  Port 2407\n",
      "inc.conf": "Host *\n  User never\n",
    },
    host: "x",
  },
  {
    name: "the user from the destination's -l, %r in known hosts files",
    files: { config: "Host x\n  UserKnownHostsFile /kh/%r-%p\n  Port 2408\n" },
    host: "x",
    argv: ["-l", "someone"],
  },
  {
    name: "UpdateHostKeys: on with the default known hosts file as written, off with another or with two",
    files: {
      config:
        "Host dflt\n  UserKnownHostsFile ~/.ssh/known_hosts\nHost other\n  UserKnownHostsFile ~/kh\n" +
        "Host two\n  UserKnownHostsFile ~/.ssh/known_hosts ~/.ssh/known_hosts2\n",
    },
    host: "dflt",
  },
  {
    name: "UpdateHostKeys off for another known hosts file",
    files: { config: "Host other\n  UserKnownHostsFile ~/kh\n" },
    host: "other",
  },
  {
    name: "UpdateHostKeys off for the two default files named",
    files: { config: "Host two\n  UserKnownHostsFile ~/.ssh/known_hosts ~/.ssh/known_hosts2\n" },
    host: "two",
  },
  {
    name: "UpdateHostKeys as set: ask, and yes over another known hosts file",
    files: { config: "Host a\n  UpdateHostKeys ask\nHost b\n  UpdateHostKeys yes\n  UserKnownHostsFile /kh\n" },
    host: "a",
  },
  {
    name: "UpdateHostKeys yes over another known hosts file",
    files: { config: "Host b\n  UpdateHostKeys yes\n  UserKnownHostsFile /kh\n" },
    host: "b",
  },
  {
    name: "UpdateHostKeys off under VerifyHostKeyDNS yes, on under no",
    files: { config: "Host d\n  VerifyHostKeyDNS yes\nHost n\n  VerifyHostKeyDNS no\n" },
    host: "d",
  },
  {
    name: "BatchMode yes without ServerAliveInterval: the local ssh's default for batch mode (Debian's is 300)",
    files: { config: "Host web1\n  BatchMode yes\nHost *\n  ServerAliveInterval none\n" },
    host: "web1",
  },
  {
    name: "BatchMode from -o with ServerAliveInterval 0 set: 0",
    files: { config: "Host *\n  ServerAliveInterval 0\n" },
    host: "web1",
    argv: ["-o", "BatchMode=yes"],
  },
  {
    name: "ProxyCommand and RemoteCommand are the rest of the line: quotes and a comment kept, so not none",
    files: { config: 'Host web1\n  ProxyCommand none # direct\n  RemoteCommand "none"\n' },
    host: "web1",
  },
  {
    name: "ProxyJump none with a comment is a jump host named none; a comment after a chain is dropped",
    files: { config: "Host web1\n  ProxyJump none # direct\nHost web2\n  ProxyJump = a,b # x,y\n" },
    host: "web1",
  },
  {
    name: "ProxyJump after a comment: the chain alone",
    files: { config: "Host web2\n  ProxyJump = a,u@b:2 # x,y\n" },
    host: "web2",
  },
  {
    name: "ProxyJump NONE in capitals is none, and a ProxyCommand none after it changes nothing",
    files: { config: "Host *\n  ProxyJump NONE\n  ProxyCommand none\n  ProxyJump j\n" },
    host: "web1",
  },
  {
    name: "an IPv6 address keeps its case, in HostName and in %h (ssh lowercases names, not addresses)",
    files: { config: "Host x\n  HostName 2001:DB8::A\n  UserKnownHostsFile /kh/%h\n" },
    host: "x",
  },
  {
    name: "an IPv6 destination in capitals, with a Match final",
    files: { config: "Match final\n  Port 2410\nHost 2001:DB8::1\n  User upper\n" },
    host: "2001:DB8::1",
  },
  {
    name: "a link-local destination with its interface, with a Match final",
    files: { config: "Match final host FE80::1%lo\n  Port 2411\n" },
    host: "FE80::1%lo",
  },
  {
    name: "a HostName with a % is taken for an address by ssh: kept in capitals",
    files: { config: "Host X\n  HostName %h.A%%b\n" },
    host: "X",
  },
  {
    name: "Include globs as glob(3) does: bracket expressions, a quoted *, dot files only for a written dot",
    files: {
      config:
        "Include {dir}/d/[ab].conf {dir}/d/[!a-b].conf {dir}/d/\\*.conf {dir}/d/.*\n" +
        "Include {dir}/e/[[:upper:]]?[]x]*\nHost *\n  Port 2412\n",
      "d/a.conf": "SendEnv A_CONF\n",
      "d/c.conf": "SendEnv C_CONF\n",
      "d/*.conf": "SendEnv STAR_CONF\n",
      "d/.hidden": "SendEnv HIDDEN\n",
      "d/x.conf": "SendEnv X_CONF\n",
      "e/Ax.conf": "SendEnv UPPER_X\n",
      "e/ax.conf": "SendEnv LOWER_X\n",
    },
    host: "web1",
  },
  {
    name: "an Include of ~/ and a relative Include are found under $HOME, as glob's ~ is; other paths under passwd's",
    files: {
      config: "Include ~/inc-home rel.conf\nHost *\n  IdentityFile ~/k\n",
      "home/inc-home": "Port 2413\n",
      "home/.ssh/rel.conf": "User relhome\n",
    },
    host: "web1",
    env: { HOME: "{dir}/home" },
  },
  {
    name: "a backslash escapes a space outside quotes (and a quote or backslash), not another character",
    files: {
      config:
        'Host *\n  IdentityFile ~/.ssh/my\\ key\n  IdentityFile "~/.ssh/q\\ k"\n  IdentityFile ~/.ssh/a\\x\n' +
        "  User a\\#b\n  SendEnv A\\ B \\'C\n",
    },
    host: "web1",
  },
  {
    name: "Match criteria are read as ssh's strdelim reads them: = separates, ' is part of a pattern, # ends them",
    files: {
      config:
        "Match host 'web1'\n  Port 2501\nMatch host=web1 originalhost=web*\n  User eqsep\n" +
        "Match originalhost web1 #comment\n  ConnectTimeout 9\n",
    },
    host: "web1",
  },
];
