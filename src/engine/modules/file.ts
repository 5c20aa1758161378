/**
 * `file`: a path's state (file, directory, link, hard link, touched,
 * absent) and its mode and ownership. One exec reads the state; a second
 * one changes it only when something must change.
 *
 * @module
 */
import { basename, join } from "node:path";
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import { attrCommands, type AttrPlan, planAttrs, setAllCommands } from "./file_attrs.ts";
import { runLibraryScript, type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pathInfo, pathState, readStat, readStats, type RemoteStat } from "./remote_stat.ts";
import type { ModuleResult } from "../types.ts";

/** The states `file` can ensure. */
export type FileState = "absent" | "directory" | "file" | "hard" | "link" | "touch";

/** Arguments of `file`. */
export interface FileArgs {
  /** The path (aliases `dest`, `name`). */
  path: string;
  /** Wanted state; default: the current one (`file` when absent). */
  state?: FileState;
  /** Target of a link. */
  src?: string;
  /** Mode (octal or symbolic). */
  mode?: ModeSpec;
  /** Owner. */
  owner?: string;
  /** Group. */
  group?: string;
  /** Apply mode and ownership to a directory's contents too. */
  recurse: boolean;
  /** Replace what stands in a link's way. */
  force: boolean;
  /** Operate on a symlink's target for `file` and `directory`. */
  follow: boolean;
}

const STATES: readonly FileState[] = ["absent", "directory", "file", "hard", "link", "touch"];

/** What the decision step chose. */
interface Decision {
  /** The result without path info. */
  result: ModuleResult;
  /** Whether something changes. */
  changed: boolean;
  /** sh to run when changing (not in check mode). */
  commands?: string;
  /** The path whose info ends the result. */
  infoPath: string;
  /** Diff (when the state has one). */
  diff?: { before: Record<string, unknown>; after: Record<string, unknown> };
}

class FileFailure extends Error {
  override name = "FileFailure";
  readonly extra: Record<string, unknown>;
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.extra = extra;
  }
}

/**
 * The `file` module.
 *
 * @example
 * ```ts
 * await play.task("file", { path: "/srv/app", state: "directory", mode: "0755" });
 * ```
 */
export const fileModule: ModuleDefinition<FileArgs> = {
  name: "file",
  fqcn: "ansible.builtin.file",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from("file", input, [
      { name: "path", aliases: ["dest", "name"] },
      { name: "state" },
      { name: "src" },
      { name: "mode" },
      { name: "owner" },
      { name: "group" },
      { name: "recurse" },
      { name: "force" },
      { name: "follow" },
    ]);
    return {
      path: a.requiredString("path"),
      state: a.choice("state", STATES),
      src: a.string("src"),
      mode: parseMode("file", a.values.mode),
      owner: a.string("owner"),
      group: a.string("group"),
      recurse: a.bool("recurse", false),
      force: a.bool("force", false),
      follow: a.bool("follow", true),
    };
  },
  async run(ctx, args) {
    const probe = await runLibraryScript(ctx, probeScript(args));
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

function probeScript(args: FileArgs): string {
  const q = shellQuote;
  const lines = [`p=${q(args.path)}`];
  if (args.src !== undefined && args.state !== "link" && args.state !== "absent") {
    lines.push(`if [ -d "$p" ]; then p="\${p%/}/"${q(basename(args.src))}; fi`);
  }
  lines.push(
    `printf 'D %s\\n' "$p"`,
    `printf 'U %s\\n' "$(umask)"`,
    `_tst P "$p" 0`,
    `if [ -L "$p" ] && [ -e "$p" ]; then _tst T "$p" 1; printf 'RP %s\\n' "$(readlink -f -- "$p")"; fi`,
    `if [ -d "$p" ] && [ -n "$(ls -A -- "$p" 2>/dev/null)" ]; then echo 'NE 1'; fi`,
  );
  if (args.src !== undefined) {
    lines.push(`s=${q(args.src)}`);
    if (args.state === "link") {
      lines.push(
        `if [ ! -L "$p" ] && [ -d "$p" ]; then r="$p"; else r=$(dirname -- "$p"); fi`,
        `case "$s" in /*) a="$s";; *) a="$r/$s";; esac`,
        `printf 'AS %s\\n' "$a"`,
        `if [ -e "$a" ]; then echo 'SE 1'; fi`,
      );
    } else {
      lines.push(`_tst S "$s" 1`);
    }
  }
  if (args.state === "absent") {
    lines.push(
      `if [ -d "$p" ] && [ ! -L "$p" ]; then`,
      `  find "$p" -type d | while IFS= read -r f; do printf 'PD %s\\n' "$f"; done`,
      `  find "$p" ! -type d | while IFS= read -r f; do printf 'PF %s\\n' "$f"; done`,
      `fi`,
    );
  }
  if (args.recurse && (args.mode || args.owner !== undefined || args.group !== undefined)) {
    lines.push(
      `if [ -d "$p" ]; then find "$p" ! -type l | while IFS= read -r f; do _tst R "$f" 0; done; fi`,
    );
  }
  return lines.join("\n") + "\n";
}

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
      return absent(path, before, probe);
    case "touch":
      return touch(args, path, before, umask);
    case "file":
    case "directory":
      return fileOrDirectory(args, state, path, probe, umask);
    case "link":
      return link(args, path, probe);
    case "hard":
      return hard(args, path, probe, umask);
  }
}

