/**
 * Path arguments as Ansible's modules see them: an option of type `path` is
 * `os.path.expanduser(os.path.expandvars(value))` in the module's process on
 * the target, so `~`, `~user`, `$VAR` and `${VAR}` mean the target's home
 * directories and environment (the become user's, under become). tachyon
 * asks the target for just the values a task's paths name, in one `exec`,
 * and only when a path has a `$` or starts with `~`; the expansion itself
 * follows Python's `posixpath`, rule for rule.
 *
 * @module
 */
import { shellQuote } from "../connection/connection.ts";
import type { ModuleContext } from "./module.ts";
import type { ShellOutput } from "./remote_sh.ts";

/** Python's `expandvars` pattern (`re.ASCII`): `$name` or `${anything but }}`. */
const VARIABLE = /\$([A-Za-z0-9_]+|\{[^}]*\})/g;
/** The names sh can read (`${NAME+x}`); any other name is taken as unset. */
const SH_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Python's `posixpath.expandvars`: each `$name` / `${name}` whose variable
 * `lookup` knows is replaced (a replacement is not scanned again); an
 * unknown one is left as written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandVars } from "./target_paths.ts";
 *
 * const env: Record<string, string> = { HOME: "/home/ada", APP: "web" };
 * const lookup = (name: string) => env[name];
 * assert.equal(expandVars("$HOME/${APP}/$NOPE/$", lookup), "/home/ada/web/$NOPE/$");
 * ```
 */
export function expandVars(path: string, lookup: (name: string) => string | undefined): string {
  if (!path.includes("$")) return path;
  const pattern = new RegExp(VARIABLE.source, "g");
  let i = 0;
  while (true) {
    pattern.lastIndex = i;
    const match = pattern.exec(path);
    if (match === null) return path;
    const end = match.index + match[0].length;
    const value = lookup(variableName(match[1]));
    if (value === undefined) {
      i = end;
      continue;
    }
    const tail = path.slice(end);
    path = path.slice(0, match.index) + value;
    i = path.length;
    path += tail;
  }
}

/**
 * Python's `posixpath.expanduser`: a leading `~` is `home` (`$HOME`, else the
 * user's passwd entry), `~name` is `userHome(name)`; without one (undefined)
 * the path stays as written. The home loses its trailing slashes; an empty
 * result is `/`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expandUser } from "./target_paths.ts";
 *
 * const homes: Record<string, string> = { root: "/root/" };
 * assert.equal(expandUser("~/app", "/home/ada", (n) => homes[n]), "/home/ada/app");
 * assert.equal(expandUser("~root", "/home/ada", (n) => homes[n]), "/root");
 * assert.equal(expandUser("~nobody/x", "/home/ada", (n) => homes[n]), "~nobody/x");
 * ```
 */
export function expandUser(
  path: string,
  home: string | undefined,
  userHome: (name: string) => string | undefined,
): string {
  if (!path.startsWith("~")) return path;
  const slash = path.indexOf("/", 1);
  const end = slash < 0 ? path.length : slash;
  const found = end === 1 ? home : userHome(path.slice(1, end));
  if (found === undefined) return path;
  return found.replace(/\/+$/, "") + path.slice(end) || "/";
}

/**
 * What the target told: its home (`$HOME`, else its passwd entry's), the
 * variables it has, and the homes of the users asked about.
 *
 * @example
 * ```ts
 * import type { TargetEnvironment } from "./target_paths.ts";
 *
 * const seen: TargetEnvironment = {
 *   home: "/root",
 *   variables: new Map([["HOME", "/root"]]),
 *   userHomes: new Map([["ada", "/home/ada"]]),
 * };
 * ```
 */
export interface TargetEnvironment {
  /** `$HOME`, else the current user's passwd home; undefined when neither exists. */
  readonly home?: string;
  /** The values of the variables asked about that are set (possibly empty). */
  readonly variables: ReadonlyMap<string, string>;
  /** The passwd homes of the users asked about that exist. */
  readonly userHomes: ReadonlyMap<string, string>;
}

/**
 * The sh that prints what expanding needs: `H hex …` (the home), `V:<name>
 * hex …` per variable of the environment, `P:<i> hex …` per existing
 * user `users[i]`. Names sh cannot read are not asked for.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { targetEnvironmentScript } from "./target_paths.ts";
 *
 * assert.match(targetEnvironmentScript(["APP"], ["ada"]), /V:APP/);
 * ```
 */
