/**
 * The binary's permission set confines it to a few roots (`/runner` and the
 * temp dir: see `permissions.default` in deno.json). A command given a path
 * outside them must say so in one paragraph, naming the roots and how to get
 * a binary with others, instead of dying with Deno's `NotCapable` trace
 * (issue 11, point 6). `run`, `transmit` and `process` check their private
 * data dir (and the files they are told to read) with
 * {@linkcode pathAccessRefusal} before touching it, and turn any later
 * `NotCapable` into the same paragraph with {@linkcode notCapableMessage}.
 * One module for all of them, so the paragraph reads the same everywhere.
 *
 * @module
 */

/** What a command needs of a path. */
export type PathNeed = "read" | "read-write";

/** The roots a binary of this project is normally granted (those granted are named). */
const CANDIDATE_ROOTS = ["/runner", "/tmp"];

/** `$TMPDIR`, when this process may read it. */
function tmpdirVariable(): string | undefined {
  try {
    return Deno.env.get("TMPDIR");
  } catch {
    return undefined;
  }
}

/**
 * The candidate roots this process may read and write, in order: `/runner`,
 * `/tmp` and `$TMPDIR` when the permission set grants them.
 *
 * @example
 * ```ts
 * import { allowedRoots } from "./path_access.ts";
 *
 * allowedRoots(); // ["/runner", "/tmp"] under the binary's permission set
 * ```
 */
export function allowedRoots(): string[] {
  const candidates = [...CANDIDATE_ROOTS];
  const tmpdir = tmpdirVariable()?.replace(/\/+$/, "");
  if (tmpdir && tmpdir.startsWith("/") && !candidates.includes(tmpdir)) candidates.push(tmpdir);
  return candidates.filter((root) => granted(root, "read-write"));
}

function granted(path: string, need: PathNeed): boolean {
  const names: ("read" | "write")[] = need === "read" ? ["read"] : ["read", "write"];
  return names.every((name) => Deno.permissions.querySync({ name, path }).state === "granted");
}

/**
 * The paragraph explaining that `path` is outside what this binary may use,
 * or `undefined` when the permission set grants `need` on it.
 *
 * @example
 * ```ts
 * import { pathAccessRefusal } from "./path_access.ts";
 *
 * const message = pathAccessRefusal("ansible-runner run", "/home/me/demo", "read-write");
 * if (message !== undefined) console.error(message);
 * ```
 */
export function pathAccessRefusal(
  command: string,
  path: string,
  need: PathNeed,
): string | undefined {
  if (granted(path, need)) return undefined;
  return refusal(command, path, need === "read" ? "read" : "read and write");
}

/**
 * The same paragraph for a `Deno.errors.NotCapable` raised later (a path
 * the pre-checks did not know about), or `undefined` for any other error.
 *
 * @example
 * ```ts
 * import { notCapableMessage } from "./path_access.ts";
 *
 * try {
 *   Deno.readTextFileSync("/etc/hostname");
 * } catch (error) {
 *   const message = notCapableMessage("ansible-runner run", error);
 *   if (message === undefined) throw error;
 * }
 * ```
 */
export function notCapableMessage(command: string, error: unknown): string | undefined {
  if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  const path = /"([^"]+)"/.exec(error.message)?.[1];
  return refusal(command, path ?? "a path", "use");
}

function refusal(command: string, path: string, what: string): string {
  const roots = allowedRoots();
  const where = roots.length === 0
    ? "no directory at all"
    : roots.length === 1
    ? `only ${roots[0]}`
    : `only ${roots.slice(0, -1).join(", ")} and ${roots.at(-1)}`;
  return `${command}: cannot ${what} ${path}: this tachyon binary may use ${where} ` +
    `(and what is below), the roots of its permission set, made for AWX execution ` +
    `environments. Put the private data dir under one of them, or build a binary with other ` +
    `roots: add a permission set to deno.json (a copy of "permissions.default", say ` +
    `"permissions.local", with your directories added to its "read" and "write") and compile ` +
    `with it as \`deno task compile\` does: \`deno compile -P=local -o dist/tachyon-local ` +
    `main.ts\` (authors can use ` +
    `\`deno task dev\`, which runs from source with broad permissions).\n`;
}

/**
 * The working directory, or `""` when the permission set does not let this
 * process read it (relative paths then fail with the permission paragraph
 * when used, absolute ones work).
 *
 * @example
 * ```ts
 * import { currentDir } from "./path_access.ts";
 *
 * const cwd = currentDir(); // "/tmp/demo", or "" outside the allowed roots
 * ```
 */
export function currentDir(): string {
  try {
    return Deno.cwd();
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) return "";
    throw error;
  }
}
