/**
 * git's pure parts: its arguments (Ansible's names, aliases, defaults and
 * messages), how a command is printed in a failure, how a HEAD file names
 * its branch, version comparisons and the gpg fingerprint reading.
 */
import assert from "node:assert/strict";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";
import { gitModule } from "../../../src/engine/modules/git.ts";
import { commandText, heuristicLogSanitize } from "../../../src/engine/modules/git_host.ts";
import { headSplitter } from "../../../src/engine/modules/git_refs.ts";
import { atLeast, gpgFingerprint } from "../../../src/engine/modules/git_update.ts";

const parse = (input: Record<string, unknown> | string) => gitModule.parseArgs(input);

Deno.test("git arguments: defaults, the name alias, free form", () => {
  const args = parse({ name: "https://example.org/app.git", dest: "/srv/app" });
  assert.equal(args.repo, "https://example.org/app.git");
  assert.equal(args.version, "HEAD");
  assert.equal(args.remote, "origin");
  assert.equal(args.force, false);
  assert.equal(args.clone, true);
  assert.equal(args.update, true);
  assert.equal(args.recursive, true);
  assert.equal(args.bare, false);
  assert.equal(args.depth, undefined);
  const free = parse("repo=/srv/repo.git dest=/srv/w depth=1 force=yes umask=0022 version=1.0");
  assert.equal(free.depth, 1);
  assert.equal(free.force, true);
  assert.equal(free.umask, "0022");
  assert.equal(free.version, "1.0");
  assert.deepEqual(parse({ repo: "r", gpg_whitelist: "A,B" }).gpgWhitelist, ["A", "B"]);
});

Deno.test("git arguments: Ansible's messages", () => {
  const fails = (input: Record<string, unknown>, message: string | RegExp) =>
    assert.throws(() => parse(input), (e: unknown) => {
      assert.ok(e instanceof ModuleArgsError);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    });
  fails({ dest: "/srv/w" }, "missing required arguments: repo");
  fails(
    { repo: "r", accept_hostkey: true, accept_newhostkey: true },
    "parameters are mutually exclusive: accept_hostkey|accept_newhostkey",
  );
  fails(
    { repo: "r", bare: false, separate_git_dir: "/srv/g" },
    "parameters are mutually exclusive: separate_git_dir|bare",
  );
  fails(
    { repo: "r", archive_prefix: "x/" },
    "missing parameter(s) required by 'archive_prefix': archive",
  );
  fails(
    { repo: "r", depth: "one" },
    /argument 'depth' is of type <class 'str'> and we were unable to convert to int/,
  );
  fails({ repo: "r", force: "sometimes" }, /unable to convert to bool/);
  fails(
    { repo: "r", foo: 1 },
    "Unsupported parameters for (git) module: foo. Supported parameters include: accept_hostkey, " +
      "accept_newhostkey, archive, archive_prefix, bare, clone, depth, dest, executable, force, " +
      "gpg_whitelist, key_file, recursive, reference, refspec, remote, repo, separate_git_dir, " +
      "single_branch, ssh_opts, track_submodules, umask, update, verify_commit, version (name).",
  );
});

Deno.test("git failures print commands as Ansible's _clean_args does", () => {
  assert.equal(
    commandText(["/usr/bin/git", "checkout", "--force", "nope"]),
    "/usr/bin/git checkout --force nope",
  );
  assert.equal(
    commandText(["/usr/bin/git", "log", "a b", "it's", ""]),
    `/usr/bin/git log 'a b' 'it'"'"'s' ''`,
  );
});

Deno.test("credentials in URLs are masked as Ansible's heuristic_log_sanitize masks them", () => {
  // Each expectation is what ansible-core 2.14's heuristic_log_sanitize returns.
  const cases: [string, string][] = [
    ["https://u:secret@example.org/r.git", "https://u:********@example.org/r.git"],
    ["ssh://git@example.org/r.git", "ssh:********@example.org/r.git"],
    ["git@github.com:a/b.git", "git@github.com:a/b.git"],
    ["no at here", "no at here"],
    ["a@b", "a@b"],
    ["x://u:p@h/a b c://v:q@w", "x://u:********@h/a b c://v:********@w"],
    ["fatal: 'ssh://lab-sudo@127.0.0.1/x' bad", "fatal:********@127.0.0.1/x' bad"],
  ];
  for (const [text, masked] of cases) assert.equal(heuristicLogSanitize(text), masked, text);
  assert.equal(
    commandText(["/usr/bin/git", "ls-remote", "ssh://lab-sudo@127.0.0.1/srv/repo.git"]),
    "/usr/bin/git ls-remote 'ssh:********@127.0.0.1/srv/repo.git'",
  );
});

Deno.test("HEAD files name their branch as Ansible's head_splitter reads them", () => {
  assert.equal(headSplitter("ref: refs/heads/main\n", "origin"), "main");
  assert.equal(headSplitter("ref: refs/heads/feature/x\n", "origin"), "feature/x");
  assert.equal(headSplitter("ref: refs/remotes/origin/dev\n", "origin"), "dev");
  assert.equal(headSplitter("ref: refs/remotes/upstream/main\n", "upstream"), "main");
  assert.equal(headSplitter("", "origin"), null);
});

Deno.test("git versions compare as LooseVersion; gpg's VALIDSIG names the key", () => {
  assert.equal(atLeast([2, 39, 5], [1, 9, 1]), true);
  assert.equal(atLeast([1, 9], [1, 9, 1]), false);
  assert.equal(atLeast([1, 9, 1], [1, 9, 1]), true);
  assert.equal(atLeast(null, [1, 0]), false);
  const status =
    "[GNUPG:] NEWSIG\n[GNUPG:] VALIDSIG FPR1 2024-01-01 1704067200 0 4 0 1 10 00 PRIMARY\n";
  assert.equal(gpgFingerprint(status), "FPR1");
  assert.equal(gpgFingerprint("[GNUPG:] BADSIG x\n"), undefined);
});
