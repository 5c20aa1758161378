/**
 * The arguments of `template`, read as Ansible's `template` action reads
 * them: `src` and `dest` required, `state` refused, the rendering options
 * (`trim_blocks` on and `lstrip_blocks` off by default, `newline_sequence`
 * one of `\n`, `\r`, `\r\n`, escaped or not), and the file options it hands
 * to `copy`.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import type { ModuleArgsInput } from "./module.ts";

/** The parsed arguments of `template`. */
export interface TemplateArgs {
  /** The template, on the controller (looked up under the project's `templates/`, then the project). */
  src: string;
  /** Where to write on the host. */
  dest: string;
  /** Mode of the file; `preserve` takes the template's own mode. */
  mode?: ModeSpec | "preserve";
  /** Owner of the file. */
  owner?: string;
  /** Group of the file. */
  group?: string;
  /** Keep a timestamped copy of a file that is replaced. */
  backup: boolean;
  /** Replace a file whose content differs (default true). */
  force: boolean;
  /** Newline of the template's text in the output. */
  newlineSequence: "\n" | "\r" | "\r\n";
  /** Remove the first newline after a block tag (default true). */
  trimBlocks: boolean;
  /** Strip spaces before a block tag (default false). */
  lstripBlocks: boolean;
  /** Other delimiters, where given. */
  delimiters: {
    blockStart?: string;
    blockEnd?: string;
    variableStart?: string;
    variableEnd?: string;
    commentStart?: string;
    commentEnd?: string;
  };
  /** A command run on the rendered file before it replaces `dest` (`%s` is the file). */
  validate?: string;
}

const PARAMS = [
  { name: "src" },
  { name: "dest" },
  { name: "mode" },
  { name: "owner" },
  { name: "group" },
  { name: "backup" },
  { name: "force" },
  { name: "newline_sequence" },
  { name: "trim_blocks" },
  { name: "lstrip_blocks" },
  { name: "variable_start_string" },
  { name: "variable_end_string" },
  { name: "block_start_string" },
  { name: "block_end_string" },
  { name: "comment_start_string" },
  { name: "comment_end_string" },
  { name: "output_encoding" },
  { name: "validate" },
  { name: "follow" },
  { name: "unsafe_writes" },
  { name: "attributes", aliases: ["attr"] },
  { name: "selevel" },
  { name: "serole" },
  { name: "setype" },
  { name: "seuser" },
  { name: "state" },
] as const;

const WRONG_SEQUENCES = ["\\n", "\\r", "\\r\\n"];
const SEQUENCES = ["\n", "\r", "\r\n"] as const;
const UTF8 = new Set(["utf-8", "utf8", "utf_8", "u8", "utf"]);

/**
 * Parses `template`'s arguments; throws `ModuleArgsError` with Ansible's
 * messages (`src and dest are required`, `'state' cannot be specified on a
 * template`, …) and names each argument tachyon does not support yet.
 *
 * @example
 * ```ts
 * import { parseTemplateArgs } from "./template_args.ts";
 * const args = parseTemplateArgs({ src: "motd.j2", dest: "/etc/motd" });
 * args.trimBlocks; // true
 * ```
 */
export function parseTemplateArgs(input: ModuleArgsInput): TemplateArgs {
  const a = ArgReader.from("template", input, PARAMS);
  for (
    const s of [
      "src",
      "dest",
      "state",
      "newline_sequence",
      "variable_start_string",
      "variable_end_string",
      "block_start_string",
      "block_end_string",
      "comment_start_string",
      "comment_end_string",
    ]
  ) {
    const v = a.values[s];
    if (v !== undefined && (Array.isArray(v) || (typeof v === "object" && v !== null))) {
      throw a.error(`${s} is expected to be a string, but got ${pyClassOf(v)} instead`);
    }
  }
  const trimBlocks = a.bool("trim_blocks", true);
  const lstripBlocks = a.bool("lstrip_blocks", false);
  const follow = a.bool("follow", false);
  if (a.has("state")) throw a.error("'state' cannot be specified on a template");
  if (!a.has("src") || !a.has("dest")) throw a.error("src and dest are required");
  let newline = a.string("newline_sequence") ?? "\n";
  const wrong = WRONG_SEQUENCES.indexOf(newline);
  if (wrong >= 0) newline = SEQUENCES[wrong];
  if (!(SEQUENCES as readonly string[]).includes(newline)) {
    throw a.error("newline_sequence needs to be one of: \n, \r or \r\n");
  }
  const encoding = (a.string("output_encoding") ?? "utf-8") || "utf-8";
  if (!UTF8.has(encoding.toLowerCase())) {
    throw a.error(
      `output_encoding=${encoding} is not supported by tachyon's template module yet (only utf-8)`,
    );
  }
  if (follow) throw a.error("follow=true is not supported by tachyon's template module yet");
  for (const name of ["attributes", "selevel", "serole", "setype", "seuser"]) {
    if (a.has(name)) {
      throw a.error(`${name} is not supported by tachyon's template module yet`);
    }
  }
  a.bool("unsafe_writes", false);
  const validate = a.string("validate");
  if (validate !== undefined && !validate.includes("%s")) {
    throw a.error(`validate must contain %s: ${validate}`);
  }
  const modeText = a.values.mode;
  return {
    src: a.requiredString("src"),
    dest: a.requiredString("dest"),
    mode: modeText === "preserve" ? "preserve" : parseMode("template", modeText),
    owner: a.string("owner"),
    group: a.string("group"),
    backup: a.bool("backup", false),
    force: a.bool("force", true),
    newlineSequence: newline as TemplateArgs["newlineSequence"],
    trimBlocks,
    lstripBlocks,
    delimiters: {
      blockStart: a.string("block_start_string"),
      blockEnd: a.string("block_end_string"),
      variableStart: a.string("variable_start_string"),
      variableEnd: a.string("variable_end_string"),
      commentStart: a.string("comment_start_string"),
      commentEnd: a.string("comment_end_string"),
    },
    validate,
  };
}

function pyClassOf(v: unknown): string {
  if (typeof v === "boolean") return "<class 'bool'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}
