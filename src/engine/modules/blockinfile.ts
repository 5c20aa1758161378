/**
 * `blockinfile`: keeps a block of lines between marker lines, by Ansible's
 * rules.
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
import { pyBytesSplitlines } from "../../python/splitlines.ts";

/** Arguments of `blockinfile`. */
export interface BlockInFileArgs {
  /** The file (aliases `dest`, `destfile`, `name`). */
  path: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** The block's text (alias `content`); empty removes the block. */
  block: string;
  /** Marker template with `{mark}` (default `# {mark} ANSIBLE MANAGED BLOCK`). */
  marker: string;
  /** `{mark}` of the first marker (default `BEGIN`). */
  markerBegin: string;
  /** `{mark}` of the last marker (default `END`). */
  markerEnd: string;
  /** `EOF` (default) or a regular expression: insert after its last match. */
  insertafter?: string;
  /** `BOF` or a regular expression: insert before its last match. */
  insertbefore?: string;
  /** Create a missing file. */
  create: boolean;
  /** Keep a timestamped copy before changing. */
  backup: boolean;
  /** File mode. */
  mode?: ModeSpec;
  /** File owner. */
  owner?: string;
  /** File group. */
  group?: string;
}

/**
 * The `blockinfile` module: msg `Block inserted`, `Block removed`, `File created`.
 *
 * @example
 * ```ts
 * await play.task("blockinfile", { path: "/etc/hosts", block: "10.0.0.5 db\n" });
 * ```
 */
export const blockinfileModule: ModuleDefinition<BlockInFileArgs> = {
  name: "blockinfile",
  fqcn: "ansible.builtin.blockinfile",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs(input) {
    const a = ArgReader.from("blockinfile", input, [
      { name: "path", aliases: ["dest", "destfile", "name"] },
      { name: "state" },
      { name: "block", aliases: ["content"] },
      { name: "marker" },
      { name: "marker_begin" },
      { name: "marker_end" },
      { name: "insertafter" },
      { name: "insertbefore" },
      { name: "create" },
      { name: "backup" },
      { name: "mode" },
      { name: "owner" },
      { name: "group" },
    ]);
    a.exclusive("insertbefore", "insertafter");
    const args: BlockInFileArgs = {
      path: a.requiredString("path"),
      state: a.choice("state", ["absent", "present"] as const, "present"),
      block: a.string("block") ?? "",
      marker: a.string("marker") ?? "# {mark} ANSIBLE MANAGED BLOCK",
      markerBegin: a.string("marker_begin") ?? "BEGIN",
      markerEnd: a.string("marker_end") ?? "END",
      insertafter: a.string("insertafter"),
      insertbefore: a.string("insertbefore"),
      create: a.bool("create", false),
      backup: a.bool("backup", false),
      mode: parseMode("blockinfile", a.values.mode),
      owner: a.string("owner"),
      group: a.string("group"),
    };
    checkSearchRegExps(a, [args.insertafter, args.insertbefore]);
    return args;
  },
  async run(ctx, args) {
    const read = await readForEdit(ctx, args.path);
    if (read.failure) return read.failure;
    const file = read.file;
    if (!file.stat && !args.create) {
      return { changed: false, failed: true, rc: 257, msg: `Path ${args.path} does not exist !` };
    }
    const original = file.stat ? file.text : undefined;
    if (args.state === "absent" && original === undefined) {
      return { changed: false, msg: `File ${args.path} not present` };
    }
    const result = edit(original ?? "", args);
    let msg: string;
    let changed = true;
    if (original === result) {
      msg = "";
      changed = false;
    } else if (original === undefined) {
      msg = "File created";
    } else if (args.state === "absent" || args.block === "") {
      msg = "Block removed";
    } else {
      msg = "Block inserted";
    }
    const content = contentDiff(ctx, args.path, original ?? "", result);
    if (ctx.check && !file.stat) return { changed, msg, diff: content };
    const plan = attrPlanFor(file, args);
    const out: ModuleResult = {
      changed: changed || plan.changed,
      msg: attrMessage(msg, plan.changed),
    };
    const outcome = await writeTextFile(ctx, file, changed ? result : undefined, plan, {
      backup: args.backup,
    });
    if (outcome.error) return { changed: false, failed: true, msg: outcome.error };
    if (outcome.backupFile) out.backup_file = outcome.backupFile;
    if (ctx.diff) out.diff = [content, attrDiff(args.path, plan)];
    return out;
  },
};

function edit(original: string, args: BlockInFileArgs): string {
  const lines = pyBytesSplitlines(original, true);
  const present = args.state === "present";
  let insertafter = args.insertafter;
  const insertbefore = args.insertbefore;
  if (insertbefore === undefined && insertafter === undefined) insertafter = "EOF";
  let insertre: RegExp | undefined;
  if (insertafter !== undefined && insertafter !== "EOF") insertre = searchRegExp(insertafter);
  else if (insertbefore !== undefined && insertbefore !== "BOF") {
    insertre = searchRegExp(insertbefore);
  }
  const marker0 = args.marker.replaceAll("{mark}", args.markerBegin) + "\n";
  const marker1 = args.marker.replaceAll("{mark}", args.markerEnd) + "\n";
  let blocklines: string[] = [];
  if (present && args.block !== "") {
    const block = args.block.endsWith("\n") ? args.block : args.block + "\n";
    blocklines = [marker0, ...pyBytesSplitlines(block, true), marker1];
  }
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === marker0) n0 = i;
    if (line === marker1) n1 = i;
  });
  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    if (insertre) {
      if (insertre.flags.includes("m")) {
        const match = insertre.exec(original);
        if (match) {
          const end = insertafter !== undefined ? match.index + match[0].length : match.index;
          n0 = (original.slice(0, end).match(/\n/g) ?? []).length;
        }
      } else {
        lines.forEach((line, i) => {
          if (insertre!.test(line.endsWith("\n") ? line.slice(0, -1) : line)) n0 = i;
        });
      }
      if (n0 === undefined) n0 = lines.length;
      else if (insertafter !== undefined) n0 += 1;
    } else if (insertbefore !== undefined) {
      n0 = 0;
    } else {
      n0 = lines.length;
    }
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && !lines[n0 - 1].endsWith("\n")) lines[n0 - 1] += "\n";
  lines.splice(n0, 0, ...blocklines);
  return lines.join("");
}
