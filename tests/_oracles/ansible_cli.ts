/**
 * What the Ansible oracles share: the file tree a question carries, and one
 * run of an Ansible CLI (`ansible`, `ansible-inventory`, Ansible 2.14 from
 * Debian) in a temp dir of its own, with a quiet, isolated environment, its
 * answer made deterministic (`<DIR>` for the tree's root, `<HOME>` for its
 * HOME, `ansible-tmp-<ID>` for Ansible's remote temp dirs).
 *
 * This module defines no oracle itself: `ansible_inventory.ts` and
 * `ansible_module.ts` do.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { withTempDir } from "../_support/files.ts";
import type { Json } from "./recorded.ts";

/**
 * One entry of a file tree: a text file (mode 0644), or an object giving the
 * text or bytes (base64) and a mode, a symbolic link, or a directory.
 *
 * @example
 * ```ts
 * const script: TreeFile = { text: "#!/bin/sh\necho '{}'\n", mode: 0o700 };
 * const link: TreeFile = { symlink: "script" };
 * ```
 */
export type TreeFile =
  | string
  | { text: string; mode?: number }
  | { base64: string; mode?: number }
  | { symlink: string }
  | { dir: true; mode?: number };

/**
 * A file tree: path relative to its root → entry. Written in key order.
 *
 * @example
 * ```ts
 * const tree: Tree = { "inv/hosts": "[web]\nw1\n", "inv/run": { text: "#!/bin/sh\n", mode: 0o755 } };
 * ```
 */
export type Tree = { [path: string]: TreeFile };

/**
 * Writes `files` under `root`, creating parent directories.
 *
 * @example
 * ```ts
 * await writeTree("/tmp/x", { "inv/hosts": "[web]\nw1\n" });
 * ```
 */
export async function writeTree(root: string, files: Tree): Promise<void> {
  for (const [rel, entry] of Object.entries(files)) {
    const path = join(root, rel);
    await Deno.mkdir(dirname(path), { recursive: true });
    if (typeof entry === "string") {
      await Deno.writeTextFile(path, entry);
      await Deno.chmod(path, 0o644);
      continue;
    }
    if ("symlink" in entry) {
      await Deno.symlink(entry.symlink, path);
      continue;
    }
    if ("dir" in entry) {
      await Deno.mkdir(path, { recursive: true });
      await Deno.chmod(path, entry.mode ?? 0o755);
      continue;
    }
    if ("text" in entry) await Deno.writeTextFile(path, entry.text);
    else await Deno.writeFile(path, Uint8Array.from(atob(entry.base64), (c) => c.charCodeAt(0)));
    await Deno.chmod(path, entry.mode ?? 0o644);
  }
}

/**
 * Where a question runs: `dir` holds its tree (`<DIR>` in the answer), `home`
 * is Ansible's HOME outside it (`<HOME>`).
 *
 * @example
 * ```ts
 * const place: OraclePlace = { dir: "/tmp/t/dir", home: "/tmp/t/home" };
 * ```
 */
export interface OraclePlace {
  /** The tree's root; `cwd` of the CLI. */
  dir: string;
  /** HOME of the CLI (its `~/.ansible`). */
  home: string;
}

/**
 * Runs `fn` in a fresh temp dir holding `files`, removed afterwards. The
 * tree's root is mode 0700, like a test's own `Deno.makeTempDir`.
 *
 * @example
 * ```ts
 * const n = await inOracleDir({ "hosts": "h1\n" }, (place) => Promise.resolve(place.dir.length));
 * ```
 */
export async function inOracleDir<T>(
  files: Tree,
  fn: (place: OraclePlace) => Promise<T>,
): Promise<T> {
  return await withTempDir("tachyon_oracle_", async (root) => {
    const place = { dir: join(root, "dir"), home: join(root, "home") };
    await Deno.mkdir(place.dir, { mode: 0o700 });
    await Deno.mkdir(join(place.home, "tmp"), { recursive: true });
    await writeTree(place.dir, files);
    return await fn(place);
  });
}

