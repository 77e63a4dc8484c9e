// `deployNixos` → `deploy-nixos`, `HTTPServer` → `http-server`, `dry_run` → `dry-run`.
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/_+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
