/**
 * `worker cleanup` against a real container engine: `--remove-images` and
 * `--image-prune` with podman, and a failing podman command compared with the
 * real ansible-runner. Interop tier: podman and the real peer run here. The
 * rest of `worker cleanup` is in cleanup_test.ts.
 */
import assert from "node:assert/strict";
import { exists } from "../_support/files.ts";
import {
  ROOT,
  run,
  runTachyonText,
  type TextOutput,
  withoutDenoNotice,
} from "../_support/worker_process.ts";

const PODMAN = "/usr/bin/podman";

const decoder = new TextDecoder();

/** Runs the real entrypoint like the compiled binary: `deno run -P main.ts worker cleanup …`. */
function cleanup(args: string[]): Promise<TextOutput> {
  return runTachyonText(["worker", "cleanup", ...args], { cwd: ROOT });
}

async function podman(args: string[], stdin?: Uint8Array): Promise<string> {
  const out = await run(PODMAN, args, { stdin });
  assert.equal(out.code, 0, `podman ${args.join(" ")}: ${out.stderr}`);
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
    assert.equal(withoutDenoNotice(run.stderr), "");
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
  assert.match(withoutDenoNotice(run.stderr), /Error running command/);
});
