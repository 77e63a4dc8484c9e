/**
 * The environment variables dk itself reads (the cache dir; the tasks file it names for the built-ins): never a
 * task flag's default, though `DK_<TASK>_<FLAG>` or `DK_<FLAG>` may spell one (`cache --dir`, `--cache-dir`).
 */
export const DK_OWN_ENV: ReadonlySet<string> = new Set(["DK_CACHE_DIR", "DK_TASKS_FILE"]);
