/** How a host that is not ok was cut short without failing of itself; a table counts these apart from failures. */
export type Halted = "stopped" | "not started" | "skipped";

/** How a run cut short a host's command: Ctrl-C or an abort stopped it, or came before it started. */
export type CutShort = Exclude<Halted, "skipped">;

// In the count, after ok and failed: how far such hosts got.
const HALTS: readonly Halted[] = ["stopped", "not started", "skipped"];

type Counted = { readonly ok: boolean; readonly halted?: Halted | null | undefined };

/** A table row's result: ok, failed, or how the host was cut short. */
export function resultWord(row: Counted): string {
  return row.ok ? "ok" : (row.halted ?? "failed");
}

/** `3 hosts: 1 ok, 0 failed, 2 stopped`: ok and failed always, each way of being cut short that some host had. */
export function countLine(rows: readonly Counted[], note?: string): string {
  const many = rows.length === 1 ? "1 host" : `${rows.length} hosts`;
  const count = (word: string) => rows.filter((row) => resultWord(row) === word).length;
  const cut = HALTS.filter((halt) => count(halt) > 0).map((halt) => `, ${count(halt)} ${halt}`);
  return `${many}: ${count("ok")} ok, ${count("failed")} failed${cut.join("")}${note ? ` (${note})` : ""}`;
}
