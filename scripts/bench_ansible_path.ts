/**
 * What the Ansible route costs: the same transmit stream of an ordinary
 * playbook (no automation of that name) through the real `ansible-runner
 * worker` and through tachyon's worker, which plans, extracts and hands the
 * job to that same ansible-runner. Alternated whole processes, medians; the
 * difference is tachyon's overhead (target: ≤ 100 ms). Not a test.
 *
 *   deno run -A scripts/bench_ansible_path.ts [--runs 9]
 *
 * @module
 */
import { join } from "node:path";
import { median, numberFlag, timed } from "./bench/timing.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const RUNNER = "/usr/bin/ansible-runner";
const runs = numberFlag("--runs", 9);
const TACHYON = [Deno.execPath(), "run", "-P", "--no-prompt", "--quiet", join(ROOT, "main.ts")];

const PLAYBOOK = `- name: Ordinary play
  hosts: all
  gather_facts: false
  tasks:
    - name: Say hello
      debug:
        msg: hello
    - name: Run a command
      command: "true"
`;

const tmp = await Deno.makeTempDir({ prefix: "tachyon_bench_ansible_" });
try {
  const src = join(tmp, "src");
  await Deno.mkdir(join(src, "project"), { recursive: true });
  await Deno.mkdir(join(src, "inventory"), { recursive: true });
  await Deno.writeTextFile(join(src, "project", "site.yml"), PLAYBOOK);
  await Deno.writeTextFile(
    join(src, "inventory", "hosts"),
    "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n",
  );
  const made = await timed([RUNNER, "transmit", src, "-p", "site.yml"], { PATH: "/usr/bin:/bin" });
  if (made.code !== 0) throw new Error(new TextDecoder().decode(made.stderr));
  const stream = made.stdout;
  // Deno keeps its module cache under $HOME: pin it, or every run would compile from scratch.
  const denoDir = Deno.env.get("DENO_DIR") ??
    join(Deno.env.get("HOME") ?? "/root", ".cache", "deno");
  const env = { PATH: "/usr/bin:/bin", HOME: tmp, DENO_DIR: denoDir };

  const reference: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ref = await timed(
      [RUNNER, "worker", `--private-data-dir=${join(tmp, `r${i}`)}`],
      env,
      stream,
    );
    const own = await timed(
      [...TACHYON, "worker", `--private-data-dir=${join(tmp, `t${i}`)}`],
      env,
      stream,
    );
    for (const [name, out] of [["reference", ref], ["tachyon", own]] as const) {
      const text = new TextDecoder().decode(out.stdout);
      if (out.code !== 0 || !text.includes('"status": "successful"')) {
        throw new Error(
          `${name} run ${i} failed (${out.code}): ${new TextDecoder().decode(out.stderr)}`,
        );
      }
    }
    if (i === 0 && !new TextDecoder().decode(own.stdout).includes("runs under the EE's Ansible")) {
      throw new Error("tachyon did not take the Ansible route");
    }
    console.log(`  run ${i}: reference ${ref.ms.toFixed(0)} ms, tachyon ${own.ms.toFixed(0)} ms`);
    reference.push(ref.ms);
    ours.push(own.ms);
  }
  const r = median(reference);
  const t = median(ours);
  console.log(`ordinary playbook (2 tasks, localhost), ${runs} alternated runs each, medians:`);
  console.log(`  ansible-runner worker           ${r.toFixed(0)} ms`);
  console.log(`  tachyon worker (Ansible route)  ${t.toFixed(0)} ms`);
  console.log(`  overhead                        ${(t - r).toFixed(0)} ms (target ≤ 100 ms)`);
} finally {
  await Deno.remove(tmp, { recursive: true });
}
