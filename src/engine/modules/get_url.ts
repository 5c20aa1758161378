/**
 * `get_url`: downloads a URL to a file ON THE TARGET (curl there, see
 * `http_client.ts`), as Ansible's module does: a `dest` directory takes
 * the name from `Content-Disposition` or the URL; an existing `dest` is
 * asked for with `If-Modified-Since` (a `304` changes nothing) and replaced
 * only when its SHA-1 differs; a `checksum` (`sha256:…`, or a checksum
 * file's URL) that `dest` already matches skips the request, and one the
 * download does not match removes it; `backup`, `mode`/`owner`/`group`,
 * check mode (a `HEAD` request) and Ansible's result keys (`checksum_src`,
 * `checksum_dest`, `md5sum`, `status_code`, `msg` `OK (N bytes)`, …).
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import {
  digestFromChecksumFile,
  type GetUrlArgs,
  normalizeDigest,
  parseGetUrlArgs,
  splitChecksum,
} from "./get_url_args.ts";
import { type FetchRequest, type FetchResult, fetchUrl, removeTempDir } from "./http_fetch.ts";
import { attachmentFilename } from "./http_response.ts";
import { urlFilename } from "./http_url.ts";
import { maskSecret } from "./http_no_log.ts";
import { applyAttrs, DIGEST_TOOLS, installBody, pathFacts, pathState } from "./http_install.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";

/**
 * The `get_url` module.
 *
 * @example
 * ```ts
 * await play.task("get_url", {
 *   url: "https://example.com/app.tgz",
 *   dest: "/opt/app.tgz",
 *   checksum: "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 *   mode: "0644",
 * });
 * ```
 */
export const getUrlModule: ModuleDefinition<GetUrlArgs> = {
  name: "get_url",
  fqcn: "ansible.builtin.get_url",
  supportsCheckMode: true,
  targetPaths: ["dest", "tmpDest", "transport.clientCert", "transport.clientKey"],
  parseArgs: parseGetUrlArgs,
  async run(ctx, args) {
    const temps: (string | undefined)[] = [];
    try {
      const result = await runGetUrl(ctx, args, temps);
      // Ansible's exit_json/fail_json add the path facts of `dest` (`add_path_info`).
      const path = result.path ?? result.dest;
      if (typeof path === "string") Object.assign(result, await pathFacts(ctx, path));
      return maskSecret(result, args.password);
    } finally {
      for (const dir of temps) await removeTempDir(ctx, dir);
    }
  },
};

const ALGORITHMS = Object.keys(DIGEST_TOOLS).join(", ");

/** What the target says about `dest` (and `tmp_dest`) before the request. */
interface DestProbe {
  isDir: boolean;
  exists: boolean;
  mtime?: number;
  digest?: string;
  tmpDest: "dir" | "file" | "absent" | undefined;
}

