/**
 * The controller side of `template`: where the template file is (Ansible's
 * `_find_needle('templates', src)`: `<project>/templates/<src>`, then
 * `<project>/<src>`), where its includes come from (the same dirs, then the
 * template's own dir and its `templates/`), and the variables Ansible adds
 * for a template (`ansible_managed`, `template_host`, `template_path`, …).
 *
 * @module
 */
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { ControllerPaths } from "./module.ts";

/**
 * A template file could not be found or read.
 *
 * @example
 * ```ts
 * throw new TemplateSourceError("Could not find or access 'motd.j2'");
 * ```
 */
export class TemplateSourceError extends Error {
  override name = "TemplateSourceError";
}

/**
 * A found template: its absolute path, text and file facts.
 *
 * @example
 * ```ts
 * import type { TemplateFile } from "./template_source.ts";
 * const f: TemplateFile = { path: "/runner/project/templates/a.j2", text: "", mode: 0o644, mtime: new Date(), uid: 0 };
 * ```
 */
export interface TemplateFile {
  /** Absolute path on the controller. */
  path: string;
  /** Its text (UTF-8). */
  text: string;
  /** Its permission bits. */
  mode: number;
  /** Its modification time. */
  mtime: Date;
  /** Its owner's uid. */
  uid: number;
}

/** The candidate paths of `src`, in Ansible's order. */
export function templateCandidates(paths: ControllerPaths, src: string): string[] {
  if (isAbsolute(src)) return [src];
  return [join(paths.projectDir, "templates", src), join(paths.projectDir, src)];
}

/**
 * Finds and reads the template `src`; throws {@linkcode TemplateSourceError}
 * with Ansible's text.
 *
 * @example
 * ```ts
 * const file = await findTemplate(ctx.controller, "motd.j2");
 * ```
 */
export async function findTemplate(paths: ControllerPaths, src: string): Promise<TemplateFile> {
  const candidates = templateCandidates(paths, src);
  for (const path of candidates) {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch {
      continue;
    }
    if (!info.isFile) continue;
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch {
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new TemplateSourceError("Template source files must be utf-8 encoded");
    }
    return {
      path: resolve(path),
      text,
      mode: (info.mode ?? 0o644) & 0o7777,
      mtime: info.mtime ?? new Date(),
      uid: info.uid ?? 0,
    };
  }
  const searched = candidates.map((c) => `\t${c}`).join("\n");
  throw new TemplateSourceError(
    `Could not find or access '${src}'\nSearched in:\n${searched} on the Ansible Controller.\n` +
      `If you are using a module and expect the file to exist on the remote, see the remote_src option`,
  );
}

/**
 * The include loader: a name is looked up in `<project>/templates`,
 * `<project>`, then the template's dir's `templates/` and the dir itself
 * (absolute names as they are).
 *
 * @example
 * ```ts
 * const load = includeLoader(ctx.controller, file.path);
 * const text = await load("part.j2");
 * ```
 */
export function includeLoader(
  paths: ControllerPaths,
  templatePath: string,
): (name: string) => Promise<string | undefined> {
  const own = dirname(templatePath);
  const dirs = [
    join(paths.projectDir, "templates"),
    paths.projectDir,
    join(own, "templates"),
    own,
  ];
  return async (name) => {
    const candidates = isAbsolute(name) ? [name] : dirs.map((d) => join(d, name));
    for (const path of candidates) {
      try {
        return await Deno.readTextFile(path);
      } catch {
        continue;
      }
    }
    return undefined;
  };
}

/** Python's `str(datetime)`: `2024-01-02 03:04:05.678901` (local time). */
export function pyDatetime(date: Date, micros = date.getMilliseconds() * 1000): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
  return micros === 0 ? base : `${base}.${p(micros, 6)}`;
}

/** The controller's host name and a uid's user name, from the shell (no extra permissions). */
async function controllerFacts(uid: number): Promise<{ host: string; user: string }> {
  try {
    const out = await new Deno.Command("/bin/sh", {
      args: [
        "-c",
        'uname -n; getent passwd "$1" 2>/dev/null | cut -d: -f1 || :',
        "sh",
        String(uid),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const [host = "", user = ""] = new TextDecoder().decode(out.stdout).split("\n");
    return { host: host.trim(), user: user.trim() || String(uid) };
  } catch {
    return { host: "localhost", user: String(uid) };
  }
}

/**
 * The variables Ansible's `generate_ansible_template_vars` adds: the
 * controller's host name, the template's path, owner and times, the dest,
 * and `ansible_managed` (Ansible's default text, `Ansible managed`).
 *
 * @example
 * ```ts
 * const vars = await templateVars("motd.j2", file, "/etc/motd");
 * vars.template_path; // "motd.j2"
 * ```
 */
export async function templateVars(
  src: string,
  file: TemplateFile,
  dest: string,
): Promise<Record<string, unknown>> {
  const facts = await controllerFacts(file.uid);
  return {
    template_host: facts.host,
    template_path: src,
    template_mtime: pyDatetime(file.mtime),
    template_uid: facts.user,
    template_run_date: pyDatetime(new Date()),
    template_destpath: dest,
    template_fullpath: file.path,
    ansible_managed: "Ansible managed",
  };
}
