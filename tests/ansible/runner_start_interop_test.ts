/**
 * The entry point tachyon gives the EE's ansible-runner ends like the
 * console script's `sys.exit(main())`, without the interpreter's teardown.
 * The oracle is Python itself: for each way a `main()` can end, the same
 * `ansible_runner.__main__` (a small package written here, on `PYTHONPATH`)
 * runs under `sys.exit(main())` and under tachyon's entry point, and the two
 * must give the same exit code, the same stdout and the same stderr — which
 * also shows that `atexit` handlers ran, non-daemon threads finished and
 * buffered output was flushed. The real package's exit codes are compared
 * with real `ansible-runner worker` in `tests/worker/ansible_path_*`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ANSIBLE_RUNNER_ENTRY_POINT } from "../../src/ansible/runner_start.ts";
import { withTempDir } from "../_support/files.ts";

/** Debian's interpreter (any python3 would do: the package is written here). */
const PYTHON = "/usr/bin/python3";
/** The console script's way to run `main()`. */
const CONSOLE_SCRIPT = "import sys\nfrom ansible_runner.__main__ import main\nsys.exit(main())";

/** `main()` for each case, chosen by `ENDING`; every one writes first, without flushing. */
const MAIN = `
import atexit, logging, os, sys, threading, time

def main():
    sys.stdout.write("buffered before the end\\n")
    ending = os.environ["ENDING"]
    if ending == "atexit":
        atexit.register(lambda: print("atexit handler ran", flush=False))
        logging.basicConfig(stream=sys.stderr, level=logging.INFO)
        logging.getLogger("runner").info("logged")
        return 0
    if ending == "thread":
        def later():
            time.sleep(0.3)
            sys.stdout.write("thread finished\\n")
        threading.Thread(target=later).start()
        return 4
    if ending == "daemon-thread":
        threading.Thread(target=lambda: time.sleep(30), daemon=True).start()
        return 0
    if ending == "raise":
        raise RuntimeError("the job broke")
    if ending.startswith("exit:"):
        raise SystemExit(decode(ending[5:]))
    return decode(ending[7:])

def decode(text):
    if text == "None":
        return None
    try:
        return int(text)
    except ValueError:
        return text
`;

const CASES = [
  "return:0",
  "return:2",
  "return:254",
  "return:None",
  "return:300",
  "return:-1",
  "return:not a number",
  "exit:3",
  "exit:None",
  "exit:a message",
  "atexit",
  "thread",
  "daemon-thread",
];

interface Ending {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(program: string, dir: string, ending: string): Promise<Ending> {
  const output = await new Deno.Command(PYTHON, {
    args: ["-c", program, "worker", `--private-data-dir=${dir}`],
    env: { PYTHONPATH: dir, ENDING: ending, PYTHONDONTWRITEBYTECODE: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function writePackage(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "ansible_runner"));
  await Deno.writeTextFile(join(dir, "ansible_runner", "__init__.py"), "");
  await Deno.writeTextFile(join(dir, "ansible_runner", "__main__.py"), MAIN);
}

Deno.test("ansible-runner's entry point ends as sys.exit(main()) would", async (t) => {
  await withTempDir("tachyon_entry_", async (dir) => {
    await writePackage(dir);
    for (const ending of CASES) {
      await t.step(ending, async () => {
        const reference = await run(CONSOLE_SCRIPT, dir, ending);
        const ours = await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, ending);
        assert.deepEqual(ours, reference);
        assert.match(ours.stdout, /^buffered before the end\n/, "buffered output is flushed");
      });
    }
  });
});

Deno.test("ansible-runner's entry point: what atexit, threads and codes leave", async () => {
  // The comparison above cannot fail by both sides losing the same output:
  // these are what sys.exit(main()) is known to give.
  await withTempDir("tachyon_entry_", async (dir) => {
    await writePackage(dir);
    const atexit = await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "atexit");
    assert.equal(atexit.stdout, "buffered before the end\natexit handler ran\n");
    assert.match(atexit.stderr, /INFO:runner:logged/);
    const thread = await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "thread");
    assert.deepEqual(thread, {
      code: 4,
      stdout: "buffered before the end\nthread finished\n",
      stderr: "",
    });
    assert.equal((await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "return:300")).code, 44);
    assert.equal((await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "return:-1")).code, 255);
    const message = await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "exit:a message");
    assert.deepEqual([message.code, message.stderr], [1, "a message\n"]);
  });
});

Deno.test("ansible-runner's entry point: an exception ends the normal way", async () => {
  await withTempDir("tachyon_entry_", async (dir) => {
    await writePackage(dir);
    const reference = await run(CONSOLE_SCRIPT, dir, "raise");
    const ours = await run(ANSIBLE_RUNNER_ENTRY_POINT, dir, "raise");
    assert.equal(ours.code, 1);
    assert.equal(ours.code, reference.code);
    assert.equal(ours.stdout, reference.stdout);
    // The traceback names each program's own lines; its last line is the error.
    const last = (text: string) => text.trimEnd().split("\n").at(-1);
    assert.equal(last(ours.stderr), "RuntimeError: the job broke");
    assert.equal(last(ours.stderr), last(reference.stderr));
  });
});
