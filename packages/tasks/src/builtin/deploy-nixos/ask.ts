/** What to do with the activations still running when dk is interrupted. */
export type InterruptAnswer = "stop" | "leave";

/**
 * Asks `question` on the terminal and reads one key without Enter: `s` stops, `l` leaves; Ctrl-C again (or Ctrl-D)
 * stops, since pressing it twice means "stop". Other keys are ignored. The answer is echoed as a word.
 */
export function askStopOrLeave(
  question: string,
  stdin: NodeJS.ReadStream = process.stdin,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<InterruptAnswer> {
  stderr.write(question);
  return new Promise((resolve) => {
    const done = (answer: InterruptAnswer) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      stderr.write(`${answer}\n`);
      resolve(answer);
    };
    // Raw mode: Ctrl-C arrives here as a key, not as a second SIGINT.
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8").toLowerCase()) {
        if (char === "s" || char === "\u0003" || char === "\u0004") return done("stop");
        if (char === "l") return done("leave");
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