async function runGetUrl(
  ctx: ModuleContext,
  args: GetUrlArgs,
  temps: (string | undefined)[],
): Promise<ModuleResult> {
  const result: ModuleResult = {
    changed: false,
    checksum_dest: null,
    checksum_src: null,
    dest: args.dest,
    elapsed: 0,
    url: args.url,
  };
  let algorithm = "";
  let expected = "";
  if (args.checksum !== "") {
    const spec = splitChecksum(args.checksum);
    if (!spec) {
      return {
        ...result,
        failed: true,
        msg: "The checksum parameter has to be in format <algorithm>:<checksum>",
      };
    }
    algorithm = spec.algorithm;
    expected = spec.value;
    if (spec.isUrl) {
      const fetched = await fetchUrl(ctx, request(args, spec.value, "GET", args.force), {
        output: "checksum",
        inlineLimit: 16 * 1024 * 1024,
      });
      temps.push(fetched.tempDir);
      const failure = urlGetFailure(fetched, spec.value, args.dest, 0);
      if (failure) return failure;
      const text = new TextDecoder().decode(fetched.response?.body ?? new Uint8Array());
      const filename = urlFilename(args.url);
      const found = digestFromChecksumFile(text, filename);
      if (found === undefined) {
        return {
          changed: false,
          failed: true,
          msg: `Unable to find a checksum for file '${filename}' in '${spec.value}'`,
        };
      }
      expected = found;
    }
    const digest = normalizeDigest(expected);
    if (digest === undefined) {
      return { ...result, failed: true, msg: "The checksum format is invalid" };
    }
    expected = digest;
  }
  const probe = await probeDest(ctx, args, algorithm);
  let force = args.force;
  let lastModified: number | undefined;
  if (!probe.isDir && probe.exists) {
    let mismatch = false;
    if (!force && expected !== "") {
      if (!(algorithm in DIGEST_TOOLS)) {
        return { changed: false, failed: true, msg: hashError(args.dest, algorithm) };
      }
      mismatch = probe.digest !== expected;
    }
    if (!force && expected !== "" && !mismatch) {
      const stat = await pathState(ctx, args.dest);
      const attrs = await applyAttrs(ctx, args.dest, args, stat.stat, stat.umask);
      if (attrs.error !== undefined) return attrsFailure(attrs.error, args.dest);
      result.changed = attrs.changed;
      result.msg = attrs.changed
        ? "file already exists but file attributes changed"
        : "file already exists";
      return result;
    }
    lastModified = probe.mtime;
    if (mismatch) force = true;
  }
  const start = Date.now();
  const output = probe.tmpDest === "dir"
    ? `${args.tmpDest!.replace(/\/+$/, "")}/.tachyon-get_url.${crypto.randomUUID().slice(0, 8)}`
    : "download";
  const fetched = await fetchUrl(
    ctx,
    { ...request(args, args.url, ctx.check ? "HEAD" : "GET", force), lastModified },
    { output, inlineLimit: 0 },
  );
  temps.push(fetched.tempDir);
  const elapsed = Math.floor((Date.now() - start) / 1000);
  const response = fetched.response;
  if (fetched.status === 304) {
    return {
      url: args.url,
      dest: args.dest,
      changed: false,
      msg: fetched.info.msg,
      status_code: 304,
      elapsed,
    };
  }
  const failure = urlGetFailure(fetched, args.url, args.dest, elapsed);
  if (failure) return failure;
  if (probe.tmpDest === "file") {
    return {
      changed: false,
      failed: true,
      msg: `${args.tmpDest} is a file but should be a directory.`,
      elapsed,
    };
  }
  if (probe.tmpDest === "absent") {
    return {
      changed: false,
      failed: true,
      msg: `${args.tmpDest} directory does not exist.`,
      elapsed,
    };
  }
  const source = response!.bodyPath;
  result.elapsed = elapsed;
  result.src = source;
  let dest = args.dest;
  if (probe.isDir) {
    const name = attachmentFilename(fetched.info) ?? urlFilename(String(fetched.info.url));
    dest = `${dest.replace(/\/+$/, "")}/${name}`;
    result.dest = dest;
  }
  try {
    const installed = await installBody(ctx, {
      source,
      dest,
      backup: args.backup,
      check: ctx.check,
      digest: expected !== "" && algorithm in DIGEST_TOOLS ? algorithm : undefined,
    });
    if (installed.checksumSrc !== undefined) result.checksum_src = installed.checksumSrc;
    if (installed.checksumDest !== null) result.checksum_dest = installed.checksumDest;
    if (installed.error !== undefined) return { ...result, failed: true, msg: installed.error };
    if (ctx.check) {
      result.changed = result.checksum_src !== result.checksum_dest;
      return { ...result, msg: fetched.info.msg ?? "" };
    }
    result.changed = installed.moved;
    if (expected !== "") {
      if (!(algorithm in DIGEST_TOOLS)) {
        return { changed: false, failed: true, msg: hashError(dest, algorithm) };
      }
      if (installed.digest !== expected) {
        await runLibraryScript(ctx, `rm -f -- ${shellQuote(dest)}\n`);
        return {
          ...result,
          failed: true,
          msg: `The checksum for ${dest} did not match ${expected}; it was ${installed.digest}.`,
        };
      }
    }
    const attrs = await applyAttrs(ctx, dest, args, installed.stat, installed.umask);
    if (attrs.error !== undefined) return attrsFailure(attrs.error, dest);
    result.changed = result.changed || attrs.changed;
    const md5 = await runLibraryScript(
      ctx,
      `h=$(md5sum < ${shellQuote(dest)}) && printf 'M %s\\n' "\${h%% *}"\n`,
    );
    result.md5sum = md5.first("M") ?? null;
    if (installed.backupFile !== undefined) result.backup_file = installed.backupFile;
    return { ...result, msg: fetched.info.msg ?? "", status_code: fetched.status };
  } finally {
    if (output !== "download") {
      await runLibraryScript(ctx, `rm -f -- ${shellQuote(source)}\n`).catch(() => undefined);
    }
  }
}

