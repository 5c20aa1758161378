/**
 * `unarchive`: unpacks a tar (gzip, bzip2, xz, zstd or plain) or zip archive
 * into an existing directory of the host, with GNU `tar` and Info-ZIP
 * `unzip` there, as Ansible's module does: the archive from the controller
 * (staged through the exec's stdin into a private dir), a path on the host
 * (`remote_src`), or a URL curl downloads there. It unpacks only when the
 * archive differs from what dest holds (`tar --diff`; for zip, each entry's
 * type, time, size, CRC-32, mode and owner), so a second run reports
 * `changed: false`; zip differences are the result's `diff` (`prepared`).
 * Check mode predicts zip archives and skips tar ones, as Ansible does.
 *
 * Scripts, in order: `creates` and dest (`unarchive_probe.ts`), the archive
 * staged and its handler found with what the comparison needs, the zip
 * entries' facts (`unarchive_steps.ts`), the extraction and the unpacked
 * paths' facts, their attributes (`unarchive_attrs.ts`), dest's facts and
 * cleanup.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { ControllerFileError, readControllerFile } from "./controller_files.ts";
import { runLibraryScript, type ShellOutput } from "./remote_sh.ts";
import { pathInfo, readStat } from "./remote_stat.ts";
import { parseUnarchiveArgs, type UnarchiveArgs } from "./unarchive_args.ts";
import {
  detectScript,
  prepareScript,
  readDetection,
  type SourceKind,
  type TarDetection,
  type ZipDetection,
} from "./unarchive_probe.ts";
import { tarArguments, tarFiles, tarUnarchived } from "./unarchive_tar.ts";
import {
  UnarchiveError,
  unzipArguments,
  zipCrcs,
  zipDecision,
  zipEntries,
  zipFiles,
} from "./unarchive_zip.ts";
import {
  type ExtractCommand,
  extractScript,
  finishScript,
  readZipFacts,
  resolvedId,
  zipFactsScript,
} from "./unarchive_steps.ts";
import { attrPaths, planUnarchiveAttrs } from "./unarchive_attrs.ts";
import { captured } from "./unarchive_sh.ts";
import { pySplitlines } from "../../python/splitlines.ts";

export type { UnarchiveArgs } from "./unarchive_args.ts";

const VAULT_HEADER = new TextEncoder().encode("$ANSIBLE_VAULT;");

function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  return data.length >= prefix.length && prefix.every((b, i) => data[i] === b);
}

/**
 * The `unarchive` module.
 *
 * @example
 * ```ts
 * await play.task("unarchive", { src: "app-1.2.tar.gz", dest: "/opt/app", owner: "app" });
 * ```
 */
export const unarchiveModule: ModuleDefinition<UnarchiveArgs> = {
  name: "unarchive",
  fqcn: "ansible.builtin.unarchive",
  supportsCheckMode: true,
  targetPaths: ["dest", "creates"],
  parseArgs: parseUnarchiveArgs,
  async run(ctx, args) {
    const prepared = await runLibraryScript(ctx, prepareScript(args));
    const skip = prepared.first("SKIP");
    if (skip !== undefined) {
      return { changed: false, skipped: true, msg: `skipped, since ${skip} exists` };
    }
    const staging = prepared.first("T");
    let data: Uint8Array | undefined;
    let failure: ModuleResult | undefined;
    if (!args.remoteSrc) {
      try {
        data = (await readControllerFile(ctx.controller, args.src)).data;
        if (args.decrypt && startsWith(data, VAULT_HEADER)) {
          failure = {
            changed: false,
            failed: true,
            msg:
              `${args.src} is vault-encrypted: decrypt is not supported by tachyon's unarchive yet`,
          };
        }
      } catch (error) {
        if (!(error instanceof ControllerFileError)) throw error;
        failure = { changed: false, failed: true, msg: error.message };
      }
    }
    const nodest = prepared.first("NODEST");
    if (!failure && nodest !== undefined) {
      failure = { changed: false, failed: true, msg: `dest '${nodest}' must be an existing dir` };
    }
    if (!failure && staging === undefined) {
      failure = { changed: false, failed: true, msg: "could not create a staging dir on the host" };
    }
    const dest = prepared.first("DEST") ?? args.dest;
    if (failure) {
      if (staging !== undefined) await runLibraryScript(ctx, finishScript(staging, dest));
      return failure;
    }
    let result: ModuleResult = { changed: false, failed: true, msg: "unarchive did not finish" };
    try {
      result = await unpack(ctx, args, dest, staging!, data);
    } finally {
      const path = typeof result.path === "string"
        ? result.path
        : typeof result.dest === "string"
        ? result.dest
        : undefined;
      const done = await runLibraryScript(ctx, finishScript(staging, dest, path));
      if (path !== undefined) {
        Object.assign(result, pathInfo(readStat(done, path === dest ? "A" : "F")));
      }
    }
    return result;
  },
};

