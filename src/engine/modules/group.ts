/**
 * `group`: a group present (with a gid) or absent, through the target's own
 * `groupadd`/`groupmod`/`groupdel`, with Ansible's results, check mode and
 * messages (a tool's stderr is the failure's `msg`). One exec reads the
 * group; a second runs the tool and reads it again, only when needed.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { addOutputs, commandScript, readCommand, SBIN_PATH } from "./user_command.ts";
import { intArg } from "./user_args.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `group`. */
export interface GroupArgs {
  /** The group's name. */
  name: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** Wanted gid. */
  gid?: number;
  /** A system group (`-r`), when created. */
  system: boolean;
  /** Allow a non-unique gid (`-o`). */
  nonUnique: boolean;
}

/** The sh that prints group `name`'s entry under `TAG`, if it exists. */
function lookupScript(name: string, tag: string): string {
  return `if _tl=$(getent group ${shellQuote(name)}); then printf '${tag} %s\\n' "$_tl"; fi\n`;
}

/** The gid of group `name` as printed under `tag`, or undefined. */
function readGid(out: ShellOutput, tag: string, name: string): number | undefined {
  const line = out.all(tag).find((l) => l.split(":")[0] === name);
  return line === undefined ? undefined : Number(line.split(":")[2]);
}

/**
 * Parses `group`'s arguments (Ansible's names and checks; `local` is not
 * supported and says so).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseGroupArgs } from "./group.ts";
 * assert.equal(parseGroupArgs("name=ops gid=2001").gid, 2001);
 * assert.throws(() => parseGroupArgs({ name: "ops", non_unique: true }), /missing: gid/);
 * ```
 */
export function parseGroupArgs(input: Parameters<ModuleDefinition["parseArgs"]>[0]): GroupArgs {
  const a = ArgReader.from("group", input, [
    { name: "state" },
    { name: "name" },
    { name: "gid" },
    { name: "system" },
    { name: "local" },
    { name: "non_unique" },
  ]);
  const args: GroupArgs = {
    name: a.requiredString("name"),
    state: a.choice("state", ["absent", "present"] as const, "present"),
    gid: intArg(a, "gid"),
    system: a.bool("system", false),
    nonUnique: a.bool("non_unique", false),
  };
  if (a.bool("local", false)) {
    throw a.error("tachyon's group module does not support 'local' (lgroupadd) yet");
  }
  if (args.nonUnique && args.gid === undefined) {
    throw a.error("non_unique is True but all of the following are missing: gid");
  }
  return args;
}

/**
 * The `group` module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupModule } from "./group.ts";
 * assert.equal(groupModule.parseArgs({ name: "deploy", gid: 2001 }).gid, 2001);
 * ```
 */
export const groupModule: ModuleDefinition<GroupArgs> = {
  name: "group",
  fqcn: "ansible.builtin.group",
  supportsCheckMode: true,
  parseArgs: parseGroupArgs,
  async run(ctx, args) {
    const probe = await runLibraryScript(ctx, lookupScript(args.name, "G"));
    const gid = readGid(probe, "G", args.name);
    const base: ModuleResult = { name: args.name, state: args.state };
    let argv: string[] | undefined;
    if (args.state === "absent") {
      if (gid === undefined) return { ...base, changed: false };
      if (ctx.check) return { changed: true };
      argv = ["groupdel", args.name];
    } else if (gid === undefined) {
      if (ctx.check) return { changed: true };
      argv = ["groupadd"];
      if (args.gid !== undefined) {
        argv.push("-g", String(args.gid), ...(args.nonUnique ? ["-o"] : []));
      }
      if (args.system) argv.push("-r");
      argv.push(args.name);
    } else if (args.gid !== undefined && args.gid !== gid) {
      if (ctx.check) return { ...base, changed: true, system: args.system, gid };
      argv = ["groupmod", "-g", String(args.gid), ...(args.nonUnique ? ["-o"] : []), args.name];
    }
    if (argv === undefined) return { ...base, changed: false, system: args.system, gid };
    const out = await runLibraryScript(
      ctx,
      `${SBIN_PATH}${commandScript("C", argv)}\n${lookupScript(args.name, "A")}`,
    );
    const ran = readCommand(out, "C");
    if (!ran) {
      return { failed: true, changed: false, msg: out.first("E") ?? "group tool did not run" };
    }
    if (ran.rc !== 0) return { failed: true, name: args.name, msg: ran.stderr };
    const result = addOutputs({ ...base, changed: true }, ran);
    const after = readGid(out, "A", args.name);
    if (after !== undefined) Object.assign(result, { system: args.system, gid: after });
    return result;
  },
};
