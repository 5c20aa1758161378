/**
 * `lineinfile`: ensures one line is present (added or replaced) or absent,
 * by Ansible's rules; Python regular expressions are translated to JS.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import { checkSearchRegExps, searchRegExp } from "./search_regexp.ts";
import { attrMessage, attrPlanFor, writeTextFile } from "./text_file.ts";
import { attrDiff, contentDiff, readForEdit } from "./text_edit.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `lineinfile`. */
export interface LineInFileArgs {
  /** The file (aliases `dest`, `destfile`, `name`). */
  path: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** The line (alias `value`). */
  line?: string;
  /** A Python regular expression selecting the line to replace or remove (alias `regex`). */
  regexp?: string;
  /** A literal string selecting the line instead. */
  searchString?: string;
  /** `EOF` (default), `BOF` or a regular expression. */
  insertafter?: string;
  /** `BOF` or a regular expression. */
  insertbefore?: string;
  /** Expand `\1` / `\g<name>` from `regexp` in `line`; never add a line. */
  backrefs: boolean;
  /** Create a missing file. */
  create: boolean;
  /** Keep a timestamped copy before changing. */
  backup: boolean;
  /** Use the first match of `insertafter`/`insertbefore`/`regexp` instead of the last. */
  firstmatch: boolean;
  /** File mode. */
  mode?: ModeSpec;
  /** File owner. */
  owner?: string;
  /** File group. */
  group?: string;
}

/** Re-exported from `search_regexp.ts`, where it lives (`wait_for` imports it from here). */
export { searchRegExp } from "./search_regexp.ts";

function strip(line: string): string {
  return line.replace(/[\r\n]+$/, "");
}

/** The content of a line for `re.search` (Python's `$` also matches before the final newline). */
function body(line: string): string {
  return line.endsWith("\n") ? line.slice(0, -1) : line;
}

/**
 * Python's `readlines()`: lines keep their `\n`.
 *
 * @example
 * ```ts
 * readLines("a\nb"); // ["a\n", "b"]
 * ```
 */
export function readLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

function expand(match: RegExpExecArray, template: string): string {
  return template.replace(/\\(\d+)|\\g<(\w+)>/g, (_, n: string, name: string) => {
    const value = n !== undefined
      ? match[Number(n)]
      : (match.groups?.[name] ?? match[Number(name)]);
    return value ?? "";
  });
}

/**
 * The `lineinfile` module: msg `line added`, `line replaced`, `N line(s) removed`.
 *
 * @example
 * ```ts
 * await play.task("lineinfile", { path: "/etc/ssh/sshd_config", regexp: "^#?Port ", line: "Port 2222" });
 * ```
 */
export const lineinfileModule: ModuleDefinition<LineInFileArgs> = {
  name: "lineinfile",
  fqcn: "ansible.builtin.lineinfile",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs(input) {
    const a = ArgReader.from("lineinfile", input, [
      { name: "path", aliases: ["dest", "destfile", "name"] },
      { name: "state" },
      { name: "line", aliases: ["value"] },
      { name: "regexp", aliases: ["regex"] },
      { name: "search_string" },
      { name: "insertafter" },
      { name: "insertbefore" },
      { name: "backrefs" },
      { name: "create" },
      { name: "backup" },
      { name: "firstmatch" },
      { name: "mode" },
      { name: "owner" },
      { name: "group" },
    ]);
    a.exclusive("insertbefore", "insertafter");
    a.exclusive("regexp", "search_string");
    a.exclusive("backrefs", "search_string");
    const args: LineInFileArgs = {
      path: a.requiredString("path"),
      state: a.choice("state", ["absent", "present"] as const, "present"),
      line: a.string("line"),
      regexp: a.string("regexp"),
      searchString: a.string("search_string"),
      insertafter: a.string("insertafter"),
      insertbefore: a.string("insertbefore"),
      backrefs: a.bool("backrefs", false),
      create: a.bool("create", false),
      backup: a.bool("backup", false),
      firstmatch: a.bool("firstmatch", false),
      mode: parseMode("lineinfile", a.values.mode),
      owner: a.string("owner"),
      group: a.string("group"),
    };
    if (args.state === "present") {
      if (args.backrefs && args.regexp === undefined) {
        throw a.error("regexp is required with backrefs=true");
      }
      if (args.line === undefined) throw a.error("line is required with state=present");
    } else if (
      args.regexp === undefined && args.searchString === undefined && args.line === undefined
    ) {
      throw a.error("one of line, search_string, or regexp is required with state=absent");
    }
    checkSearchRegExps(a, [args.regexp, args.insertafter, args.insertbefore]);
    return args;
  },
  async run(ctx, args) {
    const read = await readForEdit(ctx, args.path);
    if (read.failure) return read.failure;
    const file = read.file;
    if (args.state === "absent" && !file.stat) {
      return { changed: false, msg: "file not present" };
    }
    if (!file.stat && !args.create) {
      return {
        changed: false,
        failed: true,
        rc: 257,
        msg: `Destination ${args.path} does not exist !`,
      };
    }
    const lines = readLines(file.text);
    const edit = args.state === "present" ? present(lines, args) : absent(lines, args);
    const after = edit.lines.join("");
    const content = contentDiff(ctx, args.path, file.text, after);
    const extra: ModuleResult = edit.found === undefined ? {} : { found: edit.found };
    if (ctx.check && !file.stat) {
      return { changed: edit.changed, msg: edit.msg, backup: "", ...extra, diff: content };
    }
    const plan = attrPlanFor(file, args);
    const outcome = await writeTextFile(ctx, file, edit.changed ? after : undefined, plan, {
      backup: args.backup,
    });
    if (outcome.error) return { changed: false, failed: true, msg: outcome.error };
    const result: ModuleResult = {
      changed: edit.changed || plan.changed,
      ...extra,
      msg: attrMessage(edit.msg, plan.changed),
      backup: outcome.backupFile ?? "",
    };
    if (ctx.diff) result.diff = [content, attrDiff(args.path, plan)];
    return result;
  },
};