/**
 * What one run of an Ansible CLI gave.
 *
 * @example
 * ```ts
 * const r: AnsibleRun = { code: 0, stdout: "{}", stderr: "" };
 * ```
 */
export interface AnsibleRun {
  /** Exit code. */
  code: number;
  /** Standard output, as text. */
  stdout: string;
  /** Standard error, as text. */
  stderr: string;
}

/**
 * Runs an Ansible CLI (`ansible`, `ansible-inventory` from /usr/bin) in
 * `place.dir` (or `cwd`, relative to it) with a quiet, isolated environment
 * plus `extraEnv`; `<DIR>` in `args` and `extraEnv` values stands for
 * `place.dir`.
 *
 * @example
 * ```ts
 * await inOracleDir({ hosts: "h1\n" }, (place) =>
 *   runAnsibleCli("ansible-inventory", ["-i", "<DIR>/hosts", "--list"], place));
 * ```
 */
export async function runAnsibleCli(
  program: "ansible" | "ansible-inventory",
  args: string[],
  place: OraclePlace,
  extraEnv: Record<string, string> = {},
  cwd = ".",
): Promise<AnsibleRun> {
  const fill = (s: string) => s.replaceAll("<DIR>", place.dir);
  const out = await new Deno.Command(`/usr/bin/${program}`, {
    args: args.map(fill),
    cwd: join(place.dir, cwd),
    clearEnv: true,
    env: {
      PATH: "/usr/bin:/bin",
      HOME: place.home,
      LANG: "C.UTF-8",
      ANSIBLE_CONFIG: "/nonexistent/ansible.cfg",
      ANSIBLE_LOCALHOST_WARNING: "0",
      ANSIBLE_INVENTORY_UNPARSED_WARNING: "0",
      ANSIBLE_DEPRECATION_WARNINGS: "0",
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_FORCE_COLOR: "0",
      ANSIBLE_PYTHON_INTERPRETER: "/usr/bin/python3",
      ANSIBLE_LOCAL_TEMP: join(place.home, "tmp"),
      COLUMNS: "10000",
      ...Object.fromEntries(Object.entries(extraEnv).map(([k, v]) => [k, fill(v)])),
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/**
 * `text` with the place's paths as `<DIR>` and `<HOME>`, and Ansible's
 * per-run temp names as `ansible-tmp-<ID>` and `ansible-local-<ID>/<TMPFILE>`.
 *
 * @example
 * ```ts
 * normalizeText("/tmp/t/dir/f", { dir: "/tmp/t/dir", home: "/tmp/t/home" }); // "<DIR>/f"
 * ```
 */
export function normalizeText(text: string, place: OraclePlace): string {
  return text.replaceAll(place.dir, "<DIR>").replaceAll(place.home, "<HOME>")
    .replace(/ansible-tmp-[0-9.]+-\d+-\d+/g, "ansible-tmp-<ID>")
    .replace(/ansible-local-\w+\/tmp\w+/g, "ansible-local-<ID>/<TMPFILE>");
}

/**
 * `value` with {@linkcode normalizeText} applied to every string and key.
 *
 * @example
 * ```ts
 * normalizeJson({ "/tmp/t/dir": ["/tmp/t/dir/x"] }, { dir: "/tmp/t/dir", home: "/h" });
 * // { "<DIR>": ["<DIR>/x"] }
 * ```
 */
export function normalizeJson(value: Json, place: OraclePlace): Json {
  if (typeof value === "string") return normalizeText(value, place);
  if (Array.isArray(value)) return value.map((v) => normalizeJson(v, place));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [normalizeText(k, place), normalizeJson(v, place)]),
    );
  }
  return value;
}

/**
 * `value` with `<DIR>` put back as `dir`: an answer as the test's own tree
 * would have it.
 *
 * @example
 * ```ts
 * placeAnswer({ path: "<DIR>/f" }, "/tmp/mine"); // { path: "/tmp/mine/f" }
 * ```
 */
export function placeAnswer<T>(value: T, dir: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll("<DIR>", dir));
}
