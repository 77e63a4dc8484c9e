// Renders an sshd_config for one sandbox sshd process. Pure.
export function sshdConfig(o: {
  addresses: readonly string[];
  port: number;
  hostKey: string;
  authorizedKeys: string;
  pidFile: string;
  env: Readonly<Record<string, string>>;
  extra: readonly string[];
}): string {
  const setEnv = Object.entries(o.env).map(([k, v]) => quoted(`${k}=${v}`));
  return [
    ...o.addresses.map((address) => `ListenAddress ${address}:${o.port}`),
    // The temp directory's path may hold spaces; AuthorizedKeysFile also expands % tokens (%% is a %).
    `HostKey ${quoted(o.hostKey)}`,
    `PidFile ${quoted(o.pidFile)}`,
    `AuthorizedKeysFile ${quoted(o.authorizedKeys.replaceAll("%", "%%"))}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "UseDNS no",
    "StrictModes no",
    "LogLevel ERROR",
    // Many parallel connections from one source must not be throttled.
    "MaxStartups 1000:30:1000",
    "PerSourceMaxStartups none",
    "MaxSessions 1000",
    // scp (OpenSSH 9 speaks SFTP) and sftp work as on a stock host.
    "Subsystem sftp internal-sftp",
    ...(setEnv.length > 0 ? [`SetEnv ${setEnv.join(" ")}`] : []),
    ...o.extra,
    "",
  ].join("\n");
}

// One sshd_config argument: sshd reads \" and \\ inside quotes as " and \.
function quoted(arg: string): string {
  return `"${arg.replace(/["\\]/g, "\\$&")}"`;
}
