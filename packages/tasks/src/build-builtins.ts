import { toManifest, writeManifest } from "./cache.ts";
import { builtinsFile, builtinsManifestPath } from "./builtins.ts";
import { extractTasks } from "./extract/extract.ts";
import { LoadError } from "./errors.ts";
import { dkVersion } from "./package-info.ts";

// Build step (package.json "build"): writes dist/builtins.json so listing built-ins never needs the compiler.
const file = builtinsFile();
const manifest = toManifest(file, dkVersion(), extractTasks(file));
if (manifest.problem) throw new LoadError(manifest.problem);
const broken = manifest.tasks.find((task) => task.problems);
if (broken) throw new LoadError(broken.problems!);
writeManifest(builtinsManifestPath(), manifest);
process.stdout.write(`dk: wrote ${builtinsManifestPath()} (${manifest.tasks.map((task) => task.name).join(", ")})\n`);
