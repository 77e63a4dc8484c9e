import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// This package's root: src/ and dist/ are both one level below it.
export function packageRoot(): string {
  return fileURLToPath(new URL("..", import.meta.url));
}

// The version in package.json, for --version and the manifest cache key.
export function dkVersion(): string {
  const json = JSON.parse(readFileSync(`${packageRoot()}package.json`, "utf8")) as { version: string };
  return json.version;
}
