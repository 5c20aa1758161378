/**
 * `replace`: every match of a Python regular expression in a file replaced
 * (`re.subn` with `MULTILINE`), optionally only in the section after/before
 * other patterns (`DOTALL`), with `backup`, `validate`, `encoding` (utf-8,
 * latin-1, ascii) and `mode`/`owner`/`group`, check mode and diff, as
 * Ansible 2.14 does it. One exec reads the file; a second writes it through
 * a temporary file in the same directory (validated first), only on change.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { applyMode, type ModeSpec, parseMode } from "./file_mode.ts";
import { attrCommands, type AttrPlan, planAttrs } from "./file_attrs.ts";
import { attrMessage } from "./text_file.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { readStat } from "./remote_stat.ts";
import { commandScript, readCommand } from "./user_command.ts";
import { pythonGlobalRegExp, PythonReError, pythonSubn } from "./replace_regexp.ts";
import { shlexSplit } from "../../python/shlex.ts";
import type { ModuleResult } from "../types.ts";

/** The encodings tachyon's `replace` reads and writes. */
type Encoding = "utf-8" | "latin-1" | "ascii";

const ENCODINGS: Record<string, Encoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf_8": "utf-8",
  u8: "utf-8",
  "latin-1": "latin-1",
  latin1: "latin-1",
  "latin_1": "latin-1",
  "iso-8859-1": "latin-1",
  "iso8859-1": "latin-1",
  l1: "latin-1",
  ascii: "ascii",
  "us-ascii": "ascii",
};

/** Arguments of `replace`. */
export interface ReplaceArgs {
  /** The file (aliases `dest`, `destfile`, `name`). */
  path: string;
  /** A Python regular expression (`MULTILINE`). */
  regexp: string;
  /** The replacement template (default empty). */
  replace: string;
  /** Only after the first match of this pattern. */
  after?: string;
  /** Only before the last match of this pattern. */
  before?: string;
  /** Keep a timestamped copy before changing. */
  backup: boolean;
  /** A command checking the new file (`%s` is its path) before it replaces the old. */
  validate?: string;
  /** The file's encoding. */
  encoding: Encoding;
  /** File mode. */
  mode?: ModeSpec;
  /** File owner. */
  owner?: string;
  /** File group. */
  group?: string;
}

/**
 * Parses `replace`'s arguments (patterns are compiled here, so a bad one
 * fails before the host is touched).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseReplaceArgs } from "./replace.ts";
 * const args = parseReplaceArgs({ path: "/etc/hosts", regexp: "old", replace: "new" });
 * assert.equal(args.encoding, "utf-8");
 * ```
 * @throws {ModuleArgsError} with Ansible's message, or naming an unsupported encoding
 */
export function parseReplaceArgs(input: Parameters<ModuleDefinition["parseArgs"]>[0]): ReplaceArgs {
  const a = ArgReader.from("replace", input, [
    { name: "path", aliases: ["dest", "destfile", "name"] },
    { name: "regexp" },
    { name: "replace" },
    { name: "after" },
    { name: "before" },
    { name: "backup" },
    { name: "validate" },
    { name: "encoding" },
    { name: "mode" },
    { name: "owner" },
    { name: "group" },
    { name: "unsafe_writes" },
  ]);
  const missing = ["path", "regexp"].filter((k) => !a.has(k));
  if (missing.length > 0) throw a.error(`missing required arguments: ${missing.join(", ")}`);
  const encodingName = a.string("encoding") ?? "utf-8";
  const encoding = ENCODINGS[encodingName.toLowerCase()];
  if (encoding === undefined) {
    throw a.error(
      `tachyon's replace does not support encoding '${encodingName}' yet (utf-8, latin-1, ascii)`,
    );
  }
  a.bool("unsafe_writes", false);
  const args: ReplaceArgs = {
    path: a.requiredString("path"),
    regexp: a.requiredString("regexp"),
    replace: a.string("replace") ?? "",
    after: a.string("after"),
    before: a.string("before"),
    backup: a.bool("backup", false),
    validate: a.string("validate"),
    encoding,
    mode: parseMode("replace", a.values.mode),
    owner: a.string("owner"),
    group: a.string("group"),
  };
  try {
    pythonGlobalRegExp(args.regexp, { multiline: true });
    const section = sectionPattern(args);
    if (section) pythonGlobalRegExp(section, { dotall: true });
  } catch (error) {
    if (!(error instanceof PythonReError)) throw error;
    throw a.error(`invalid regular expression: ${error.message}`);
  }
  return args;
}