function initialDiff(path: string, state: string, prev: string) {
  const diff = {
    before: { path } as Record<string, unknown>,
    after: { path } as Record<string, unknown>,
  };
  if (prev !== state) {
    diff.before.state = prev;
    diff.after.state = state;
  }
  return diff;
}

function withPlan(diff: ReturnType<typeof initialDiff>, plan: AttrPlan | undefined) {
  if (plan) {
    Object.assign(diff.before, plan.before);
    Object.assign(diff.after, plan.after);
  }
  return diff;
}

function absent(path: string, before: RemoteStat | null, probe: ShellOutput): Decision {
  const prev = pathState(before);
  if (prev === "absent") {
    return { result: { path, state: "absent" }, changed: false, infoPath: path };
  }
  const diff = initialDiff(path, "absent", prev);
  if (prev === "directory") {
    diff.before.path_content = {
      directories: probe.all("PD").filter((d) => d !== path),
      files: probe.all("PF"),
    };
  }
  const p = shellQuote(path);
  const commands = prev === "directory"
    ? `rm -rf -- ${p} || { echo ${shellQuote(`E rmtree failed: cannot remove ${path}`)}; exit 0; }`
    : `rm -f -- ${p} || { echo ${shellQuote(`E unlinking failed: ${path}`)}; exit 0; }`;
  return { result: { path, state: "absent" }, changed: true, commands, infoPath: path, diff };
}

function touch(args: FileArgs, path: string, before: RemoteStat | null, umask: number): Decision {
  const prev = pathState(before);
  const p = shellQuote(path);
  if (!before) {
    return {
      result: { dest: path },
      changed: true,
      commands: `touch -- ${p} 2>/dev/null || { echo ${
        shellQuote(`E Error, could not touch target: ${path}`)
      }; exit 0; }\n${setAllCommands(p, args, `rm -f -- ${p}`)}`,
      infoPath: path,
      diff: initialDiff(path, "touch", prev),
    };
  }
  const plan = planAttrs(args, before, umask);
  return {
    result: { dest: path },
    changed: true,
    commands: `touch -c -- ${p}\n${attrCommands(path, plan)}`,
    infoPath: path,
    diff: withPlan(initialDiff(path, "touch", prev), plan),
  };
}