/** Ansible's `set_fs_attributes_if_different` fails with `path` and `msg` only. */
function attrsFailure(msg: string, path: string): ModuleResult {
  return { changed: false, failed: true, msg, path };
}

function hashError(dest: string, algorithm: string): string {
  return `Could not hash file '${dest}' with algorithm '${algorithm}'. Available algorithms: ${ALGORITHMS}`;
}

/** The request of `url` with the task's options. */
function request(args: GetUrlArgs, url: string, method: string, force: boolean): FetchRequest {
  return {
    url,
    method,
    headers: args.headers,
    unredirectedHeaders: args.unredirectedHeaders,
    username: args.username,
    password: args.password,
    forceBasicAuth: args.forceBasicAuth,
    httpAgent: args.httpAgent,
    force,
    followRedirects: "urllib2",
    useNetrc: args.useNetrc,
    decompress: args.decompress,
    transport: args.transport,
  };
}

/** `url_get`'s failures: no response, or a status other than 200. */
function urlGetFailure(
  fetched: FetchResult,
  url: string,
  dest: string,
  elapsed: number,
): ModuleResult | undefined {
  if (fetched.fatal !== undefined) return { failed: true, msg: fetched.fatal, ...fetched.info };
  if (fetched.status === -1) {
    return { changed: false, failed: true, msg: fetched.info.msg, url, dest, elapsed };
  }
  if (fetched.status !== 200) {
    return {
      changed: false,
      failed: true,
      msg: "Request failed",
      status_code: fetched.status,
      response: fetched.info.msg,
      url,
      dest,
      elapsed,
    };
  }
  return undefined;
}

async function probeDest(
  ctx: ModuleContext,
  args: GetUrlArgs,
  algorithm: string,
): Promise<DestProbe> {
  const d = shellQuote(args.dest);
  const tool = DIGEST_TOOLS[algorithm];
  const t = args.tmpDest === undefined ? "" : shellQuote(args.tmpDest);
  const out = await runLibraryScript(
    ctx,
    `if [ -d ${d} ]; then echo 'DIR'; elif [ -e ${d} ]; then
  echo 'EX'
  printf 'MT %s\\n' "$(stat -c %Y ${d} 2>/dev/null || date -r ${d} +%s)"
  ${tool === undefined ? ":" : `h=$(${tool} < ${d}) && printf 'DG %s\\n' "\${h%% *}"`}
fi
${
      t === ""
        ? ":"
        : `if [ -d ${t} ]; then echo 'TD dir'; elif [ -e ${t} ]; then echo 'TD file'; else echo 'TD absent'; fi`
    }
`,
  );
  const mtime = out.first("MT");
  return {
    isDir: out.first("DIR") !== undefined,
    exists: out.first("EX") !== undefined || out.first("DIR") !== undefined,
    mtime: mtime ? Number(mtime) : undefined,
    digest: out.first("DG"),
    tmpDest: out.first("TD") as DestProbe["tmpDest"],
  };
}
