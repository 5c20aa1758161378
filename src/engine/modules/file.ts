/**
 * `file`: a path's state (file, directory, link, hard link, touched,
 * absent) and its mode and ownership. One exec reads the state; a second
 * one changes it only when something must change.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { type FileArgs, type FileState, parseFileArgs } from "./file_args.ts";
import { type Decision, FileFailure } from "./file_decision.ts";
import { decideHard, decideLink } from "./file_links.ts";
import { decideAbsent, decideFileOrDirectory, decideTouch } from "./file_paths.ts";
import { fileProbeScript } from "./file_probe.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pathInfo, pathState, readStat } from "./remote_stat.ts";
import type { ModuleResult } from "../types.ts";

export type { FileArgs, FileState } from "./file_args.ts";

/**
 * The `file` module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileModule } from "./file.ts";
 *
 * const args = fileModule.parseArgs({ path: "/srv/app", state: "directory", mode: "0755" });
 * assert.equal(args.state, "directory");
 * assert.equal(fileModule.fqcn, "ansible.builtin.file");
 * ```
 */
export const fileModule: ModuleDefinition<FileArgs> = {
  name: "file",
  fqcn: "ansible.builtin.file",
  supportsCheckMode: true,
  targetPaths: ["path", "src"],
  parseArgs: parseFileArgs,
  async run(ctx, args) {
    const probe = await runLibraryScript(ctx, fileProbeScript(args));
    const path = probe.first("D") ?? args.path;
    const before = readStat(probe, "P");
    let decision: Decision;
    try {
      decision = decide(args, path, probe);
    } catch (error) {
      if (!(error instanceof FileFailure)) throw error;
      const info = "path" in error.extra ? pathInfo(before) : {};
      return { changed: false, failed: true, msg: error.message, ...error.extra, ...info };
    }
    let after = readStat(probe, decision.infoPath === path ? "P" : "T");
    if (decision.changed && decision.commands !== undefined && !ctx.check) {
      const applied = await runLibraryScript(
        ctx,
        `${decision.commands}\n_tst A ${shellQuote(decision.infoPath)} 0\n`,
      );
      const error = applied.first("E");
      if (error !== undefined) {
        return { changed: false, failed: true, msg: error, path: decision.infoPath };
      }
      after = readStat(applied, "A");
    }
    const result: ModuleResult = { ...decision.result, changed: decision.changed };
    if (ctx.diff && decision.diff) result.diff = decision.diff;
    return { ...result, ...pathInfo(after) };
  },
};

function decide(args: FileArgs, path: string, probe: ShellOutput): Decision {
  const before = readStat(probe, "P");
  const prev = pathState(before);
  let state: FileState = args.state ??
    (prev !== "absent" ? (prev as FileState) : args.recurse ? "directory" : "file");
  if (args.state === undefined && prev === "hard") state = "hard";
  if (args.recurse && state !== "directory") {
    throw new FileFailure("recurse option requires state to be 'directory'", { path });
  }
  if (args.src !== undefined && state !== "link" && state !== "hard") {
    throw new FileFailure("src option requires state to be 'link' or 'hard'", { path });
  }
  const umask = parseInt(probe.first("U") ?? "022", 8);
  switch (state) {
    case "absent":
      return decideAbsent(path, before, probe);
    case "touch":
      return decideTouch(args, path, before, umask);
    case "file":
    case "directory":
      return decideFileOrDirectory(args, state, path, probe, umask);
    case "link":
      return decideLink(args, path, probe);
    case "hard":
      return decideHard(args, path, probe, umask);
  }
}