/** Ansible's section pattern from `after` and `before` ("" without them). */
function sectionPattern(args: ReplaceArgs): string {
  if (args.after && args.before) return `${args.after}(?P<subsection>.*?)${args.before}`;
  if (args.after) return `${args.after}(?P<subsection>.*)`;
  if (args.before) return `(?P<subsection>.*)${args.before}`;
  return "";
}

function decode(bytes: Uint8Array, encoding: Encoding): string | undefined {
  if (encoding === "utf-8") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  if (encoding === "ascii" && bytes.some((b) => b > 0x7f)) return undefined;
  return String.fromCharCode(...bytes);
}

function encode(text: string, encoding: Encoding): Uint8Array | undefined {
  if (encoding === "utf-8") return new TextEncoder().encode(text);
  const limit = encoding === "ascii" ? 0x7f : 0xff;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > limit) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

/** The sh that gives symlink `path` itself the owner and group of `plan` (`lchown`). */
function linkOwnerCommands(path: string, plan: AttrPlan): string {
  const p = shellQuote(path);
  const lines: string[] = [];
  if (plan.owner !== undefined) {
    lines.push(
      `chown -h ${shellQuote(plan.owner)} ${p} 2>/dev/null || ` +
        `{ echo ${shellQuote(`E chown failed: failed to look up user ${plan.owner}`)}; exit 0; }`,
    );
  }
  if (plan.group !== undefined) {
    lines.push(
      `chgrp -h ${shellQuote(plan.group)} ${p} 2>/dev/null || ` +
        `{ echo ${shellQuote(`E chgrp failed: failed to look up group ${plan.group}`)}; exit 0; }`,
    );
  }
  return lines.join("\n");
}

/** The edit: the new text and the number of replacements, or a finished result. */
function edit(args: ReplaceArgs, contents: string): { text: string; count: number } | ModuleResult {
  const pattern = sectionPattern(args);
  let section = contents;
  let start = 0;
  let end = contents.length;
  if (pattern) {
    const re = pythonGlobalRegExp(pattern, { dotall: true });
    const match = re.exec(contents);
    const at = match?.indices?.groups?.subsection;
    if (!match || !at) {
      return {
        rc: 0,
        msg: `Pattern for before/after params did not match the given file: ${pattern}`,
        changed: false,
      };
    }
    [start, end] = at;
    section = contents.slice(start, end);
  }
  const [replaced, count] = pythonSubn(
    pythonGlobalRegExp(args.regexp, { multiline: true }),
    args.replace,
    section,
  );
  if (count === 0 || replaced === section) return { text: contents, count: 0 };
  return { text: contents.slice(0, start) + replaced + contents.slice(end), count };
}

/**
 * The `replace` module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { replaceModule } from "./replace.ts";
 * const args = replaceModule.parseArgs({ path: "/etc/app.conf", regexp: "^port=\\d+", replace: "port=8080" });
 * assert.equal(args.replace, "port=8080");
 * ```
 */
