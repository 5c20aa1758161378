/**
 * What the Ansible route costs: the same transmit stream of an ordinary
 * playbook (no automation of that name) through the real `ansible-runner
 * worker` and through tachyon's worker, which plans, extracts and hands the
 * job to that same ansible-runner. Whole processes, each round in a random
 * order; tachyon's overhead (target: ≤ 100 ms) is given both as the
 * difference of the medians and as the median of the differences within a
 * round. Not a test.
 *
 * tachyon runs twice per round: from source as is, and as a stand-in for the
 * compiled binary, which this machine cannot build (`deno compile` cannot
 * fetch `denort` here). From source, `deno run` first walks and hashes the
 * whole module graph, every dynamic import included (~700 files), before
 * any code runs; the compiled binary loads modules from its embedded eszip
 * as they are imported, with no walk. The stand-in is a copy of the sources
 * whose dynamic imports are opaque to that walk (`import(String("./x.ts"))`):
 * the same code, loaded as the binary loads it, but still transpile-cached
 * from disk (so it errs on the slow side).
 *
 *   deno run -A scripts/bench_ansible_path.ts [--runs 21]
 *
 * @module
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median, numberFlag, timed } from "./bench/timing.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const RUNNER = "/usr/bin/ansible-runner";
const runs = numberFlag("--runs", 21);
const TACHYON = [Deno.execPath(), "run", "-P", "--no-prompt", "--quiet", join(ROOT, "main.ts")];

/** A copy of what `deno compile` embeds, its dynamic imports hidden from `deno run`'s graph walk. */
function compiledStandIn(dir: string): string[] {
  for (const entry of ["main.ts", "mod.ts", "deno.json", "deno.lock", "tachyon.policy.json"]) {
    cpSync(join(ROOT, entry), join(dir, entry));
  }
  for (const tree of ["src", "automation"]) {
    cpSync(join(ROOT, tree), join(dir, tree), { recursive: true });
  }
  const opaque = (path: string) => {
    for (const name of readdirSync(path)) {
      const file = join(path, name);
      if (statSync(file).isDirectory()) opaque(file);
      else if (name.endsWith(".ts")) {
        const text = readFileSync(file, "utf8");
        const hidden = text.replace(
          /(?<!typeof )\bimport\((["'][^"']+["'])\)(?!\.[A-Z])/g,
          "import(String($1))",
        );
        if (hidden !== text) writeFileSync(file, hidden);
      }
    }
  };
  opaque(join(dir, "src"));
  opaque(join(dir, "automation"));
  return [
    Deno.execPath(),
    "run",
    "-P",
    "--no-prompt",
    "--quiet",
    "--config",
    join(dir, "deno.json"),
    join(dir, "main.ts"),
  ];
}

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

/** `items` in a random order (Fisher–Yates). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

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

  const standIn = compiledStandIn(await Deno.makeTempDir({ dir: tmp, prefix: "compiled_" }));
  const reference: number[] = [];
  const ours: number[] = [];
  const compiled: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Each round runs the three in a random order: no side always goes first.
    const round = shuffled([
      { name: "reference", argv: [RUNNER, "worker"], dir: "r", times: reference },
      { name: "tachyon", argv: [...TACHYON, "worker"], dir: "t", times: ours },
      { name: "compiled stand-in", argv: [...standIn, "worker"], dir: "c", times: compiled },
    ]);
    const line: string[] = [];
    for (const side of round) {
      const out = await timed(
        [...side.argv, `--private-data-dir=${join(tmp, `${side.dir}${i}`)}`],
        env,
        stream,
      );
      const text = new TextDecoder().decode(out.stdout);
      if (out.code !== 0 || !text.includes('"status": "successful"')) {
        throw new Error(
          `${side.name} run ${i} failed (${out.code}): ${new TextDecoder().decode(out.stderr)}`,
        );
      }
      if (side.name !== "reference" && !text.includes("runs under the EE's Ansible")) {
        throw new Error(`${side.name} did not take the Ansible route`);
      }
      side.times.push(out.ms);
      line.push(`${side.name} ${out.ms.toFixed(0)} ms`);
    }
    console.log(`  run ${i}: ${line.join(", ")}`);
  }
  const r = median(reference);
  const t = median(ours);
  const c = median(compiled);
  const paired = (times: number[]) => median(times.map((ms, i) => ms - reference[i]));
  console.log(`ordinary playbook (2 tasks, localhost), ${runs} rounds in random order, medians:`);
  console.log(`  ansible-runner worker                        ${r.toFixed(0)} ms`);
  console.log(`  tachyon worker (Ansible route), from source  ${t.toFixed(0)} ms`);
  console.log(`  tachyon worker, compiled stand-in            ${c.toFixed(0)} ms`);
  console.log("tachyon's overhead (target ≤ 100 ms): difference of the medians / median of the");
  console.log("differences within each round");
  console.log(
    `  from source                                  ${(t - r).toFixed(0)} / ${
      paired(ours).toFixed(0)
    } ms`,
  );
  console.log(
    `  as compiled (stand-in)                       ${(c - r).toFixed(0)} / ${
      paired(compiled).toFixed(0)
    } ms`,
  );
} finally {
  await Deno.remove(tmp, { recursive: true });
}
