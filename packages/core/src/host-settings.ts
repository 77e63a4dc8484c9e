import { inspect, type InspectOptionsStylized } from "node:util";
import type { SshTarget } from "./ssh/argv.ts";
import type { HostKeyCheck, HostOptions, RemoteDefaults, Transport } from "./types.ts";
import { assertHostOptions, tagOf, type Copied } from "./host-options.ts";
import { assertHostname } from "./validate.ts";

/**
 * What a `Host` is: its connection settings, your typed `meta` and its `with()` defaults, checked as it is made; and
 * how it is shown.
 */
export class HostSettings<Meta = Record<string, unknown>> implements SshTarget {
  readonly hostname: string;
  readonly user: string | undefined;
  readonly port: number | undefined;
  readonly key: string | undefined;
  readonly forwardAgent: boolean;
  readonly commandPrefix: string;
  readonly hostKeyCheck: HostKeyCheck;
  /** True when `hostKeyCheck` was not given: a `StrictHostKeyChecking` in your ssh config then wins over "strict". */
  readonly hostKeyCheckDefaulted: boolean;
  readonly meta: Meta;
  readonly verboseSsh: boolean;
  readonly sshOptions: readonly string[];
  readonly reuseConnection: boolean;
  /** Its own transport; undefined follows the `transport` setting. */
  readonly transport: Transport | undefined;
  /** The options every run on this host starts from: what `with()` set (kept by a copy, `{ ...host, meta }`). */
  readonly defaults: RemoteDefaults;

  constructor(hostname: string, options: HostOptions<Meta> = {}) {
    assertHostname(hostname);
    assertHostOptions(options, "new Host()");
    const check = options.hostKeyCheck ?? "strict";
    const copied = options as HostOptions<Meta> & Partial<Copied>;
    this.hostname = hostname;
    this.user = options.user;
    this.port = options.port;
    this.key = options.key;
    this.forwardAgent = options.forwardAgent ?? false;
    // A copy elsewhere (`new Host("web2", { ...web1 })`) is tagged by where it goes, not by what it was copied from.
    this.commandPrefix = tagOf(hostname, copied);
    this.hostKeyCheck = check;
    this.hostKeyCheckDefaulted =
      options.hostKeyCheck === undefined || (copied.hostKeyCheckDefaulted === true && check === "strict");
    this.meta = options.meta ?? ({} as Meta);
    this.verboseSsh = options.verboseSsh ?? false;
    this.sshOptions = [...(options.sshOptions ?? [])];
    this.reuseConnection = options.reuseConnection ?? true;
    this.transport = options.transport;
    this.defaults = copied.defaults ?? {};
  }

  /** As JSON (`dk --json`, `--print`): the host without its `with()` defaults, whose `env` may hold secrets. */
  toJSON() {
    const { defaults: _runOptions, ...host } = this;
    return host;
  }

  // console.log shows what JSON does: a log line must not carry the secrets of a `with({ env })`.
  [inspect.custom](depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    if (depth < 0) return options.stylize("[Host]", "special");
    return `Host ${show(this.toJSON(), options)}`;
  }

  /** `user@hostname:port`, as `parseHosts` reads it. */
  toString(): string {
    const name = this.hostname.includes(":") ? `[${this.hostname}]` : this.hostname;
    return `${this.user === undefined ? "" : `${this.user}@`}${name}${this.port === undefined ? "" : `:${this.port}`}`;
  }
}
