/**
 * The `file` module's decisions for the states about the path itself:
 * `absent`, `touch`, `file` and `directory` (with `recurse`), each giving
 * the change as sh built from the probe's findings.
 *
 * @module
 */
import { join } from "node:path";
import type { FileArgs } from "./file_args.ts";
import { attrCommands, planAttrs, setAllCommands } from "./file_attrs.ts";
import { type Decision, FileFailure, initialDiff, withPlan } from "./file_decision.ts";
import { type ShellOutput, shellQuote } from "./remote_sh.ts";
import { pathState, readStat, readStats, type RemoteStat } from "./remote_stat.ts";

/**
 * `state=absent`: removes the path (a directory with its contents).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideAbsent } from "./file_paths.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 *
 * const decision = decideAbsent("/gone", null, ShellOutput.parse("P A\n"));
 * assert.equal(decision.changed, false);
 * ```
 */
export function decideAbsent(
  path: string,
  before: RemoteStat | null,
  probe: ShellOutput,
): Decision {
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

/**
 * `state=touch`: creates the path or updates its times, then sets its attributes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideTouch } from "./file_paths.ts";
 *
 * const args = { path: "/new", recurse: false, force: false, follow: true };
 * const decision = decideTouch(args, "/new", null, 0o022);
 * assert.equal(decision.changed, true);
 * assert.match(decision.commands!, /touch -- /);
 * ```
 */
export function decideTouch(
  args: FileArgs,
  path: string,
  before: RemoteStat | null,
  umask: number,
): Decision {
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

/**
 * `state=file` (the path must exist) and `state=directory` (created with its
 * parents when missing), following a symlink when `follow` is set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideFileOrDirectory } from "./file_paths.ts";
 * import { ShellOutput } from "./remote_sh.ts";
 *
 * const args = { path: "/srv/app", recurse: false, force: false, follow: true };
 * const decision = decideFileOrDirectory(args, "directory", "/srv/app", ShellOutput.parse("P A\n"), 0o022);
 * assert.equal(decision.changed, true);
 * assert.match(decision.commands!, /mkdir -- /);
 * ```
 */
export function decideFileOrDirectory(
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
