/** A connection that could not be made: what ssh would have printed, exit code 255. */
export class ConnectFailure extends Error {
  override readonly name = "ConnectFailure";
  constructor(readonly lines: string) {
    super(lines.split("\n").at(-1));
  }
}

/** A connection given up while it was being made: every command waiting for it stopped first. */
export class Abandoned extends Error {
  override readonly name = "Abandoned";
}

/** A connection that would not be ssh's (it would choose an algorithm native lacks): the host goes through ssh. */
export class NotAsSsh extends Error {
  override readonly name = "NotAsSsh";
}
