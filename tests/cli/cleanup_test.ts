import assert from "node:assert/strict";

import { ROOT, tachyonCommand } from "../_support/worker_process.ts";

const WARNING = "Permissions in the config file is an experimental feature";
const PODMAN = "/usr/bin/podman";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const decoder = new TextDecoder();

/** Runs the real entrypoint like the compiled binary: `deno run -P main.ts worker cleanup …`. */
async function cleanup(args: string[]): Promise<Run> {
  const out = await tachyonCommand(["worker", "cleanup", ...args], { cwd: ROOT }, "null").output();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}

/** stderr without Deno's one "permissions in the config file" warning line. */
function extraStderr(stderr: string): string {
  return stderr.split("\n").filter((line) => !line.includes(WARNING)).join("\n");
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ dir: "/tmp", prefix: "tachyon_cleanup_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Makes a dir (with `files` inside) whose mtime is `ageMinutes` old. */
async function makeDir(
  path: string,
  ageMinutes = 0,
  files: Record<string, string> = {},
): Promise<void> {
  await Deno.mkdir(path, { recursive: true });
  for (const [name, text] of Object.entries({ inventory: "localhost\n", ...files })) {
    await Deno.writeTextFile(`${path}/${name}`, text);
  }
  const when = new Date(Date.now() - ageMinutes * 60_000);
  await Deno.utime(path, when, when);
}

Deno.test("worker cleanup: AWX's argv, space-joined excludes, files kept, changed True then False", async () => {
  await withTempDir(async (tmp) => {
    for (const name of ["awx_12_aaa", "awx_13_bbb", "awx_14_ccc", "awx_15_ddd"]) {
      await makeDir(`${tmp}/${name}`);
    }
    await Deno.writeTextFile(`${tmp}/awx_16_file`, "not a dir");
    await makeDir(`${tmp}/.awx_17_hidden`); // `*` does not match hidden names
    await makeDir(`${tmp}/other_18_x`);
    const pattern = `${tmp}/awx_*_*`;
    // What receptor's shlex split makes of `--exclude-strings="awx_12_ awx_13_"`.
    const argv = [
      "--exclude-strings=awx_12_ awx_13_",
      `--file-pattern=${pattern}`,
      "--grace-period=0",
    ];
    const run = await cleanup(argv);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(extraStderr(run.stderr), "");
    assert.equal(
      run.stdout,
      `Removed 2 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
    );
    assert.deepEqual(
      await Promise.all(
        ["awx_12_aaa", "awx_13_bbb", "awx_14_ccc", "awx_15_ddd", "awx_16_file"].map((n) =>
          exists(`${tmp}/${n}`)
        ),
      ),
      [true, true, false, false, true],
    );
    assert.ok(await exists(`${tmp}/.awx_17_hidden`));
    assert.ok(await exists(`${tmp}/other_18_x`));

    const again = await cleanup(argv);
    assert.equal(again.code, 0);
    assert.equal(again.stdout, "(changed: False)\n");
  });
});

Deno.test("worker cleanup: grace period in minutes keeps new dirs (default 60)", async () => {
  await withTempDir(async (tmp) => {
    await makeDir(`${tmp}/awx_1_new`, 0);
    await makeDir(`${tmp}/awx_2_old`, 120);
    await makeDir(`${tmp}/awx_3_middle`, 30);
    const pattern = `${tmp}/awx_*`;
    const byDefault = await cleanup([`--file-pattern=${pattern}`]);
    assert.equal(byDefault.code, 0, byDefault.stderr);
    assert.equal(
      byDefault.stdout,
      `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
    );
    assert.ok(await exists(`${tmp}/awx_1_new`));
    assert.ok(!(await exists(`${tmp}/awx_2_old`)));
    assert.ok(await exists(`${tmp}/awx_3_middle`));

    const shorter = await cleanup(["--file-pattern", pattern, "--grace-period", "20"]);
    assert.equal(
      shorter.stdout,
      `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
    );
    assert.ok(await exists(`${tmp}/awx_1_new`));
    assert.ok(!(await exists(`${tmp}/awx_3_middle`)));
  });
});

Deno.test("worker cleanup: a live pid keeps the dir, a stale pid does not", async () => {
  await withTempDir(async (tmp) => {
    const sleeper = new Deno.Command("sleep", { args: ["60"], stdin: "null" }).spawn();
    try {
      const finished = new Deno.Command("true").spawn();
      await finished.status;
      await makeDir(`${tmp}/awx_1_live`, 120, { pid: `${sleeper.pid}\n` });
      await makeDir(`${tmp}/awx_2_stale`, 120, { pid: `${finished.pid}\n` });
      await makeDir(`${tmp}/awx_3_garbage`, 120, { pid: "not a pid\n" });
      const pattern = `${tmp}/awx_*`;
      const run = await cleanup([`--file-pattern=${pattern}`]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(extraStderr(run.stderr), "");
      assert.equal(
        run.stdout,
        `Excluding running project ${tmp}/awx_1_live from cleanup\n` +
          `Removed 2 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
      );
      assert.ok(await exists(`${tmp}/awx_1_live/pid`));
      assert.ok(!(await exists(`${tmp}/awx_2_stale`)));
      assert.ok(!(await exists(`${tmp}/awx_3_garbage`)));
    } finally {
      sleeper.kill("SIGKILL");
      await sleeper.status;
    }
  });
});

