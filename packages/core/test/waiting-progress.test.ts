import { describe, expect, it } from "vitest";
import { runScript } from "./helpers/script.ts";

describe("the still-waiting notice", () => {
  it("counts output without a newline as progress: a \\r progress bar gets no notice", async () => {
    // 2 s of a bar redrawn every 0.2 s, never a newline until the end; the notice would come after 1 s of silence.
    const bar = "for i in $(seq 10); do printf '\\\\r%d%%' $i; sleep 0.2; done; echo";
    const r = await runScript(`await core.run(${JSON.stringify(bar)}, { echo: false });`, {
      env: { DEPLOYKIT_WAITING_NOTICE_MS: "1000" },
    });
    expect(r.stdout).toMatch(/10%\n$/);
    expect(r.stderr).toBe("");
  });
});
