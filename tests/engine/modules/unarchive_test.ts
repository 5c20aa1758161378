/**
 * unarchive's pure parts: its arguments (Ansible's names, defaults and
 * messages), the tar command lines and how their output is read, the zip
 * comparison (Ansible's itemized diff lines, as measured on a lab host with
 * `ansible -m unarchive`), and the attribute plan over the unpacked paths.
 */
import assert from "node:assert/strict";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import { unarchiveModule } from "../../../src/engine/modules/unarchive.ts";
import { parseUnarchiveArgs } from "../../../src/engine/modules/unarchive_args.ts";
import {
  escapeDecode,
  TAR_HANDLERS,
  tarArguments,
  tarFiles,
  tarUnarchived,
} from "../../../src/engine/modules/unarchive_tar.ts";
import {
  UnarchiveError,
  unzipArguments,
  zipCrcs,
  zipDecision,
  zipEntries,
  zipFiles,
  type ZipTargetFacts,
} from "../../../src/engine/modules/unarchive_zip.ts";
import { attrPaths, planUnarchiveAttrs } from "../../../src/engine/modules/unarchive_attrs.ts";
import { shellWords } from "../../../src/engine/modules/unarchive_sh.ts";
import type { RemoteStat } from "../../../src/engine/modules/remote_stat.ts";

const parse = (input: Record<string, unknown> | string) => unarchiveModule.parseArgs(input);

Deno.test("unarchive arguments: defaults, lists, copy and remote_src", () => {
  const args = parse({ src: "app.tgz", dest: "/srv" });
  assert.equal(args.remoteSrc, false);
  assert.equal(args.listFiles, false);
  assert.equal(args.keepNewer, false);
  assert.deepEqual(args.exclude, []);
  assert.equal(args.validateCerts, true);
  assert.equal(parse({ src: "a", dest: "/srv", copy: false }).remoteSrc, true);
  assert.equal(parse({ src: "a", dest: "/srv", copy: "yes" }).remoteSrc, false);
  assert.equal(parse("src=a dest=/srv remote_src=yes").remoteSrc, true);
  assert.deepEqual(parse({ src: "a", dest: "/s", include: "x/*,y" }).include, ["x/*", "y"]);
  assert.deepEqual(
    parse({ src: "a", dest: "/s", extra_opts: ["--strip-components=1"] }).extraOpts,
    [
      "--strip-components=1",
    ],
  );
  assert.deepEqual(parse({ src: "a", dest: "/s", mode: "0700" }).mode, {
    kind: "octal",
    value: 0o700,
  });
});

