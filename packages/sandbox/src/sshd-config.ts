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
  // sshd reads \" and \\ inside quotes as " and \.
  const setEnv = Object.entries(o.env).map(([k, v]) => `"${`${k}=${v}`.replace(/["\\]/g, "\\$&")}"`);
  return [
    ...o.addresses.map((address) => `ListenAddress ${address}:${o.port}`),
    `HostKey ${o.hostKey}`,
    `PidFile ${o.pidFile}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
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