export const replaceModule: ModuleDefinition<ReplaceArgs> = {
  name: "replace",
  fqcn: "ansible.builtin.replace",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs: parseReplaceArgs,
  async run(ctx, args) {
    const p = shellQuote(args.path);
    const read = await runLibraryScript(
      ctx,
      `p=${p}
if [ -d "$p" ]; then echo 'X isdir'; exit 0; fi
if [ ! -e "$p" ]; then echo 'X absent'; exit 0; fi
printf 'U %s\\n' "$(umask)"
printf 'RP %s\\n' "$(readlink -f -- "$p" 2>/dev/null || printf '%s' "$p")"
_tst P "$p" 0
[ -r "$p" ] || { printf 'E Unable to read the contents of %s: [Errno 13] Permission denied: %s\\n' "$p" "'$p'"; exit 0; }
_tenc C "$p"
`,
    );
    const state = read.first("X");
    if (state === "isdir") {
      return { failed: true, changed: false, rc: 256, msg: `Path ${args.path} is a directory !` };
    }
    if (state === "absent") {
      return { failed: true, changed: false, rc: 257, msg: `Path ${args.path} does not exist !` };
    }
    const readError = read.first("E");
    if (readError !== undefined) return { failed: true, changed: false, msg: readError };
    const contents = decode(read.bytes("C") ?? new Uint8Array(), args.encoding);
    if (contents === undefined) {
      return {
        failed: true,
        changed: false,
        msg: `${args.path} is not ${args.encoding} text; tachyon edits text files only`,
      };
    }
    let change;
    try {
      change = edit(args, contents);
    } catch (error) {
      if (!(error instanceof PythonReError)) throw error;
      return { failed: true, changed: false, msg: error.message };
    }
    if (!("count" in change) || typeof change.count !== "number") return change as ModuleResult;
    const { text, count } = change as { text: string; count: number };
    const changed = count > 0;
    const result: ModuleResult = { rc: 0 };
    if (changed && ctx.diff) {
      result.diff = {
        before_header: args.path,
        before: contents,
        after_header: args.path,
        after: text,
      };
    }
    // Attributes apply to the path itself, as AnsibleModule applies them: a symlink's
    // mode cannot change (its target keeps its own) and its owner is the link's.
    const stat = readStat(read, "P")!;
    const umask = parseInt(read.first("U") ?? "022", 8);
    const plan = planAttrs(args, stat, umask);
    const isLink = stat.type === "link";
    const linkModeInCheck = ctx.check && isLink && args.mode !== undefined &&
      applyMode(args.mode, stat.mode, false, umask) !== stat.mode;
    const attrsChanged = plan.changed || linkModeInCheck;
    const msg = changed ? `${count} replacements made` : "";
    if (ctx.check || (!changed && !plan.changed)) {
      return { ...result, msg: attrMessage(msg, attrsChanged), changed: changed || attrsChanged };
    }
    const real = read.first("RP") || args.path;
    const lines = [`p=${shellQuote(real)}`];
    let bytes: Uint8Array | undefined;
    if (changed) {
      bytes = encode(text, args.encoding);
      if (bytes === undefined) {
        return {
          failed: true,
          changed: false,
          msg: `the new text cannot be encoded as ${args.encoding}`,
        };
      }
      if (args.backup) lines.push(`_tbak ${p} || { echo 'E Unable to make a backup'; exit 0; }`);
      const tmp = `${
        real.slice(0, real.lastIndexOf("/") + 1)
      }.tachyon.replace.${crypto.randomUUID()}.tmp`;
      const t = shellQuote(tmp);
      lines.push(
        `cp -p -- "$p" ${t} 2>/dev/null; cat > ${t} || { rm -f -- ${t}; printf 'E Unable to write %s\\n' "$p"; exit 0; }`,
      );
      if (args.validate !== undefined) {
        if (!args.validate.includes("%s")) {
          return {
            failed: true,
            changed: false,
            msg: `validate must contain %s: ${args.validate}`,
          };
        }
        const argv = shlexSplit(args.validate.replaceAll("%s", tmp).replaceAll("%%", "%"));
        lines.push(
          commandScript("V", argv),
          `if [ "$_trc" != 0 ]; then rm -f -- ${t}; exit 0; fi`,
        );
      }
      lines.push(
        `mv -f -- ${t} "$p" || { rm -f -- ${t}; printf 'E Unable to write %s\\n' "$p"; exit 0; }`,
      );
    }
    lines.push(isLink ? linkOwnerCommands(args.path, plan) : attrCommands(real, plan));
    const out = await runLibraryScript(ctx, lines.join("\n") + "\n", bytes);
    const validation = readCommand(out, "V");
    if (validation && validation.rc !== 0) {
      return {
        failed: true,
        changed: false,
        msg: `failed to validate: rc:${validation.rc} error:${validation.stderr}`,
      };
    }
    const error = out.first("E");
    if (error !== undefined) return { failed: true, changed: false, msg: error };
    const backup = out.first("BK");
    if (backup !== undefined) result.backup_file = backup;
    return { ...result, msg: attrMessage(msg, plan.changed), changed: true };
  },
};
