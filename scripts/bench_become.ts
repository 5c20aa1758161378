/**
 * Become benchmark (issue 9): N isolated lab hosts × the five benchmark
 * tasks, once as the login user and once with `--become` (sudo, NOPASSWD) on
 * every task, through tachyon's worker and through the real ansible-runner in
 * the same run. Reports each median and the become/plain ratio (the target:
 * tachyon's ratio ≤ 1.2; become costs one sudo per host's channel, not one
 * per task).
 *
 *   deno run -A scripts/bench_become.ts [--hosts 50] [--runs 3]
 *
 * Needs root (lab hosts; the first run builds their image).
 *
 * @module
 */
import { join } from "node:path";
import { startLabHosts, SUDO_NOPASSWD_USER } from "../tests/_support/lab/mod.ts";
import { median, numberFlag, timed, timedFiveTaskWorker, type TimedRun } from "./bench/timing.ts";

const HOSTS = numberFlag("--hosts", 50);
const RUNS = numberFlag("--runs", 3);
const ROOT = new URL("..", import.meta.url).pathname;

/** The time of a run that must end in a successful job. */
function succeeded(run: TimedRun, who: string): number {
  const text = new TextDecoder().decode(run.stdout);
  if (!text.includes('"status": "successful"')) {
    throw new Error(`${who} did not succeed: ${text.slice(-800)}`);
  }
  return run.ms;
}

await using lab = await startLabHosts({ count: HOSTS, namePrefix: "bench" });
const tmp = await Deno.makeTempDir({ prefix: "tachyon_bench_become_" });
try {
  const streams: Record<string, Uint8Array> = {};
  for (const become of [false, true]) {
    const pdd = join(tmp, become ? "become" : "plain");
    await Deno.mkdir(join(pdd, "inventory"), { recursive: true });
    await Deno.mkdir(join(pdd, "project"), { recursive: true });
    await Deno.mkdir(join(pdd, "env"), { recursive: true });
    await Deno.writeTextFile(
      join(pdd, "inventory", "hosts"),
      "[bench]\n" + lab.hosts.map((h) => `${h.name} ansible_host=${h.address}`).join("\n") +
        `\n\n[bench:vars]\nansible_user=${SUDO_NOPASSWD_USER.name}\n` +
        `ansible_ssh_private_key_file=${lab.keys.plain}\nansible_python_interpreter=/usr/bin/python3\n`,
    );
    await Deno.copyFile(
      join(ROOT, "scripts/bench/five_tasks.yml"),
      join(pdd, "project", "five_tasks.yml"),
    );
    await Deno.writeTextFile(
      join(pdd, "env", "cmdline"),
      `--forks=${HOSTS}${become ? " --become" : ""}`,
    );
    await Deno.writeTextFile(
      join(pdd, "env", "envvars"),
      JSON.stringify({ ANSIBLE_PIPELINING: "True", ANSIBLE_HOST_KEY_CHECKING: "False" }),
    );
    const tx = await new Deno.Command("/usr/bin/ansible-runner", {
      args: ["transmit", pdd, "-p", "five_tasks.yml"],
      stdout: "piped",
    }).output();
    streams[become ? "become" : "plain"] = tx.stdout;
  }
  const results: Record<string, number[]> = {
    "tachyon plain": [],
    "tachyon become": [],
    "ansible-runner plain": [],
    "ansible-runner become": [],
  };
  for (let r = 0; r < RUNS; r++) {
    for (const mode of ["plain", "become"]) {
      results[`tachyon ${mode}`].push(
        succeeded(
          await timedFiveTaskWorker(join(tmp, `t-${mode}-${r}`), streams[mode]),
          "tachyon",
        ),
      );
      results[`ansible-runner ${mode}`].push(
        succeeded(
          await timed(
            [
              "/usr/bin/ansible-runner",
              "worker",
              `--private-data-dir=${join(tmp, `a-${mode}-${r}`)}`,
            ],
            {},
            streams[mode],
          ),
          "ansible-runner",
        ),
      );
    }
  }
  console.log(`${HOSTS} lab hosts × 5 tasks, ${RUNS} runs each (median, ms):`);
  for (const [name, ms] of Object.entries(results)) {
    console.log(
      `  ${name.padEnd(22)} ${median(ms).toFixed(0).padStart(7)}   [${
        ms.map((x) => x.toFixed(0)).join(", ")
      }]`,
    );
  }
  const ratio = (who: string) => median(results[`${who} become`]) / median(results[`${who} plain`]);
  console.log(
    `become/plain: tachyon ${ratio("tachyon").toFixed(2)}, ansible-runner ${
      ratio("ansible-runner").toFixed(2)
    }`,
  );
  console.log(
    `tachyon/ansible-runner: plain ${
      (median(results["tachyon plain"]) / median(results["ansible-runner plain"])).toFixed(3)
    }, ` +
      `become ${
        (median(results["tachyon become"]) / median(results["ansible-runner become"])).toFixed(3)
      }`,
  );
} finally {
  await Deno.remove(tmp, { recursive: true });
}
