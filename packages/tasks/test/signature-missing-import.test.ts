// A task's flags typed by an import that leads nowhere (a file moved, a package not installed): the task is listed
// as one that cannot run, its problem located at that import, never "dk cannot see what it is" (which sends the user
// to declare the type again) nor "not an object of flags" (which hid the task from the list).
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { extract } from "./helpers/extract.ts";

// An installed package that ships declaration files alone: its types are out of dk's sight, but there.
const DECLARED = {
  "node_modules/declared/package.json": JSON.stringify({ name: "declared", types: "index.d.ts" }),
  "node_modules/declared/index.d.ts": "export type Foo = { a: string };\n",
};

// Each task's problems, as `file:line:column: message` with the file relative to the project.
function problemsOf(files: Record<string, string>): [string, string[]][] {
  const { dir, tasks, problem } = extract(files);
  expect(problem).toBeUndefined();
  return tasks.map((task) => [
    task.name,
    (task.problems ?? []).map((p) => `${relative(dir, p.file)}:${p.line}:${p.column}: ${p.message}`),
  ]);
}

describe("a flag type imported from a module that is not there", () => {
  it("is located at the import of a missing file, for the parameter's type and for a property's", () => {
    const source = [
      'import type { Opts } from "./lib/gone.ts";',
      'import type * as lib from "./lib/gone.ts";',
      "export function deploy(o: Opts) {}",
      "export function check({ hosts }: { hosts: lib.Hosts }) {}",
    ].join("\n");
    const gone = 'comes from "./lib/gone.ts", which is not there; fix the import';
    expect(problemsOf({ "tasks.ts": source })).toEqual([
      ["deploy", [`tasks.ts:1:27: task "deploy": its type \`Opts\` ${gone}`]],
      ["check", [`tasks.ts:2:27: task "check", property "hosts": its type \`lib.Hosts\` ${gone}`]],
    ]);
  });

  it("makes where the missing file would be an input of the read: the cached read goes stale once it is there", () => {
    const { dir, inputs } = extract({ "tasks.ts": 'import type { O } from "./lib/o";\nexport function a(o: O) {}\n' });
    expect(inputs).toEqual(
      expect.arrayContaining([join(dir, "lib/o"), join(dir, "lib/o.ts"), join(dir, "lib/o/index.ts")]),
    );
  });

  it("names a package that is not installed, and says to install it", () => {
    const source = 'import type { Foo } from "not-installed";\nexport function a(o: { x?: Foo }) {}\n';
    expect(problemsOf({ "tasks.ts": source })).toEqual([
      [
        "a",
        [
          'tasks.ts:1:26: task "a", property "x": its type `Foo` comes from "not-installed", which cannot be found; ' +
            "install it, or fix the import",
        ],
      ],
    ]);
  });

  it("is located at the re-export that leads nowhere, in the file it is in", () => {
    const files = {
      "tasks.ts": 'import type { Opts } from "./lib/types.ts";\nexport function a(o: { x?: Opts }) {}\n',
      "lib/types.ts": 'export type { Opts } from "./gone.ts";\n',
    };
    expect(problemsOf(files)).toEqual([
      [
        "a",
        [
          'lib/types.ts:1:27: task "a", property "x": its type `Opts` comes from "./gone.ts", which is not there; ' +
            "fix the import",
        ],
      ],
    ]);
  });

  it("still says a type from a package that is there, without sources, cannot be seen", () => {
    const source = 'import type { Foo } from "declared";\nexport function a(o: { x: Foo }) {}\n';
    const [[, problems]] = problemsOf({ "tasks.ts": source, ...DECLARED }) as [[string, string[]]];
    expect(problems).toEqual([
      expect.stringMatching(/property "x": its type `Foo` cannot be a flag: dk cannot see what/),
    ]);
  });
});