function fileOrDirectory(
  args: FileArgs,
  state: "file" | "directory",
  givenPath: string,
  probe: ShellOutput,
  umask: number,
): Decision {
  let path = givenPath;
  let st = readStat(probe, "P");
  let prev = pathState(st);
  let tag = "P";
  if (args.follow && prev === "link") {
    const target = readStat(probe, "T");
    if (target) {
      path = probe.first("RP") ?? path;
      st = target;
      prev = pathState(target);
      tag = "T";
    }
  }
  const infoPath = tag === "P" ? givenPath : path;
  if (state === "file") {
    if (prev !== "file" && prev !== "hard") {
      throw new FileFailure(`file (${path}) is ${prev}, cannot continue`, { path, state: prev });
    }
    const plan = planAttrs(args, st!, umask);
    return {
      result: { path },
      changed: plan.changed,
      commands: attrCommands(path, plan),
      infoPath,
      diff: withPlan(initialDiff(path, "file", prev), plan),
    };
  }
  const diff = initialDiff(path, "directory", prev);
  if (prev === "absent") {
    return {
      result: { path },
      changed: true,
      commands: mkdirCommands(args, path),
      infoPath,
      diff,
    };
  }
  if (prev !== "directory") {
    throw new FileFailure(`${path} already exists as a ${prev}`, { path });
  }
  const plan = planAttrs(args, st!, umask);
  let commands = attrCommands(path, plan);
  let changed = plan.changed;
  if (args.recurse) {
    const entries = readStats(probe, "R");
    if (entries.some((e) => planAttrs(args, e, umask).changed)) {
      changed = true;
      commands = recursiveCommands(args, path);
    }
  }
  return { result: { path }, changed, commands, infoPath, diff: withPlan(diff, plan) };
}

function mkdirCommands(args: FileArgs, path: string): string {
  const parts = path.split("/").filter((p) => p !== "");
  const lines: string[] = [];
  let current = path.startsWith("/") ? "" : ".";
  for (const part of parts) {
    current = current === "" ? `/${part}` : join(current, part);
    const c = shellQuote(current);
    lines.push(
      `if [ ! -e ${c} ]; then mkdir -- ${c} 2>/dev/null || { echo ${
        shellQuote(`E There was an issue creating ${current} as requested`)
      }; exit 0; }`,
      setAllCommands(c, args, ":") || ":",
      "fi",
    );
  }
  return lines.join("\n");
}

function recursiveCommands(args: FileArgs, path: string): string {
  const p = shellQuote(path);
  const lines: string[] = [];
  const fail = (msg: string) => `{ echo ${shellQuote(`E ${msg}`)}; exit 0; }`;
  if (args.owner !== undefined) {
    lines.push(
      `chown -R ${shellQuote(args.owner)} ${p} 2>/dev/null || ` +
        fail(`chown failed: failed to look up user ${args.owner}`),
    );
  }
  if (args.group !== undefined) {
    lines.push(
      `chgrp -R ${shellQuote(args.group)} ${p} 2>/dev/null || ` +
        fail(`chgrp failed: failed to look up group ${args.group}`),
    );
  }
  if (args.mode !== undefined) {
    const m = args.mode.kind === "octal"
      ? "0" + args.mode.value.toString(8).padStart(4, "0")
      : shellQuote(args.mode.text);
    lines.push(`chmod -R ${m} ${p} 2>/dev/null || ${fail("chmod failed")}`);
  }
  return lines.join("\n");
}