Deno.test("unarchive arguments: Ansible's messages", () => {
  const fails = (input: Record<string, unknown>, message: string | RegExp) =>
    assert.throws(() => parseUnarchiveArgs(input), (e: unknown) => {
      assert.ok(e instanceof ModuleArgsError);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  fails({ src: "a" }, "src (or content) and dest are required");
  fails({ dest: "/srv" }, "src (or content) and dest are required");
  fails(
    { src: "a", dest: "/s", copy: false, remote_src: true },
    "parameters are mutually exclusive: ('copy', 'remote_src')",
  );
  fails(
    { src: "a", dest: "/s", include: ["a"], exclude: ["b"] },
    "parameters are mutually exclusive: include|exclude",
  );
  fails(
    { src: "a", dest: "/s", foo: 1 },
    /^Unsupported parameters for \(unarchive\) module: foo\./,
  );
  fails(
    { src: "a", dest: "/s", seuser: "x" },
    /seuser is not supported by tachyon's unarchive yet/,
  );
  fails({ src: "a", dest: "/s", attr: "+i" }, /attributes is not supported/);
  fails({ src: "a", dest: "/s", mode: "abc" }, /bad symbolic permission for mode: abc/);
  fails({ src: "a", dest: "/s", list_files: "maybe" }, /unable to convert to bool/);
});

Deno.test("tar command lines: Ansible's words and order", () => {
  const args = parse({
    src: "a.tgz",
    dest: "/srv",
    extra_opts: ["--strip-components=1"],
    owner: "web app",
    group: "www",
    keep_newer: true,
    exclude: ["docs/", "*.md"],
  });
  assert.deepEqual(tarArguments("diff", TAR_HANDLERS[0], args, "/srv", "/tmp/s"), [
    "--diff",
    "-C",
    "/srv",
    "-z",
    "--show-transformed-names",
    "--strip-components=1",
    "--owner='web app'",
    "--group=www",
    "--keep-newer-files",
    "--exclude=docs",
    "--exclude=*.md",
    "-f",
    "/tmp/s",
  ]);
  assert.deepEqual(
    tarArguments(
      "list",
      TAR_HANDLERS[1],
      parse({ src: "a", dest: "/s", include: ["app/sub"] }),
      "/s",
      "/x",
    ),
    ["--list", "-C", "/s", "-f", "/x", "app/sub"],
  );
  assert.deepEqual(TAR_HANDLERS.map((h) => h.name), [
    "TgzArchive",
    "TarArchive",
    "TarBzipArchive",
    "TarXzArchive",
    "TarZstdArchive",
  ]);
  assert.equal(shellWords(["--exclude=*.md", { sh: '"$s"' }]), `'--exclude=*.md' "$s"`);
});

Deno.test("tar listings: escapes decoded, leading / dropped, excludes matched like fnmatch", () => {
  assert.equal(escapeDecode("caf\\303\\251"), "café");
  assert.equal(escapeDecode("a\\\\b\\nc"), "a\\b\nc");
  assert.equal(escapeDecode("keep\\q"), "keep\\q");
  assert.equal(escapeDecode("\\x41"), "A");
  assert.deepEqual(
    tarFiles("app/\n/abs/x\napp/sub/\napp/sub/b.txt\napp/a.txt\n", ["app/sub/", "*.txt"]),
    // Ansible strips the slash, so `app/sub/` itself stays (tar's own --exclude drops it).
    ["app/", "abs/x", "app/sub/"],
  );
  assert.deepEqual(tarFiles("\nlink\n", []), ["", "link"]);
});

Deno.test("tar --diff: which differences mean the archive must be unpacked", () => {
  const plain = parse({ src: "a", dest: "/s" });
  const attrs = parse({ src: "a", dest: "/s", mode: "0700", owner: "x", group: "y" });
  assert.equal(tarUnarchived("", "", 0, plain), true);
  assert.equal(tarUnarchived("app: Mode differs\n", "", 0, plain), false);
  assert.equal(tarUnarchived("app: Mode differs\n", "", 0, attrs), true);
  assert.equal(tarUnarchived("app: Uid differs\napp: Gid differs\n", "", 0, attrs), true);
  assert.equal(tarUnarchived("app: Uid differs\n", "", 0, plain), false);
  assert.equal(tarUnarchived("app: Uid differs\n", "", 1000, plain), true);
  assert.equal(
    tarUnarchived("", "tar: a: Warning: Cannot stat: No such file or directory\n", 0, plain),
    false,
  );
  // Measured: a missing symlink is reported as "Cannot readlink", which Ansible does not count.
  assert.equal(
    tarUnarchived("", "tar: a: Warning: Cannot readlink: No such file or directory\n", 0, plain),
    true,
  );
  assert.equal(
    tarUnarchived("", "tar: : : Warning: Cannot stat: No such file or directory\n", 0, plain),
    true,
  );
  assert.equal(tarUnarchived("a: Mod time differs\n", "", 0, attrs), false);
  assert.equal(tarUnarchived("a: Size differs\na: Contents differ\n", "", 0, plain), true);
});

const ZIPINFO = `Archive:  /tmp/x/source
Zip file size: 510 bytes, number of entries: 5
drwxr-xr-x  2.0 unx        0 b- stor 20230102.030404 app/
-rw-r--r--  2.0 unx        6 b- defN 20230102.030404 app/a.txt
-rw-r--r--  2.0 unx        6 b- defN 20230102.030404 app/link
drwxr-xr-x  2.0 unx        0 b- stor 20230102.030404 app/sub/
-rw-r-----  2.0 unx        6 b- defN 20230102.030404 app/sub/b.txt
5 files, 18 bytes uncompressed, 24 bytes compressed:  -33.3%
`;

const VERBOSE = `Archive:  /tmp/x/source
 Length   Method    Size  Cmpr    Date    Time   CRC-32   Name
--------  ------  ------- ---- ---------- ----- --------  ----
       0  Stored        0   0% 2023-01-02 03:04 00000000  app/
       6  Defl:N        8 -33% 2023-01-02 03:04 363a3020  app/a.txt
       6  Defl:N        8 -33% 2023-01-02 03:04 363a3020  app/link
       0  Stored        0   0% 2023-01-02 03:04 00000000  app/sub/
       6  Defl:N        8 -33% 2023-01-02 03:04 dd3861a8  app/sub/b.txt
--------          -------  ---                            -------
      18               24 -33%                            5 files
`;

const TIME = 1672628644;

function stat(type: RemoteStat["type"], mode: number, extra: Partial<RemoteStat> = {}): RemoteStat {
  return {
    type,
    mode,
    uid: 0,
    gid: 0,
    owner: "root",
    group: "root",
    size: type === "file" ? 6 : 4096,
    nlink: 1,
    inode: 1,
    dev: 1,
    blocks: 8,
    blockSize: 4096,
    atime: TIME,
    mtime: TIME,
    ctime: TIME,
    rdev: 0,
    ...extra,
  };
}

function facts(
  stats: Record<string, RemoteStat | null>,
  crcs: Record<string, number> = {},
): ZipTargetFacts {
  const root = { name: "root", id: 0 };
  return {
    stats: new Map(Object.entries(stats)),
    crcs: new Map(
      Object.entries({
        "app/a.txt": 0x363a3020,
        "app/link": 0x363a3020,
        "app/sub/b.txt": 0xdd3861a8,
        ...crcs,
      }),
    ),
    times: new Map([["20230102.030404", TIME]]),
    archiveCrcs: zipCrcs(VERBOSE),
    runUser: root,
    runGroup: root,
    groups: [0],
    umask: 0o022,
    futureOwner: root,
    futureGroup: root,
  };
}

const UNPACKED = {
  "app/": stat("directory", 0o755),
  "app/a.txt": stat("file", 0o644),
  "app/link": stat("file", 0o644),
  "app/sub/": stat("directory", 0o755),
  "app/sub/b.txt": stat("file", 0o640),
};

Deno.test("zipinfo and unzip -v listings are read as Ansible reads them", () => {
  const entries = zipEntries(ZIPINFO);
  assert.deepEqual(entries.map((e) => e.path), [
    "app/",
    "app/a.txt",
    "app/link",
    "app/sub/",
    "app/sub/b.txt",
  ]);
  assert.deepEqual(entries[4], {
    ztype: "-",
    permstr: "rw-r-----",
    size: 6,
    timestamp: "20230102.030404",
    path: "app/sub/b.txt",
  });
  assert.equal(
    zipEntries("lrwxrwxrwx  3.0 unx        5 bx stor 20230102.030404 a b  \n")[0].path,
    "a b  ",
  );
  assert.equal(zipCrcs(VERBOSE).get("app/sub/b.txt"), 0xdd3861a8);
  assert.deepEqual(zipFiles(["app/", "app/a.txt", "app/sub/b.txt"], ["app/sub/*", "*.txt"], []), [
    "app/a.txt",
    "app/sub/b.txt",
    "app/sub/b.txt",
  ]);
  assert.deepEqual(zipFiles(["app/", "app/link"], [], ["app/link"]), ["app/"]);
  assert.deepEqual(unzipArguments(["-j"], ["a"], ["b"], "/s", "/d"), [
    "-o",
    "-j",
    "/s",
    "-x",
    "a",
    "b",
    "-d",
    "/d",
  ]);
});

Deno.test("zip comparison: a fresh dest, an unpacked one, then one changed (lab-measured lines)", () => {
  const args = parse({ src: "a.zip", dest: "/srv" });
  const entries = zipEntries(ZIPINFO);
  const fresh = zipDecision(entries, facts({}), args, true);
  assert.equal(fresh.unarchived, false);
  assert.equal(
    fresh.diff,
    ">d++++++.?? app/\n>f++++++.?? app/a.txt\n>f++++++.?? app/link\n>d++++++.?? app/sub/\n>f++++++.?? app/sub/b.txt\n",
  );
  const same = zipDecision(entries, facts(UNPACKED), args, true);
  assert.deepEqual(same, { unarchived: true, diff: "", exclude: [] });
  assert.equal(zipDecision(entries, facts(UNPACKED), args, false).unarchived, false);
  const changed = zipDecision(
    entries,
    facts({
      ...UNPACKED,
      "app/link": stat("directory", 0o755),
      "app/sub/": stat("directory", 0o755, { uid: 1000, owner: "lab-sudo" }),
      "app/sub/b.txt": stat("file", 0o600),
    }, { "app/a.txt": 0x12345678 }),
    args,
    true,
  );
  assert.equal(
    changed.diff,
    ".fc......?? app/a.txt\ncf++++++.?? app/link\n.d....o..?? app/sub/\n.f...p...?? app/sub/b.txt\n",
  );
});

Deno.test("zip comparison: keep_newer, mode, owner and the errors Ansible raises", () => {
  const entries = zipEntries(ZIPINFO);
  const newer = zipDecision(
    entries,
    facts({
      ...UNPACKED,
      "app/a.txt": stat("file", 0o644, { mtime: TIME + 100, size: 8 }),
      "app/sub/b.txt": stat("file", 0o640, { mtime: TIME - 100, size: 8 }),
    }, { "app/a.txt": 1, "app/sub/b.txt": 2 }),
    parse({ src: "a.zip", dest: "/srv", keep_newer: true }),
    true,
  );
  assert.deepEqual(newer.exclude, ["app/a.txt"]);
  assert.equal(newer.diff, ".fcst....?? app/sub/b.txt\n");
  const moded = zipDecision(
    entries,
    facts({ ...UNPACKED, "app/a.txt": stat("file", 0o700), "app/sub/b.txt": stat("file", 0o700) }),
    parse({ src: "a.zip", dest: "/srv", mode: "u=rwx,g=,o=" }),
    true,
  );
  assert.equal(moded.diff, ".d...p...?? app/\n.f...p...?? app/link\n.d...p...?? app/sub/\n");
  const other = { name: "web", id: 33 };
  assert.throws(
    () =>
      zipDecision(
        entries,
        { ...facts(UNPACKED), runUser: other, runGroup: other, groups: [33] },
        parse({
          src: "a.zip",
          dest: "/srv",
          owner: "root",
        }),
        true,
      ),
    UnarchiveError,
  );
  assert.throws(
    () =>
      zipDecision(
        zipEntries("-rwxrwxrwa  2.0 unx 6 b- defN 20230102.030404 a\n"),
        facts({ a: null }),
        parse({ src: "a", dest: "/s" }),
        true,
      ),
    /ZIP info perm format incorrect, rwxrwxrwa/,
  );
});

Deno.test("attributes over the unpacked paths: lchown, no chmod of symlinks, Ansible's failures", () => {
  assert.deepEqual(attrPaths("/srv", ["app/", "app/a", "top", "", "other/x"]), [
    "/srv/app/",
    "/srv/app/a",
    "/srv/top",
    "/srv/",
    "/srv/other/x",
    "/srv/app",
    "/srv/other",
  ]);
  const paths = [
    { path: "/srv/app/", stat: stat("directory", 0o755) },
    { path: "/srv/app/link", stat: stat("link", 0o777) },
    { path: "/srv/app/a", stat: stat("file", 0o700, { uid: 1000 }) },
  ];
  const plan = planUnarchiveAttrs(paths, {
    mode: { kind: "octal", value: 0o700 },
    owner: "web",
    uid: 1000,
    umask: 0o022,
  });
  assert.equal(plan.changed, true);
  assert.deepEqual(
    plan.commands.map((c) =>
      /(chown|chgrp|chmod)(?: -h)? (\S+) -- (\S+)/.exec(c)!.slice(1).join(" ")
    ),
    [
      "chown 1000 /srv/app/",
      "chmod 00700 /srv/app/",
      "chown 1000 /srv/app/link",
    ],
  );
  assert.deepEqual(planUnarchiveAttrs(paths, { umask: 0o022 }), { commands: [], changed: false });
  assert.deepEqual(
    planUnarchiveAttrs(paths, { owner: "nobodyx", uid: null, umask: 0o022 }).failure,
    {
      msg: "chown failed: failed to look up user nobodyx",
      path: "/srv/app/",
    },
  );
  assert.match(
    planUnarchiveAttrs([{ path: "/srv/gone", stat: null }], { group: "x", gid: 5, umask: 0 })
      .failure!.msg,
    /^Unexpected error when accessing exploded file: \[Errno 2\] No such file or directory: b'\/srv\/gone'$/,
  );
});
