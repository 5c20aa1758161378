/**
 * `uri`: one HTTP request from the target (curl there, see
 * `http_client.ts`), with Ansible's result: `status`, `msg` (`OK (N
 * bytes)`), `url`, `redirected`, `elapsed`, every response header as a
 * lowercased top-level key (`content_type`), `cookies`, `json` for a JSON
 * answer, `content` with `return_content`, and a failure `Status code was
 * 404 and not [200]: HTTP Error 404: Not Found` for any status outside
 * `status_code`. `dest` saves the body (always `changed`, as Ansible's);
 * `creates`/`removes` skip the request. Like Ansible's, it has no check
 * mode (the task is skipped).
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import type { ModuleResult } from "../types.ts";
import { parseUriArgs, type UriArgs } from "./uri_args.ts";
import { type FetchResult, fetchUrl, readRemoteBody, removeTempDir } from "./http_fetch.ts";
import { headerParam, headerValue, parseContentType } from "./http_response.ts";
import { absoluteLocation, pathBasename, splitUrl } from "./http_url.ts";
import { maskSecret } from "./http_no_log.ts";
import { applyAttrs, installBody, pathFacts } from "./http_install.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { ControllerFileError, readControllerFile } from "./controller_files.ts";

/** Bodies up to this size come back with the request's own exec. */
const INLINE_LIMIT = 4 * 1024 * 1024;

const JSON_CANDIDATES = new Set(["json", "javascript"]);

/** Result keys `uri` never renames when it masks `url_password` in keys. */
const NO_MODIFY_KEYS = new Set([
  "msg",
  "exception",
  "warnings",
  "deprecations",
  "failed",
  "skipped",
  "changed",
  "rc",
  "stdout",
  "stderr",
  "elapsed",
  "path",
  "location",
  "content_type",
]);

/**
 * The `uri` module.
 *
 * @example
 * ```ts
 * const health = await play.task("uri", {
 *   url: "http://127.0.0.1:8080/health",
 *   return_content: true,
 *   status_code: [200, 204],
 * });
 * ```
 */
export const uriModule: ModuleDefinition<UriArgs> = {
  name: "uri",
  fqcn: "ansible.builtin.uri",
  supportsCheckMode: false,
  targetPaths: [
    "dest",
    "creates",
    "removes",
    "transport.clientCert",
    "transport.clientKey",
    "transport.caPath",
    "transport.unixSocket",
  ],
  parseArgs: parseUriArgs,
  async run(ctx, args) {
    const result = await runUri(ctx, args);
    return maskSecret(result, args.password, true, NO_MODIFY_KEYS);
  },
};

async function runUri(ctx: ModuleContext, args: UriArgs): Promise<ModuleResult> {
  const probe = await probePaths(ctx, args);
  if (probe.creates) {
    const stdout = `skipped, since '${args.creates}' exists`;
    return { changed: false, stdout, stdout_lines: [stdout] };
  }
  if (probe.removesMissing) {
    const stdout = `skipped, since '${args.removes}' does not exist`;
    return { changed: false, stdout, stdout_lines: [stdout] };
  }
  let body = args.body;
  if (args.src !== undefined) {
    const data = await readSource(ctx, args);
    if (typeof data === "string") return { failed: true, msg: data, elapsed: 0, changed: false };
    body = data;
  }
  const start = Date.now();
  const fetched = await fetchUrl(ctx, {
    url: args.url,
    method: args.method,
    body,
    headers: args.headers,
    unredirectedHeaders: args.unredirectedHeaders,
    username: args.username,
    password: args.password,
    forceBasicAuth: args.forceBasicAuth,
    httpAgent: args.httpAgent,
    force: args.force,
    lastModified: probe.destMtime,
    followRedirects: args.followRedirects,
    useNetrc: args.useNetrc,
    decompress: args.decompress,
    transport: args.transport,
  }, { output: "body", inlineLimit: INLINE_LIMIT });
  try {
    if (fetched.fatal !== undefined) {
      return { failed: true, msg: fetched.fatal, ...fetched.info };
    }
    return await uriResult(ctx, args, fetched, probe.destIsDir, Date.now() - start);
  } finally {
    await removeTempDir(ctx, fetched.tempDir);
  }
}