/** Everything after the checks: stage, compare, unpack, set attributes. */
async function unpack(
  ctx: ModuleContext,
  args: UnarchiveArgs,
  dest: string,
  staging: string,
  data: Uint8Array | undefined,
): Promise<ModuleResult> {
  const source: SourceKind = !args.remoteSrc
    ? "controller"
    : args.src.includes("://")
    ? "url"
    : "remote";
  const input = { args, dest, staging, source, check: ctx.check };
  const found = readDetection(await runLibraryScript(ctx, detectScript(input), data), input);
  if (found.checkSkip) {
    return {
      changed: false,
      skipped: true,
      msg: "remote module (ansible.legacy.unarchive) does not support check mode when using gtar",
    };
  }
  if (found.failure || !found.handler) {
    return { changed: false, failed: true, msg: found.failure ?? "no handler" };
  }
  const src = found.src;
  let plan: Plan;
  try {
    plan = found.handler.kind === "zip"
      ? await zipPlan(ctx, args, dest, src, found.handler)
      : tarPlan(args, dest, src, found.handler);
  } catch (error) {
    if (error instanceof UnarchiveError) {
      return { changed: false, failed: true, msg: error.message };
    }
    throw error;
  }
  const result: ModuleResult = { changed: false, handler: plan.handler, dest, src };
  if (plan.diff) result.diff = { prepared: plan.diff };
  if (ctx.check) {
    result.changed = !plan.unarchived;
  } else {
    const failed = await extractAndSet(ctx, args, dest, staging, plan, result);
    if (failed) return failed;
  }
  if (args.listFiles) result.files = plan.files;
  return result;
}

/** What the comparison decided, and how to unpack. */
interface Plan {
  /** The handler's class name. */
  readonly handler: string;
  /** Nothing to unpack. */
  readonly unarchived: boolean;
  /** The zip handler's itemized differences. */
  readonly diff?: string;
  /** The command that unpacks. */
  readonly extract: ExtractCommand;
  /** `files_in_archive`. */
  readonly files: string[];
}

function tarPlan(args: UnarchiveArgs, dest: string, src: string, found: TarDetection): Plan {
  const files = tarFiles(found.listing.stdout, args.exclude);
  if (files.length === 0) {
    throw new UnarchiveError(
      `Failed to find handler for "${src}". Make sure the required command to extract the file ` +
        `is installed.\nCommand "${found.tar}" found no files in archive. Empty archive files ` +
        `are not supported.`,
    );
  }
  return {
    handler: found.handler.name,
    unarchived: tarUnarchived(found.diff.stdout, found.diff.stderr, found.runUid, args),
    extract: {
      program: found.tar,
      args: tarArguments("extract", found.handler, args, dest, src),
      cwd: dest,
    },
    files,
  };
}

