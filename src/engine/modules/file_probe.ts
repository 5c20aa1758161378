/**
 * The sh that reads everything the `file` module needs to decide, in one
 * exec: the effective path, the umask, the path's (and a link target's)
 * stat, whether a directory is empty, the link source, and for `absent` and
 * `recurse` the tree below the path. Each line is tagged for `ShellOutput`.
 *
 * @module
 */
import { basename } from "node:path";
import type { FileArgs } from "./file_args.ts";
import { shellQuote } from "./remote_sh.ts";

/**
 * The probe script for `args` (run with the library's `_tst` helper).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileProbeScript } from "./file_probe.ts";
 *
 * const script = fileProbeScript({ path: "/srv", recurse: false, force: false, follow: true });
 * assert.match(script, /^p=.*\/srv/);
 * assert.ok(script.includes('_tst P "$p" 0'));
 * ```
 */
export function fileProbeScript(args: FileArgs): string {
  const q = shellQuote;
  const lines = [`p=${q(args.path)}`];
  if (args.src !== undefined && args.state !== "link" && args.state !== "absent") {
    lines.push(`if [ -d "$p" ]; then p="\${p%/}/"${q(basename(args.src))}; fi`);
  }
  lines.push(
    `printf 'D %s\\n' "$p"`,
    `printf 'U %s\\n' "$(umask)"`,
    `_tst P "$p" 0`,
    `if [ -L "$p" ] && [ -e "$p" ]; then _tst T "$p" 1; printf 'RP %s\\n' "$(readlink -f -- "$p")"; fi`,
    `if [ -d "$p" ] && [ -n "$(ls -A -- "$p" 2>/dev/null)" ]; then echo 'NE 1'; fi`,
  );
  if (args.src !== undefined) {
    lines.push(`s=${q(args.src)}`);
    if (args.state === "link") {
      lines.push(
        `if [ ! -L "$p" ] && [ -d "$p" ]; then r="$p"; else r=$(dirname -- "$p"); fi`,
        `case "$s" in /*) a="$s";; *) a="$r/$s";; esac`,
        `printf 'AS %s\\n' "$a"`,
        `if [ -e "$a" ]; then echo 'SE 1'; fi`,
      );
    } else {
      lines.push(`_tst S "$s" 1`);
    }
  }
  if (args.state === "absent") {
    lines.push(
      `if [ -d "$p" ] && [ ! -L "$p" ]; then`,
      `  find "$p" -type d | while IFS= read -r f; do printf 'PD %s\\n' "$f"; done`,
      `  find "$p" ! -type d | while IFS= read -r f; do printf 'PF %s\\n' "$f"; done`,
      `fi`,
    );
  }
  if (args.recurse && (args.mode || args.owner !== undefined || args.group !== undefined)) {
    lines.push(
      `if [ -d "$p" ]; then find "$p" ! -type l | while IFS= read -r f; do _tst R "$f" 0; done; fi`,
    );
  }
  return lines.join("\n") + "\n";
}