function link(args: FileArgs, path: string, probe: ShellOutput): Decision {
  const before = readStat(probe, "P");
  const prev = pathState(before);
  let src = args.src;
  if (src === undefined && args.follow && before?.linkTarget !== undefined) {
    src = before.linkTarget;
  }
  const absrc = probe.first("AS");
  if (!args.force && args.src !== undefined && probe.first("SE") === undefined) {
    throw new FileFailure(
      `src file does not exist, use "force=yes" if you really want to create the link: ${absrc}`,
      { path, src },
    );
  }
  if (prev === "directory") {
    if (!args.force) {
      throw new FileFailure(`refusing to convert from directory to symlink for ${path}`, { path });
    }
    if (probe.first("NE") !== undefined) {
      throw new FileFailure(`the directory ${path} is not empty, refusing to convert it`, {
        path,
      });
    }
  } else if ((prev === "file" || prev === "hard") && !args.force) {
    throw new FileFailure(`refusing to convert from ${prev} to symlink for ${path}`, { path });
  }
  const diff = initialDiff(path, "link", prev);
  let changed = false;
  if (prev !== "link") {
    if (src === undefined) throw new FileFailure("src is required for creating new symlinks");
    changed = true;
  } else if (src !== undefined && before?.linkTarget !== src) {
    diff.before.src = before?.linkTarget;
    diff.after.src = src;
    changed = true;
  }
  const p = shellQuote(path);
  const lines: string[] = [];
  if (prev === "directory") lines.push(`rmdir -- ${p}`);
  lines.push(
    `ln -sfn -- ${shellQuote(src ?? "")} ${p} 2>/dev/null || { echo ${
      shellQuote(`E Error while linking: ${path}`)
    }; exit 0; }`,
  );
  const owner = [
    args.owner !== undefined ? `chown -h ${shellQuote(args.owner)} ${p} 2>/dev/null` : "",
    args.group !== undefined ? `chgrp -h ${shellQuote(args.group)} ${p} 2>/dev/null` : "",
  ].filter((l) => l !== "");
  let attrsChanged = false;
  if (before && prev === "link") {
    attrsChanged = (args.owner !== undefined && !sameId(args.owner, before.uid, before.owner)) ||
      (args.group !== undefined && !sameId(args.group, before.gid, before.group));
  }
  const commands = changed ? [...lines, ...owner].join("\n") : owner.join("\n");
  return {
    result: { dest: path, src: src ?? null },
    changed: changed || attrsChanged,
    commands,
    infoPath: path,
    diff,
  };
}

function sameId(wanted: string, id: number, name: string): boolean {
  return /^\d+$/.test(wanted) ? Number(wanted) === id : wanted === name;
}

function hard(args: FileArgs, path: string, probe: ShellOutput, umask: number): Decision {
  const before = readStat(probe, "P");
  const prev = pathState(before);
  const srcStat = readStat(probe, "S");
  const src = args.src;
  if (prev !== "hard" && src === undefined) {
    throw new FileFailure("src is required for creating new hardlinks");
  }
  if (src !== undefined && !srcStat) {
    throw new FileFailure("src does not exist", { dest: path, src });
  }
  const diff = initialDiff(path, "hard", prev);
  let changed = false;
  if (prev === "absent") {
    changed = true;
  } else if (prev === "link") {
    if (before?.linkTarget !== src) {
      diff.before.src = before?.linkTarget;
      diff.after.src = src;
      changed = true;
    }
  } else if (prev === "hard") {
    if (src !== undefined && before!.inode !== srcStat!.inode) {
      changed = true;
      if (!args.force) {
        throw new FileFailure("Cannot link, different hard link exists at destination", {
          dest: path,
          src,
        });
      }
    }
  } else if (prev === "file") {
    changed = true;
    if (!args.force) {
      throw new FileFailure("Cannot link, file exists at destination", { dest: path, src });
    }
  } else if (prev === "directory") {
    if (srcStat && before!.inode === srcStat.inode) {
      return { result: { path }, changed: false, infoPath: path };
    }
    changed = true;
    if (!args.force) {
      throw new FileFailure("Cannot link: different hard link exists at destination", {
        dest: path,
        src,
      });
    }
  }
  const target = srcStat ?? before!;
  const plan = planAttrs(args, target, umask);
  const p = shellQuote(path);
  const lines: string[] = [];
  if (changed) {
    lines.push(
      `ln -f -- ${shellQuote(src!)} ${p} 2>/dev/null || { echo ${
        shellQuote(`E Error while linking: ${path}`)
      }; exit 0; }`,
    );
  }
  lines.push(attrCommands(path, plan));
  return {
    result: { dest: path, src: src ?? null },
    changed: changed || plan.changed,
    commands: lines.join("\n"),
    infoPath: path,
    diff: withPlan(diff, plan),
  };
}
