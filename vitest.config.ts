import { defineConfig } from "vitest/config";

// Core's end-to-end tests run once per ssh transport; everything else once.
const CORE_E2E = "packages/core/test/**/*.e2e.test.ts";
// As where no askpass program would run: with a display and SSH_ASKPASS, ssh (and so auto) would ask one about each
// test host's unknown key. The tests of that case set it themselves.
const env = { SSH_ASKPASS_REQUIRE: "never" };

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["./vitest.tmpdir.ts"],
    env,
    projects: [
      {
        extends: true,
        test: {
          name: "default",
          include: ["packages/*/test/**/*.test.ts"],
          exclude: [CORE_E2E],
          typecheck: { enabled: true, include: ["packages/*/test/**/*.test-d.ts"] },
        },
      },
      {
        extends: true,
        test: { name: "openssh", include: [CORE_E2E], env: { ...env, DEPLOYKIT_TRANSPORT: "openssh" } },
      },
      {
        extends: true,
        test: {
          name: "native",
          include: [CORE_E2E],
          // OpenSSH's ControlMaster itself; native's connection reuse has its own tests.
          exclude: ["packages/core/test/connection.e2e.test.ts"],
          env: { ...env, DEPLOYKIT_TRANSPORT: "native" },
        },
      },
    ],
  },
});
