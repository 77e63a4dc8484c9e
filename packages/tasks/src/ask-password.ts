import { UsageError } from "./errors.ts";
import type { Io } from "./types.ts";

/** Ctrl-C at the password prompt: nothing ran. */
export class PromptInterrupted extends Error {
  override readonly name = "PromptInterrupted";
}

/**
 * Asks once for the sudo password: on a terminal without echo, otherwise the first line of stdin (for scripts:
 * `printf '%s\n' "$PW" | dk --ask-sudo-password deploy`). The prompt goes to stderr; the password never shows.
 */
export async function askPassword(io: Io, stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  io.stderr.write("sudo password for the hosts: ");
  const password = stdin.isTTY ? await readHidden(stdin) : await readLine(stdin);
  io.stderr.write("\n");
  // An empty stdin (/dev/null, cron) gives no password: an empty one would fail sudo on every host, later.
  if (password === undefined) {
    throw new UsageError(
      "--ask-sudo-password: stdin ended before a password; run dk on a terminal, or pipe the password in",
      `printf '%s\\n' "$PASSWORD" | dk --ask-sudo-password TASK`,
    );
  }
  return password;
}

// Raw mode: each key arrives as typed and nothing is echoed; Enter ends, Backspace erases, Ctrl-C/Ctrl-D stop.
function readHidden(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n") return done();
        if (char === "\u0003" || char === "\u0004")
          return done(new PromptInterrupted("interrupted at the password prompt"));
        typed = char === "\u007f" || char === "\b" ? [...typed].slice(0, -1).join("") : typed + char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}

// Reads up to the first newline of a piped stdin, then stops reading; undefined when it ends with nothing.
function readLine(stdin: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text: string | undefined;
    const finish = () => {
      stdin.off("data", onData);
      stdin.off("end", finish);
      stdin.pause();
      resolve(text?.split(/\r?\n/)[0]);
    };
    const onData = (chunk: Buffer) => {
      text = (text ?? "") + chunk.toString("utf8");
      if (text.includes("\n")) finish();
    };
    stdin.on("data", onData);
    stdin.once("end", finish);
    stdin.resume();
  });
}
