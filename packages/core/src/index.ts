export { run } from "./run.ts";
export { Host } from "./host.ts";
export { Group } from "./group.ts";
export { inSelection } from "./run-each.ts";
export { parseSelector, selectHosts } from "./select.ts";
export { SelectionError } from "./selection-error.ts";
export type { Selector, SelectorTerm } from "./select.ts";
export { HostResult } from "./host-result.ts";
export { HostEntryError, parseHosts } from "./parse-hosts.ts";
export { CommandError } from "./errors.ts";
export { TransportError } from "./ssh/transport-error.ts";
export { TransferError } from "./transfer/transfer-error.ts";
export type { TransferFailure } from "./transfer/transfer-error.ts";
export { GroupError, reasonOf } from "./group-error.ts";
export { errorChain } from "./error-chain.ts";
export type { ErrorChain } from "./error-chain.ts";
export { quoteArgv } from "./run/quote.ts";
export { findExecutable } from "./run/find-executable.ts";
export { createPrinter, printer, setPrinter } from "./output/printer.ts";
export { terminalSafe } from "./output/escapes.ts";
export { hasSudoPassword, setSudoPassword } from "./run/sudo-password.ts";
export { configure, isDryRun } from "./settings.ts";
export { exitHeld, exitHolds, holdExit } from "./exit-holds.ts";
export { stopRunning } from "./run/stop-running.ts";
export { inFlight, noneInFlight } from "./run/in-flight.ts";
export type { Settings } from "./settings.ts";
export type { Printer, RunEnd } from "./output/printer.ts";
export type {
  Command,
  CommandResult,
  Encoding,
  Output,
  GroupOptions,
  GroupLocalOptions,
  GroupRunOptions,
  HostKeyCheck,
  HostOptions,
  OutputMode,
  ParseHostsOptions,
  LocalDefaults,
  RemoteDefaults,
  RemoteRunOptions,
  RunOptions,
  Runner,
  Transport,
  DownloadOptions,
  TransferResult,
  UploadOptions,
} from "./types.ts";
export { createStatusPrinter } from "./status/status-printer.ts";
export { drawsInPlace } from "./status/live-block.ts";
export { createRecorder } from "./status/recorder.ts";
export { duration, formatSummary, summaryTable } from "./status/summary.ts";
export type { SummaryRow, SummaryTableOptions } from "./status/summary.ts";
export type { CutShort, Halted } from "./status/summary-count.ts";
export type { StatusOptions, StatusPrinter } from "./status/status-printer.ts";
export type { HostRecord, Recorder } from "./status/recorder.ts";