Deno.test("worker cleanup: removes the job's registry auth dirs, never follows symlinks", async () => {
  await withTempDir(async (tmp) => {
    const ident = `tachyontest${crypto.randomUUID().slice(0, 8)}`;
    const authDir = `/tmp/ansible_runner_registry_${ident}_x1y2`;
    const decoy = `/tmp/ansible_runner_registry_${ident}0_keep`;
    try {
      await makeDir(`${tmp}/awx_5_job/artifacts/${ident}`);
      await Deno.utime(`${tmp}/awx_5_job`, 0, 0);
      await makeDir(authDir);
      await makeDir(decoy);
      await makeDir(`${tmp}/target`);
      await Deno.symlink(`${tmp}/target`, `${tmp}/awx_6_link`);
      const pattern = `${tmp}/awx_*_*`;
      const run = await cleanup([`--file-pattern=${pattern}`, "--grace-period=0"]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        `Removed associated registry auth dir ${authDir}\n` +
          `Removed 1 private data dir(s) in pattern ${pattern}\n(changed: True)\n`,
      );
      assert.ok(!(await exists(authDir)));
      assert.ok(await exists(decoy));
      assert.ok(!(await exists(`${tmp}/awx_5_job`)));
      assert.ok(await exists(`${tmp}/awx_6_link`));
      assert.ok(await exists(`${tmp}/target/inventory`));
      // A trailing slash must not turn the symlink into its target either.
      const slash = await cleanup([`--file-pattern=${tmp}/awx_*_*/`, "--grace-period=0"]);
      assert.equal(slash.stdout, "(changed: False)\n");
      assert.ok(await exists(`${tmp}/target/inventory`));
    } finally {
      await Deno.remove(authDir, { recursive: true }).catch(() => {});
      await Deno.remove(decoy, { recursive: true });
    }
  });
});

