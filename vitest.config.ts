import { defineConfig } from "vitest/config";

// Core's end-to-end tests run once per ssh transport; everything else once.
const CORE_E2E = "packages/core/test/**/*.e2e.test.ts";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["./vitest.tmpdir.ts"],
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
      { extends: true, test: { name: "openssh", include: [CORE_E2E], env: { DEPLOYKIT_TRANSPORT: "openssh" } } },
      {
        extends: true,
        test: {
          name: "native",
          include: [CORE_E2E],
          // OpenSSH's ControlMaster itself; native's connection reuse has its own tests.
          exclude: ["packages/core/test/connection.e2e.test.ts"],
          env: { DEPLOYKIT_TRANSPORT: "native" },
        },
      },
    ],
  },
});