async function zipPlan(
  ctx: ModuleContext,
  args: UnarchiveArgs,
  dest: string,
  src: string,
  found: ZipDetection,
): Promise<Plan> {
  const entries = zipEntries(found.zipinfo.stdout);
  const facts = readZipFacts(await runLibraryScript(ctx, zipFactsScript(dest, entries)), entries);
  const [uid, gid] = found.ids;
  const runUser = { name: found.runNames[0], id: uid };
  const runGroup = { name: found.runNames[1], id: gid };
  const owner = args.owner ? found.owner : null;
  const group = args.group ? found.group : null;
  const decision = zipDecision(
    entries,
    {
      ...facts,
      archiveCrcs: zipCrcs(found.verbose.stdout),
      runUser,
      runGroup,
      groups: found.groups,
      umask: found.umask,
      futureOwner: owner ? { name: owner[0], id: owner[1] } : runUser,
      futureGroup: group ? { name: group[0], id: group[1] } : runGroup,
    },
    args,
    found.zipinfo.rc === 0,
  );
  return {
    handler: found.name,
    unarchived: decision.unarchived,
    diff: decision.diff || undefined,
    extract: {
      program: found.unzip,
      args: unzipArguments(args.extraOpts, decision.exclude, args.include, src, dest),
    },
    files: zipFiles(pySplitlines(found.names.stdout), args.include, args.exclude),
  };
}

/**
 * Unpacks when needed, then sets the attributes; fills `result` (`changed`,
 * `extract_results`) and returns a failure result, if any.
 */
async function extractAndSet(
  ctx: ModuleContext,
  args: UnarchiveArgs,
  dest: string,
  staging: string,
  plan: Plan,
  result: ModuleResult,
): Promise<ModuleResult | undefined> {
  const wantsAttrs = args.mode !== undefined || args.owner !== undefined ||
    args.group !== undefined;
  if (plan.unarchived && !wantsAttrs) return undefined;
  const paths = wantsAttrs ? attrPaths(dest, plan.files) : [];
  const out = await runLibraryScript(
    ctx,
    extractScript({
      staging,
      extract: plan.unarchived ? undefined : plan.extract,
      statPaths: paths,
      owner: args.owner,
      group: args.group,
    }),
  );
  if (!plan.unarchived) {
    const ran = captured(out, "X") ?? { rc: 1, stdout: "", stderr: "the extraction did not run" };
    result.extract_results = {
      cmd: [plan.extract.program, ...plan.extract.args],
      rc: ran.rc,
      out: ran.stdout,
      err: ran.stderr,
    };
    if (ran.rc !== 0) {
      const { diff: _diff, ...rest } = result;
      return { ...rest, failed: true, msg: `failed to unpack ${result.src} to ${dest}` };
    }
    result.changed = true;
  }
  return await setAttributes(ctx, args, out, paths, result);
}

async function setAttributes(
  ctx: ModuleContext,
  args: UnarchiveArgs,
  out: ShellOutput,
  paths: readonly string[],
  result: ModuleResult,
): Promise<ModuleResult | undefined> {
  const attrs = planUnarchiveAttrs(
    paths.map((path, i) => ({ path, stat: readStat(out, `P${i}`) })),
    {
      mode: args.mode,
      owner: args.owner,
      uid: resolvedId(out, "OWN", args.owner),
      group: args.group,
      gid: resolvedId(out, "GRP", args.group),
      umask: parseInt(out.first("UM") ?? "022", 8),
    },
  );
  if (attrs.commands.length > 0) {
    const applied = await runLibraryScript(ctx, attrs.commands.join("\n") + "\n");
    const error = applied.first("E");
    if (error !== undefined) return { changed: false, failed: true, msg: error };
  }
  if (attrs.changed) result.changed = true;
  if (attrs.failure) {
    if (attrs.failure.path !== undefined) {
      return { changed: false, failed: true, msg: attrs.failure.msg, path: attrs.failure.path };
    }
    return { ...result, failed: true, msg: attrs.failure.msg };
  }
  return undefined;
}
