/**
 * The `file` module's decisions for `state=link` (a symlink) and
 * `state=hard` (a hard link): Ansible's refusals (what `force` overrides),
 * whether the link changes, and the sh that makes it.
 *
 * @module
 */
import type { FileArgs } from "./file_args.ts";
import { attrCommands, planAttrs } from "./file_attrs.ts";
import { type Decision, FileFailure, initialDiff, withPlan } from "./file_decision.ts";
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pathState, readStat } from "./remote_stat.ts";

/**
 * `state=link`: the path becomes a symlink to `src`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideLink } from "./file_links.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 *
 * const args = { path: "/l", src: "/etc", recurse: false, force: false, follow: true };
 * const decision = decideLink(args, "/l", ShellOutput.parse("P A\nAS /etc\nSE 1\n"));
 * assert.equal(decision.changed, true);
 * assert.match(decision.commands!, /ln -sfn -- /);
 * ```
 */
export function decideLink(args: FileArgs, path: string, probe: ShellOutput): Decision {
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

/**
 * `state=hard`: the path becomes a hard link to `src`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FileFailure } from "./file_decision.ts";
 * import { decideHard } from "./file_links.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 *
 * const args = { path: "/h", src: "/missing", recurse: false, force: false, follow: true };
 * assert.throws(() => decideHard(args, "/h", ShellOutput.parse("P A\nS A\n"), 0o022), FileFailure);
 * ```
 */
export function decideHard(
  args: FileArgs,
  path: string,
  probe: ShellOutput,
  umask: number,
): Decision {
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
