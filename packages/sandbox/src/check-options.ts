// Refuses the options of startSandbox and startNetnsHosts that are not what their types say, before anything starts.

// `value` as a message shows it: JSON, and its type.
const shown = (value: unknown) =>
  `${JSON.stringify(value) ?? String(value)} (${value === null ? "null" : typeof value})`;

/** Throws a TypeError naming the first of `env` and `sshdConfig` that cannot go into an sshd_config. */
export function checkSshdOptions(env: unknown, sshdConfig: unknown): void {
  if (typeof env !== "object" || env === null || Array.isArray(env)) {
    throw new TypeError(`Expected \`env\` to be an object of variable names and values, got ${shown(env)}`);
  }
  for (const [name, value] of Object.entries(env)) {
    // One sshd_config line holds them all: a line break cannot be written there.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /[\n\r\0]/.test(String(value))) {
      throw new TypeError(
        "Expected `env` to map variable names to values without line breaks, " +
          `got \`${name}\`: ${JSON.stringify(value)}`,
      );
    }
  }
  if (!Array.isArray(sshdConfig)) {
    throw new TypeError(`Expected \`sshdConfig\` to be an array of lines, got ${shown(sshdConfig)}`);
  }
  // A line break would add lines the caller did not give as lines (a ListenAddress beyond loopback, say).
  const bad = sshdConfig.find((line) => typeof line !== "string" || /[\n\r\0]/.test(line));
  if (bad !== undefined) {
    throw new TypeError(`Expected \`sshdConfig\` to hold lines without line breaks, got ${JSON.stringify(bad)}`);
  }
}

/** Throws a TypeError unless `options` is an object whose keys are all `known`: a misspelt one would go unused. */
export function checkOptionKeys(options: unknown, known: readonly string[], call: string): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Expected the options of ${call} to be an object, got ${shown(options)}`);
  }
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(`Unknown option \`${unknown}\` for ${call} (it takes: ${known.join(", ")})`);
  }
}

/** Throws a TypeError unless the switch `name` is a boolean or not given: "yes" would count as off. */
export function checkSwitch(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") {
    throw new TypeError(`Expected \`${name}\` to be a boolean, got ${shown(value)}`);
  }
}
