import type { HostRecord } from "@deploykit/core";
import { resultsJson } from "./format/results-json.ts";
import type { Io } from "./types.ts";

/** `--json TASK`: the run's one results document; the first write wins, later ones do nothing. */
export type ResultsDocument = { write(exitCode: number, hosts?: readonly HostRecord[], result?: unknown): void };

export function resultsDocument(task: string, stdout: Io["stdout"]): ResultsDocument {
  let written = false;
  return {
    write(exitCode, hosts = [], result) {
      if (written) return;
      written = true;
      stdout.write(resultsJson(task, exitCode, hosts, result));
    },
  };
}
