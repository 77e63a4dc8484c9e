// What dk's bundle (dist/dk.cjs) offers the boot module that loads it.
export { main, reachedTasks } from "./main.ts";
export { lendImporter } from "./importer.ts";
