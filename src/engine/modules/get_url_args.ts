/**
 * The arguments of `get_url`, read as Ansible's argument spec reads them
 * (`url` and `dest` required, `username`/`password` aliases, `timeout: 10`,
 * `force: false`), and its `checksum` text: `algorithm:hex`, or
 * `algorithm:URL` of a checksum file, whose lines are matched against the
 * URL's file name as Ansible matches them.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import type { ModuleArgsInput } from "./module.ts";
import {
  type HttpCommonArgs,
  readHttpCommon,
  REQUEST_PARAMS,
  requireFirst,
  urlParams,
} from "./http_args.ts";
import { splitUrl } from "./http_url.ts";

/** Arguments of `get_url`. */
export interface GetUrlArgs extends HttpCommonArgs {
  /** `dest`: a file, or a directory to put the download in. */
  readonly dest: string;
  /** `backup`. */
  readonly backup: boolean;
  /** `checksum` as given (`""`: none). */
  readonly checksum: string;
  /** `tmp_dest`: the directory to download into. */
  readonly tmpDest?: string;
}

const PARAMS = [
  ...urlParams(["username"], ["password"]),
  ...REQUEST_PARAMS,
  { name: "dest" },
  { name: "backup" },
  { name: "checksum" },
  { name: "tmp_dest" },
];

/**
 * Reads the task arguments of `get_url`.
 *
 * @example
 * ```ts
 * import { parseGetUrlArgs } from "./get_url_args.ts";
 * const args = parseGetUrlArgs({ url: "http://h/a.tgz", dest: "/tmp/", checksum: "sha256:ab12" });
 * args.transport.timeout; // 10
 * ```
 */
export function parseGetUrlArgs(input: ModuleArgsInput): GetUrlArgs {
  requireFirst("get_url", input, [["dest"], ["url"]]);
  const a = ArgReader.from("get_url", input, PARAMS);
  const missing = ["dest", "url"].filter((n) => !a.has(n));
  if (missing.length > 0) throw a.error(`missing required arguments: ${missing.join(", ")}`);
  return {
    ...readHttpCommon(a, 10),
    dest: a.requiredString("dest"),
    backup: a.bool("backup", false),
    checksum: a.string("checksum") ?? "",
    tmpDest: a.string("tmp_dest"),
  };
}

/** `checksum` split at its first `:`. */
export interface ChecksumSpec {
  /** `sha256`, … */
  readonly algorithm: string;
  /** The hex digest, or the URL of a checksum file. */
  readonly value: string;
  /** Whether `value` is a URL (`http`, `https`, `ftp` or `file` scheme). */
  readonly isUrl: boolean;
}

/**
 * Splits `checksum`; undefined when it has no `:` (Ansible: `The checksum
 * parameter has to be in format <algorithm>:<checksum>`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitChecksum } from "./get_url_args.ts";
 * assert.equal(splitChecksum("sha256:http://h/SUMS")?.isUrl, true);
 * ```
 */
export function splitChecksum(checksum: string): ChecksumSpec | undefined {
  const colon = checksum.indexOf(":");
  if (colon < 0) return undefined;
  const value = checksum.slice(colon + 1);
  return {
    algorithm: checksum.slice(0, colon),
    value,
    isUrl: ["http", "https", "ftp", "file"].includes(splitUrl(value).scheme),
  };
}

/**
 * Ansible's cleanup of a digest: non-word characters (a zero-width space,
 * `-`, …) removed, lowercased; undefined when what is left is not
 * hexadecimal (`The checksum format is invalid`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeDigest } from "./get_url_args.ts";
 * assert.equal(normalizeDigest("AB-12\u200b"), "ab12");
 * ```
 */
export function normalizeDigest(digest: string): string | undefined {
  const cleaned = digest.replace(/[^\p{L}\p{N}_]+/gu, "").toLowerCase();
  return /^[0-9a-f]+(_[0-9a-f]+)*$/.test(cleaned) ? cleaned : undefined;
}

/**
 * The digest a checksum file gives `filename`: a file of one word is that
 * digest; else the first `DIGEST NAME` line (`DIGEST *NAME`, `./NAME`)
 * whose name matches. Undefined when none does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { digestFromChecksumFile } from "./get_url_args.ts";
 * assert.equal(digestFromChecksumFile("ab  a.tgz\ncd *./b.tgz\n", "b.tgz"), "cd");
 * ```
 */
export function digestFromChecksumFile(text: string, filename: string): string | undefined {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const map: [string, string][] = [];
  if (lines.length === 1 && lines[0].split(/\s+/).filter((w) => w !== "").length === 1) {
    map.push([lines[0], filename]);
  } else {
    for (const line of lines) {
      const space = line.indexOf(" ");
      if (space < 0) continue;
      let name = line.slice(space + 1);
      if (name.startsWith(" ") || name.startsWith("*")) name = name.slice(1);
      map.push([line.slice(0, space), name.replace(/^[./]+/, "")]);
    }
  }
  return map.find(([, name]) => name === filename)?.[0];
}
