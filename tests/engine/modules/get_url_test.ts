/**
 * `get_url` without a target: argument reading with Ansible's messages
 * and defaults, and its `checksum` handling (splitting, the digest
 * cleanup, checksum files). `get_url_interop_test.ts` compares downloads
 * with Ansible's on lab hosts; `uri_exchange_test.ts` runs one locally.
 */
import assert from "node:assert/strict";
import {
  digestFromChecksumFile,
  normalizeDigest,
  parseGetUrlArgs,
  splitChecksum,
} from "../../../src/engine/modules/get_url_args.ts";
import { DIGEST_TOOLS } from "../../../src/engine/modules/http_install.ts";

const message = (input: Record<string, unknown> | string) => {
  try {
    parseGetUrlArgs(input);
  } catch (error) {
    return (error as Error).message;
  }
  return "";
};

Deno.test("get_url: Ansible's defaults, aliases and argument messages", () => {
  const args = parseGetUrlArgs({ url: "http://h/a", dest: "/tmp/a" });
  assert.equal(args.transport.timeout, 10);
  assert.equal(args.force, false);
  assert.equal(args.backup, false);
  assert.equal(args.checksum, "");
  assert.equal(args.httpAgent, "ansible-httpget");
  assert.equal(args.transport.validateCerts, true);
  assert.equal(args.useNetrc, true);
  const aliased = parseGetUrlArgs("url=http://h/a dest=/tmp/a username=u password=p force=yes");
  assert.deepEqual([aliased.username, aliased.password, aliased.force], ["u", "p", true]);
  assert.deepEqual(parseGetUrlArgs({ url: "u", dest: "d", mode: "0640" }).mode, {
    kind: "octal",
    value: 0o640,
  });
  assert.equal(
    parseGetUrlArgs({ url: "u", dest: "d", ciphers: ["A", "B"] }).transport.ciphers,
    "A:B",
  );

  assert.equal(message({ foo: 1 }), "missing required arguments: dest, url");
  assert.equal(message({ url: "u" }), "missing required arguments: dest");
  assert.equal(
    message({ url: "u", dest: "d", foo: 1 }),
    "Unsupported parameters for (get_url) module: foo. Supported parameters include: " +
      "attributes, backup, checksum, ciphers, client_cert, client_key, decompress, dest, force, " +
      "force_basic_auth, group, headers, http_agent, mode, owner, selevel, serole, setype, " +
      "seuser, timeout, tmp_dest, unredirected_headers, unsafe_writes, url, url_password, " +
      "url_username, use_gssapi, use_netrc, use_proxy, validate_certs (attr, password, username).",
  );
  assert.match(message({ url: "u", dest: "d", attributes: "+i" }), /attributes is not supported/);
  assert.match(message({ url: "u", dest: "d", mode: "rwx" }), /mode must be in octal or symbolic/);
  assert.match(message({ url: "u", dest: "d", force: "maybe" }), /unable to convert to bool/);
});

Deno.test("get_url: checksum texts as Ansible splits and cleans them", () => {
  assert.deepEqual(splitChecksum("sha256:AB:CD"), {
    algorithm: "sha256",
    value: "AB:CD",
    isUrl: false,
  });
  assert.equal(splitChecksum("sha256:https://h/SUMS")?.isUrl, true);
  assert.equal(splitChecksum("sha256:file:///srv/SUMS")?.isUrl, true);
  assert.equal(splitChecksum("abcdef"), undefined);
  assert.equal(normalizeDigest("AB cd\u200b-01"), "abcd01");
  assert.equal(normalizeDigest("ab_cd"), "ab_cd", "int(x, 16) takes underscores");
  assert.equal(normalizeDigest("xyz"), undefined);
  assert.equal(normalizeDigest(""), undefined);
  assert.deepEqual(Object.keys(DIGEST_TOOLS), [
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
  ]);
});

Deno.test("get_url: a checksum file's line for the URL's file name", () => {
  const sums = "aa  a.tgz\nbb *./b.tgz\ncc  sub/c.tgz\ndd ./.hidden\n";
  assert.equal(digestFromChecksumFile(sums, "a.tgz"), "aa");
  assert.equal(digestFromChecksumFile(sums, "b.tgz"), "bb");
  assert.equal(digestFromChecksumFile(sums, "c.tgz"), undefined, "names are whole paths");
  assert.equal(digestFromChecksumFile(sums, "hidden"), "dd", "lstrip('./') strips dots too");
  assert.equal(digestFromChecksumFile("ee\r\n", "anything"), "ee", "one word: the digest");
  assert.equal(digestFromChecksumFile("ee ff\n", "anything"), undefined);
  assert.equal(digestFromChecksumFile("", "a"), undefined);
});
