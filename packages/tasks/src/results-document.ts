import type { HostRecord } from "@deploykit/core";
import { resultsJson } from "./format/results-json.ts";
import type { Io } from "./types.ts";

/**
 * `--json TASK`: the run's one results document; the first write wins, later ones do nothing. Its `task` is the one
 * named first, unless the write names another (the task that failed, or whose result it holds).
 */
export type ResultsDocument = {
  write(exitCode: number, hosts?: readonly HostRecord[], result?: unknown, task?: string): void;
};

export function resultsDocument(task: string, stdout: Io["stdout"]): ResultsDocument {
  let written = false;
  return {
    write(exitCode, hosts = [], result, named = task) {
      if (written) return;
      written = true;
      stdout.write(resultsJson(named, exitCode, hosts, result));
    },
  };
}