Deno.test("worker cleanup: refuses system paths with the reference's message and exit 1", async () => {
  const reference = async (pattern: string) => {
    const out = await new Deno.Command("/usr/bin/ansible-runner", {
      args: ["worker", "cleanup", `--file-pattern=${pattern}`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stderr: decoder.decode(out.stderr),
      stdout: decoder.decode(out.stdout),
    };
  };
  for (const pattern of ["/", "/hom*"]) {
    const ours = await cleanup([`--file-pattern=${pattern}`]);
    const ref = await reference(pattern);
    assert.equal(ref.code, 1);
    assert.equal(ours.code, 1);
    assert.equal(ours.stdout, "");
    assert.equal(extraStderr(ours.stderr), ref.stderr);
    assert.match(ours.stderr, /Provided pattern could result in deleting system folders:\n/);
  }
  await withTempDir(async (tmp) => {
    await makeDir(`${tmp}/awx_1_x`, 120);
    await Deno.symlink("/etc", `${tmp}/awx_2_etc`);
    for (const pattern of [`${tmp}/awx_*`, "/tm?/", `${tmp}/awx_1_x/../..`]) {
      const run = await cleanup([`--file-pattern=${pattern}`, "--grace-period=0"]);
      assert.equal(run.code, 1, pattern);
      assert.equal(run.stdout, "");
      assert.match(extraStderr(run.stderr), /^Provided pattern could result in deleting system/);
      assert.match(run.stderr, /Refusing to continue for user system safety\.\n$/);
    }
    const symlink = await cleanup([`--file-pattern=${tmp}/awx_*`]);
    assert.match(symlink.stderr, new RegExp(`\n${tmp}/awx_2_etc\n`));
    assert.ok(await exists(`${tmp}/awx_1_x/inventory`)); // nothing was deleted
  });
});

Deno.test("worker cleanup: usage", async () => {
  const help = await cleanup(["-h"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: ansible-runner worker cleanup \[-h\] \[--file-pattern/);
  const nothing = await cleanup([]);
  assert.equal(nothing.code, 0);
  assert.equal(nothing.stdout, "(changed: False)\n");
  for (const bad of [["--grace-period=soon"], ["extra"], ["--bogus"], ["--file-pattern"]]) {
    const run = await cleanup(bad);
    assert.equal(run.code, 2, bad.join(" "));
    assert.equal(run.stdout, "");
    // The parser at fault and argparse's message, as the real ansible-runner prints them.
    const ref = await new Deno.Command("/usr/bin/ansible-runner", {
      args: ["worker", "cleanup", ...bad],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(ref.code, 2);
    assert.equal(lastLine(extraStderr(run.stderr)), lastLine(decoder.decode(ref.stderr)));
  }
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

async function podman(args: string[], stdin?: Uint8Array): Promise<string> {
  const child = new Deno.Command(PODMAN, {
    args,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const out = await child.output();
  assert.equal(out.code, 0, `podman ${args.join(" ")}: ${decoder.decode(out.stderr)}`);
  return decoder.decode(out.stdout).trim();
}

/** An empty tar archive: what `tar -cf - -T /dev/null` writes. */
const EMPTY_TAR = new Uint8Array(10240);

Deno.test("worker cleanup: --remove-images untags, --image-prune prunes (podman)", async () => {
  // Fails (does not skip) when podman is missing: install it with `apt-get install -y podman`.
  assert.ok(await exists(PODMAN), `${PODMAN} is required for this test`);
  const id = crypto.randomUUID().slice(0, 8);
  const [a, b, c] = ["a", "b", "c"].map((t) => `localhost/tachyon-test-${id}:${t}`);
  const images = [];
  for (const name of [a, b, c]) {
    images.push((await podman(["import", "-q", "-", name], EMPTY_TAR)).replace(/^sha256:/, ""));
  }
  try {
    // AWX sends several images as one space-joined value.
    const run = await cleanup([
      `--remove-images=${a} ${b}`,
      "--process-isolation-executable=podman",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(extraStderr(run.stderr), "");
    assert.equal(run.stdout, "Removed 2 image(s)\n(changed: True)\n");
    assert.equal(await podman(["images", "-q", a]), "");
    assert.equal(await podman(["images", "-q", b]), "");
    assert.notEqual(await podman(["images", "-q", c]), "");

    const again = await cleanup(["--remove-images", a, b]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, "(changed: False)\n");

    // A and B are now dangling: prune deletes them, C keeps its name and stays.
    const prune = await cleanup(["--image-prune"]);
    assert.equal(prune.code, 0, prune.stderr);
    assert.equal(prune.stdout, "Pruned images\n(changed: True)\n");
    const left = await podman(["images", "-a", "-q", "--no-trunc"]);
    assert.ok(!left.includes(images[0]), "image A was pruned");
    assert.ok(!left.includes(images[1]), "image B was pruned");
    assert.ok(left.includes(images[2]), "image C is kept");
    const pruneAgain = await cleanup(["--image-prune"]);
    assert.equal(pruneAgain.stdout, "(changed: False)\n");
  } finally {
    for (const ref of [c, ...images]) {
      await new Deno.Command(PODMAN, { args: ["rmi", "-f", ref], stdout: "null", stderr: "null" })
        .output();
    }
  }
});

Deno.test("worker cleanup: a failing runtime command prints the reference's lines and exits 1", async () => {
  assert.ok(await exists(PODMAN), `${PODMAN} is required for this test`);
  const argv = ["--remove-images=--bad"]; // podman rejects the unknown flag
  const run = await cleanup(argv);
  assert.equal(run.code, 1);
  const ref = await new Deno.Command("/usr/bin/ansible-runner", {
    args: ["worker", "cleanup", ...argv],
    stdout: "piped",
    stderr: "null",
  }).output();
  assert.equal(ref.code, 1);
  assert.equal(run.stdout, decoder.decode(ref.stdout));
  assert.equal(
    run.stdout,
    'Error running command:\npodman images --format="{{.Repository}}:{{.Tag}}" --bad\nStdout:\n\n',
  );
  assert.match(extraStderr(run.stderr), /Error running command/);
});
