let conditions: ReadonlySet<string> | undefined;

/**
 * The export conditions Node resolves an `import` under in this process: its own, and any given with --conditions
 * (-C) in its argv or NODE_OPTIONS. Read once.
 */
export function importConditions(): ReadonlySet<string> {
  if (conditions !== undefined) return conditions;
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)];
  const given = args.flatMap((arg, index) => {
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg)?.[1];
    if (inline !== undefined) return [inline];
    return (arg === "--conditions" || arg === "-C") && args[index + 1] ? [args[index + 1]!] : [];
  });
  conditions = new Set(["node", "import", "module-sync", ...given, "default"]);
  return conditions;
}