export function targetEnvironmentScript(
  names: readonly string[],
  users: readonly string[],
): string {
  const lines = [
    `_thex() { printf '%s hex %s\\n' "$1" "$(printf '%s' "$2" | od -An -v -tx1 | tr -d ' \\n')"; }`,
    // A passwd entry's home (field 6): by name (field 1) or by uid (field 3).
    "_tpw() {",
    '  _tpe=$(getent passwd "$2" 2>/dev/null) ||',
    `    _tpe=$(awk -F: -v k="$2" -v f="$3" '$f == k { print; exit }' /etc/passwd 2>/dev/null)`,
    '  [ -n "$_tpe" ] || return 0',
    '  _tpd=${_tpe#*:*:*:*:*:}; _thex "$1" "${_tpd%%:*}"',
    "}",
    'if [ -n "${HOME+x}" ]; then _thex H "$HOME"; else _tpw H "$(id -u)" 3; fi',
  ];
  const readable = names.filter((name) => SH_NAME.test(name));
  // Only what the environment holds counts (sh's own PPID, IFS, … are not in it).
  if (readable.length > 0) lines.push('_tenv="\n$(env)"');
  for (const name of readable) {
    lines.push(`case "$_tenv" in *"\n${name}="*) _thex V:${name} "$${name}";; esac`);
  }
  users.forEach((user, i) => lines.push(`_tpw P:${i} ${shellQuote(user)} 1`));
  return `${lines.join("\n")}\n`;
}

/**
 * Reads what {@linkcode targetEnvironmentScript} printed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTargetEnvironment } from "./target_paths.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 *
 * const seen = readTargetEnvironment(ShellOutput.parse("H hex 2f726f6f74\n"), [], []);
 * assert.equal(seen.home, "/root");
 * ```
 */
export function readTargetEnvironment(
  output: ShellOutput,
  names: readonly string[],
  users: readonly string[],
): TargetEnvironment {
  const decoder = new TextDecoder();
  const text = (tag: string) => {
    const bytes = output.bytes(tag);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  const variables = new Map<string, string>();
  for (const name of names) {
    const value = SH_NAME.test(name) ? text(`V:${name}`) : undefined;
    if (value !== undefined) variables.set(name, value);
  }
  const userHomes = new Map<string, string>();
  users.forEach((user, i) => {
    const home = text(`P:${i}`);
    if (home !== undefined) userHomes.set(user, home);
  });
  return { home: text("H"), variables, userHomes };
}

/**
 * `args` with each of `keys` that holds a string expanded as Ansible's
 * `type='path'` does on the target; a key may name a field of an object
 * argument (`sshKey.file`). Without a `$` or a leading `~` in any of them,
 * `args` is returned as is and the target is not asked.
 *
 * @example
 * ```ts
 * import { expandTargetPaths } from "./target_paths.ts";
 * import type { ModuleContext } from "./module.ts";
 *
 * const prepare = async (ctx: ModuleContext) =>
 *   await expandTargetPaths(ctx, { path: "~/app", mode: "0644" }, ["path"]);
 * ```
 */
export async function expandTargetPaths<A>(
  ctx: ModuleContext,
  args: A,
  keys: readonly string[],
): Promise<A> {
  const paths = keys.filter((key) => {
    const value = fieldOf(args, key);
    return typeof value === "string" && (value.startsWith("~") || value.includes("$"));
  });
  if (paths.length === 0) return args;
  const values = paths.map((key) => fieldOf(args, key) as string);
  const names = [...new Set(values.flatMap(variableNames))];
  let seen = await askTarget(ctx, names, values.flatMap(tildeUser));
  const withVars = values.map((value) => expandVars(value, (name) => seen.variables.get(name)));
  // A variable's value may itself start with `~name`: one more question then.
  const more = withVars.flatMap(tildeUser).filter((user) => !seen.userHomes.has(user));
  if (more.length > 0) {
    const extra = await askTarget(ctx, [], more);
    seen = { ...seen, userHomes: new Map([...seen.userHomes, ...extra.userHomes]) };
  }
  return paths.reduce(
    (expanded, key, i) =>
      withField(expanded, key, expandUser(withVars[i], seen.home, (u) => seen.userHomes.get(u))),
    args,
  );
}

/** The value at `key` (`a` or `a.b`) of `args`. */
function fieldOf(args: unknown, key: string): unknown {
  let value: unknown = args;
  for (const part of key.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A copy of `args` with `value` at `key` (`a` or `a.b`). */
function withField<A>(args: A, key: string, value: string): A {
  const [first, ...rest] = key.split(".");
  const fields = args as Record<string, unknown>;
  const inner = rest.length === 0 ? value : withField(fields[first], rest.join("."), value);
  return { ...fields, [first]: inner } as A;
}

async function askTarget(
  ctx: ModuleContext,
  names: readonly string[],
  users: readonly string[],
): Promise<TargetEnvironment> {
  const unique = [...new Set(users)];
  // Loaded only when a path needs the target: every task's executor imports this module.
  const { runLibraryScript } = await import("./remote_sh.ts");
  const output = await runLibraryScript(ctx, targetEnvironmentScript(names, unique));
  return readTargetEnvironment(output, names, unique);
}

/** The names `$…` refers to in `path`, braces removed. */
function variableNames(path: string): string[] {
  return [...path.matchAll(VARIABLE)].map((match) => variableName(match[1]));
}

function variableName(reference: string): string {
  return reference.startsWith("{") && reference.endsWith("}") ? reference.slice(1, -1) : reference;
}

/** The user of a leading `~name` (none for a bare `~`). */
function tildeUser(path: string): string[] {
  if (!path.startsWith("~")) return [];
  const slash = path.indexOf("/", 1);
  const user = path.slice(1, slash < 0 ? path.length : slash);
  return user === "" ? [] : [user];
}