async function uriResult(
  ctx: ModuleContext,
  args: UriArgs,
  fetched: FetchResult,
  destIsDir: boolean,
  elapsedMs: number,
): Promise<ModuleResult> {
  const r = fetched.response;
  let dest = args.dest;
  if (r && dest !== undefined && destIsDir) {
    dest = `${dest.replace(/\/+$/, "")}/${responseFilename(r.url, r.head.headers) ?? "index.html"}`;
  }
  const type = r
    ? parseContentType(headerValue(r.head.headers, "content-type"))
    : { type: "application/octet-stream", subType: "octet-stream", charset: "utf-8" };
  const plus = type.subType.indexOf("+");
  const maybeJson = JSON_CANDIDATES.has(
    (plus >= 0 ? type.subType.slice(plus + 1) : type.subType).toLowerCase(),
  );
  const maybeOutput = maybeJson || args.returnContent || !args.statusCode.includes(fetched.status);
  let content: Uint8Array | undefined;
  if (maybeOutput) {
    content = r ? r.body ?? await readRemoteBody(ctx, r.bodyPath) : new Uint8Array();
  }
  const resp: Record<string, unknown> = { redirected: fetched.info.url !== args.url };
  Object.assign(resp, fetched.info);
  if (r?.httpError && !maybeOutput) {
    resp.body = decode(r.body ?? await readRemoteBody(ctx, r.bodyPath), "utf-8");
  }
  resp.elapsed = Math.floor(elapsedMs / 1000);
  resp.status = fetched.status;
  resp.changed = false;
  if (r && dest !== undefined) {
    if (args.statusCode.includes(fetched.status) && fetched.status !== 304) {
      const failure = await writeDest(ctx, args, r.bodyPath, dest);
      if (failure?.attrs === false) {
        return { ...resp, failed: true, msg: `${failure.msg} ${resp.msg ?? ""}`.trim() };
      }
      if (failure) {
        // set_fs_attributes_if_different fails with `path` and `msg` only.
        const msg = failure.msg;
        return { changed: false, failed: true, msg, path: dest, ...await pathFacts(ctx, dest) };
      }
      resp.changed = true;
    }
    resp.path = dest;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resp)) {
    out[key.replaceAll("-", "_").toLowerCase()] = value;
  }
  if (typeof out.location === "string") out.location = absoluteLocation(args.url, out.location);
  let text: string | undefined;
  if (content !== undefined) {
    text = decode(content, type.charset);
    if (maybeJson) {
      try {
        out.json = JSON.parse(text);
      } catch {
        // not JSON after all: no `json` key, as in Ansible
      }
    }
  }
  if (!args.statusCode.includes(fetched.status)) {
    out.msg = `Status code was ${fetched.status} and not [${args.statusCode.join(", ")}]: ${
      out.msg ?? ""
    }`;
    out.failed = true;
    if (args.returnContent) out.content = text;
  } else if (args.returnContent) {
    out.content = text;
  }
  if (typeof out.path === "string") Object.assign(out, await pathFacts(ctx, out.path));
  return out;
}

/** `get_response_filename`: the `filename` of `Content-Disposition`, else the URL's last segment. */
function responseFilename(
  url: string,
  headers: readonly (readonly [string, string])[],
): string | undefined {
  const disposition = headerValue(headers, "content-disposition");
  const param = disposition === undefined ? undefined : headerParam(disposition, "filename");
  if (param) return param;
  const name = pathBasename(splitUrl(url).path.replace(/\/+$/, ""));
  if (!name) return undefined;
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function decode(data: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(data);
  } catch {
    return new TextDecoder().decode(data);
  }
}

/** `creates`, `removes`, and whether `dest` is a directory or a file (its mtime). */
async function probePaths(
  ctx: ModuleContext,
  args: UriArgs,
): Promise<{ creates: boolean; removesMissing: boolean; destIsDir: boolean; destMtime?: number }> {
  if (args.creates === undefined && args.removes === undefined && args.dest === undefined) {
    return { creates: false, removesMissing: false, destIsDir: false };
  }
  const q = shellQuote;
  const lines: string[] = [];
  if (args.creates !== undefined) lines.push(`[ ! -e ${q(args.creates)} ] || echo 'C'`);
  if (args.removes !== undefined) lines.push(`[ -e ${q(args.removes)} ] || echo 'R'`);
  if (args.dest !== undefined) {
    const d = q(args.dest);
    lines.push(
      `if [ -d ${d} ]; then echo 'DD'; elif [ -f ${d} ]; then ` +
        `printf 'DM %s\\n' "$(stat -c %Y ${d} 2>/dev/null || date -r ${d} +%s)"; fi`,
    );
  }
  const out = await runLibraryScript(ctx, lines.join("\n") + "\n");
  const mtime = out.first("DM");
  return {
    creates: out.first("C") !== undefined,
    removesMissing: out.first("R") !== undefined,
    destIsDir: out.first("DD") !== undefined,
    destMtime: mtime !== undefined && mtime !== "" ? Number(mtime) : undefined,
  };
}

/** The body from `src`: the controller's file, or the target's with `remote_src`. */
async function readSource(ctx: ModuleContext, args: UriArgs): Promise<Uint8Array | string> {
  const src = args.src!;
  if (!args.remoteSrc) {
    try {
      return (await readControllerFile(ctx.controller, src)).data;
    } catch (error) {
      if (error instanceof ControllerFileError) return error.message;
      throw error;
    }
  }
  const out = await runLibraryScript(
    ctx,
    `if [ -f ${shellQuote(src)} ] && [ -r ${shellQuote(src)} ]; then _tdata ${
      shellQuote(src)
    }; else echo 'E'; fi\n`,
  );
  if (out.data === undefined) return `Unable to open source file ${src}`;
  return out.data;
}

/** Ansible's `write_file`, then `mode`/`owner`/`group`; what failed, if anything. */
async function writeDest(
  ctx: ModuleContext,
  args: UriArgs,
  source: string,
  dest: string,
): Promise<{ msg: string; attrs: boolean } | undefined> {
  const installed = await installBody(ctx, { source, dest, backup: false, check: false });
  if (installed.error !== undefined) return { msg: installed.error, attrs: false };
  const attrs = await applyAttrs(ctx, dest, args, installed.stat, installed.umask);
  return attrs.error === undefined ? undefined : { msg: attrs.error, attrs: true };
}
