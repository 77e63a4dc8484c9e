import type { colors as makeColors, TagColors } from "../output/colors.ts";
import { countPhases, type HostStatus } from "./host-status.ts";
import { duration, withoutCommand } from "./summary.ts";
import { shownTags } from "./tag-names.ts";
import { cut, textWidth } from "./width.ts";

type Colors = ReturnType<typeof makeColors>;

/** What a frame is drawn for: terminal size, the clock, and colours. */
export type Frame = {
  readonly columns: number;
  readonly rows: number;
  readonly now: number;
  /** Increases with every redraw; picks the spinner's frame. */
  readonly tick: number;
  readonly colors: Colors;
  readonly tags: TagColors;
};

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

// The live block: one line per host, or, when they do not fit, a line of counts and the running hosts that fit.
export function renderLive(hosts: readonly HostStatus[], frame: Frame): string[] {
  // One row stays free: a block as tall as the screen would scroll, and the cursor could not climb back.
  const room = Math.max(1, frame.rows - 1);
  if (hosts.length <= room) return hostLines(hosts, frame, hosts);
  const running = hosts.filter((host) => host.phase === "running");
  const failed = hosts.filter((host) => host.phase === "failed");
  const lines = [countsLine(hosts, frame)];
  const shown = running.length <= room - 1 ? running : running.slice(0, Math.max(0, room - 2));
  lines.push(...hostLines(shown, frame, hosts));
  if (shown.length < running.length && lines.length < room)
    lines.push(fit(frame.colors.dim(`  … ${running.length - shown.length} more running`), frame));
  const left = room - lines.length;
  if (left > 0) lines.push(...hostLines(failed.slice(-left), frame, hosts, "waiting", failed));
  return lines;
}

// While every output line scrolls above: only the running hosts, in at most half the screen, so the output keeps room;
// a line of counts first when the hosts do not fit.
export function renderRunning(hosts: readonly HostStatus[], frame: Frame): string[] {
  const room = Math.max(1, Math.floor((frame.rows - 1) / 2));
  const running = hosts.filter((host) => host.phase === "running");
  if (hosts.length <= room) return hostLines(running, frame, hosts);
  const shown = running.length <= room - 1 ? running : running.slice(0, Math.max(0, room - 2));
  const lines = [countsLine(hosts, frame), ...hostLines(shown, frame, hosts)];
  if (room > 1 && shown.length < running.length)
    lines.push(fit(frame.colors.dim(`  … ${running.length - shown.length} more running`), frame));
  return lines;
}

// What stays on screen afterwards: every host (or the counts and the hosts that did not succeed) and their last lines.
// A host still waiting then (a run cut short before its turn) never started.
export function renderFinal(hosts: readonly HostStatus[], frame: Frame, tail: number): string[] {
  const all = hosts.length <= Math.max(1, frame.rows - 1);
  const listed = all ? hosts : hosts.filter((host) => host.phase !== "ok" && host.phase !== "waiting");
  const lines = all ? [] : [countsLine(hosts, frame, "not started")];
  const rows = hostLines(listed, frame, hosts, "not started");
  for (const [i, host] of listed.entries()) {
    lines.push(rows[i]!);
    if (host.phase === "failed" && tail > 0)
      lines.push(...host.tail.slice(-tail).map((text) => fit(`    ${frame.colors.dim("│")} ${text}`, frame)));
  }
  return lines;
}

function countsLine(hosts: readonly HostStatus[], frame: Frame, waiting = "waiting"): string {
  const counts = countPhases(hosts);
  const { colors: c } = frame;
  const parts = [
    `${counts.running} running`,
    c.green(`${counts.ok} ok`),
    c.red(`${counts.failed} failed`),
    `${counts.waiting} ${waiting}`,
  ];
  if (counts.stopped > 0) parts.push(c.yellow(`${counts.stopped} stopped`));
  return fit(`${hosts.length} hosts: ${parts.join(" · ")}`, frame);
}

// Each host's line, tags padded to the widest of `peers`: measured once for all, not again for each host (a final
// state may list thousands). Names are cut as `all` the view's hosts need, so a row keeps its name from frame to frame.
function hostLines(
  hosts: readonly HostStatus[],
  frame: Frame,
  all: readonly HostStatus[],
  waiting = "waiting",
  peers = hosts,
): string[] {
  // A name longer than half the line is cut, so that no host's time and state are pushed off every line.
  const most = Math.max(4, Math.floor((frame.columns - 1) / 2) - 2);
  const names = shownTags(
    all.map((host) => host.tag),
    most,
  );
  const width = peers.reduce((widest, peer) => Math.max(widest, textWidth(names.get(peer.tag)!)), 0);
  return hosts.map((host) => hostLine(host, names.get(host.tag)!, width, frame, waiting));
}

// `⠋ [web1]   3.2s  last output line`: the time comes before the free text, so cutting never hides it.
function hostLine(host: HostStatus, name: string, width: number, frame: Frame, waiting: string): string {
  const { colors: c } = frame;
  const tag = `${frame.tags.paint(host.tag, c, name)}${" ".repeat(Math.max(0, width - textWidth(name)))}`;
  const end = host.phase === "running" ? frame.now : (host.endedAt ?? frame.now);
  const time = (host.startedAt === undefined ? "" : duration(end - host.startedAt)).padStart(6);
  const [mark, text] = describe(host, frame, waiting);
  return fit(`${mark} ${tag} ${time}  ${text}`, frame);
}

function describe(host: HostStatus, { colors: c, tick }: Frame, waiting: string): [string, string] {
  switch (host.phase) {
    case "running":
      return [c.cyan(SPINNER[tick % SPINNER.length]!), host.last === "" ? c.dim(now(host.command)) : host.last];
    case "ok":
      return [c.green("✔"), c.green(host.exitCode ? `ok (exit ${host.exitCode})` : "ok")];
    case "failed":
      return [c.red("✖"), c.red(failure(host))];
    case "stopped":
      return [c.yellow("■"), c.yellow(host.command === "" ? "stopped" : `stopped: ${now(host.command)}`)];
    default:
      return [c.dim("·"), c.dim(waiting)];
  }
}

// What a running host does: its command, or (a group call's function between its commands) only that it runs.
function now(command: string): string {
  return command === "" ? "running" : `$ ${command}`;
}

// The command is on the line already (or was): what is left of the reason is the why, e.g. `failed with exit code 3:
// …`.
function failure(host: HostStatus): string {
  const said = withoutCommand(host.error ?? `exit ${host.exitCode}`);
  return said.startsWith("failed") ? said : `failed: ${said}`;
}

// The last column stays empty: writing into it leaves some terminals in a pending-wrap state.
function fit(line: string, frame: Frame): string {
  return cut(line, Math.max(1, frame.columns - 1));
}