interface Edit {
  lines: string[];
  changed: boolean;
  msg: string;
  found?: number;
}

function present(input: string[], args: LineInFileArgs): Edit {
  const lines = [...input];
  const line = args.line!;
  const insertafter = args.insertbefore === undefined && args.insertafter === undefined
    ? "EOF"
    : args.insertafter;
  const insertbefore = args.insertbefore;
  const bre = args.regexp !== undefined ? searchRegExp(args.regexp) : undefined;
  let ins: RegExp | undefined;
  if (insertafter !== undefined && insertafter !== "BOF" && insertafter !== "EOF") {
    ins = searchRegExp(insertafter);
  } else if (insertbefore !== undefined && insertbefore !== "BOF") {
    ins = searchRegExp(insertbefore);
  }
  const index = [-1, -1];
  let match: RegExpExecArray | null = null;
  let found = false;
  let exactLineMatch = false;
  if (bre) {
    for (let i = 0; i < lines.length; i++) {
      const m = bre.exec(body(lines[i]));
      if (m) {
        index[0] = i;
        match = m;
        found = true;
        if (args.firstmatch) break;
      }
    }
  }
  if (args.searchString !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].includes(args.searchString)) {
        index[0] = i;
        found = true;
        if (args.firstmatch) break;
      }
    }
  }
  if (!found) {
    for (let i = 0; i < lines.length; i++) {
      if (line === strip(lines[i])) {
        index[0] = i;
        exactLineMatch = true;
      } else if (ins && ins.test(body(lines[i]))) {
        if (insertafter) {
          index[1] = i + 1;
          if (args.firstmatch) break;
        }
        if (insertbefore) {
          index[1] = i;
          if (args.firstmatch) break;
        }
      }
    }
  }
  let msg = "";
  let changed = false;
  const added = () => {
    msg = "line added";
    changed = true;
  };
  if (index[0] !== -1) {
    let newLine = args.backrefs && match ? expand(match, line) : line;
    if (!newLine.endsWith("\n")) newLine += "\n";
    if (args.regexp === undefined && args.searchString === undefined && !exactLineMatch) {
      if (insertafter && insertafter !== "EOF") {
        if (lines.length > 0 && !/[\n\r]$/.test(lines[lines.length - 1])) {
          lines[lines.length - 1] += "\n";
        }
        if (lines.length === index[1]) {
          if (strip(lines[index[1] - 1]) !== line) {
            lines.push(line + "\n");
            added();
          }
        } else if (strip(lines[index[1]]) !== line) {
          lines.splice(index[1], 0, line + "\n");
          added();
        }
      } else if (insertbefore && insertbefore !== "BOF") {
        if (index[1] <= 0) {
          if (strip(lines.at(index[1]) ?? "") !== line) {
            lines.splice(Math.max(index[1], 0), 0, line + "\n");
            added();
          }
        } else if (strip(lines[index[1] - 1]) !== line) {
          lines.splice(index[1], 0, line + "\n");
          added();
        }
      }
    } else if (lines[index[0]] !== newLine) {
      lines[index[0]] = newLine;
      msg = "line replaced";
      changed = true;
    }
  } else if (args.backrefs) {
    // nothing: without a match there is nothing to expand
  } else if (insertbefore === "BOF" || insertafter === "BOF") {
    lines.unshift(line + "\n");
    added();
  } else if (insertafter === "EOF" || index[1] === -1) {
    if (lines.length > 0 && !/[\n\r]$/.test(lines[lines.length - 1])) lines.push("\n");
    lines.push(line + "\n");
    added();
  } else if (insertafter && index[1] !== -1) {
    if (lines.length === index[1]) {
      if (strip(lines[index[1] - 1]) !== line) {
        lines.push(line + "\n");
        added();
      }
    } else if (line !== strip(lines[index[1]])) {
      lines.splice(index[1], 0, line + "\n");
      added();
    }
  } else {
    lines.splice(index[1], 0, line + "\n");
    added();
  }
  return { lines, changed, msg };
}

function absent(input: string[], args: LineInFileArgs): Edit {
  const bre = args.regexp !== undefined ? searchRegExp(args.regexp) : undefined;
  let found = 0;
  const lines = input.filter((l) => {
    let hit: boolean;
    if (bre) hit = bre.test(body(l));
    else if (args.searchString !== undefined) hit = l.includes(args.searchString);
    else hit = args.line === strip(l);
    if (hit) found++;
    return !hit;
  });
  return {
    lines,
    changed: found > 0,
    msg: found > 0 ? `${found} line(s) removed` : "",
    found,
  };
}
