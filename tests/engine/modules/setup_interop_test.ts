/**
 * setup gathers the same facts as the real Ansible on this machine (the live
 * peer: facts are the machine's, so they are never recorded) and writes the
 * same jsonfile cache; gather_subset and filter; the cache keeps earlier
 * facts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { placeAnswer } from "../../_oracles/ansible_cli.ts";
import { liveAnsibleModule } from "../../_oracles/ansible_module.ts";
import { runModule, withTemp } from "./_support.ts";
import { pythonJsonDumps } from "../../../src/python/mod.ts";

const SAME = [
  "ansible_architecture",
  "ansible_distribution",
  "ansible_distribution_major_version",
  "ansible_distribution_minor_version",
  "ansible_distribution_release",
  "ansible_distribution_version",
  "ansible_os_family",
  "ansible_hostname",
  "ansible_nodename",
  "ansible_kernel",
  "ansible_kernel_version",
  "ansible_machine",
  "ansible_machine_id",
  "ansible_system",
  "ansible_user_id",
  "ansible_user_uid",
  "ansible_user_gid",
  "ansible_user_dir",
  "ansible_user_shell",
  "ansible_user_gecos",
  "ansible_userspace_bits",
  "ansible_pkg_mgr",
  "ansible_service_mgr",
  "ansible_fips",
  "ansible_processor",
  "ansible_processor_count",
  "ansible_processor_cores",
  "ansible_processor_threads_per_core",
  "ansible_processor_vcpus",
  "ansible_processor_nproc",
  "ansible_memtotal_mb",
  "ansible_swaptotal_mb",
  "ansible_all_ipv4_addresses",
  "gather_subset",
  "module_setup",
];

Deno.test("setup gathers the same facts as Ansible and writes its jsonfile cache", async () => {
  await withTemp(async (dir) => {
    const cache = join(dir, "ours_cache");
    const ours = await runModule(dir, "setup", undefined, {
      controller: { projectDir: dir, privateDataDir: dir, factCacheDir: cache },
    });
    const [answer] = await liveAnsibleModule({
      files: {},
      steps: [{
        module: "setup",
        args: "",
        env: {
          ANSIBLE_CACHE_PLUGIN: "jsonfile",
          ANSIBLE_CACHE_PLUGIN_CONNECTION: "<DIR>/theirs_cache",
        },
        read: ["theirs_cache/localhost"],
      }],
    });
    const theirs = placeAnswer(answer.result, dir);
    assert.equal(ours.changed, false);
    assert.equal(ours._ansible_verbose_override, true);
    const o = ours.ansible_facts as Record<string, unknown>;
    const t = theirs.ansible_facts as Record<string, unknown>;
    for (const k of SAME) assert.deepEqual(o[k], t[k], k);
    const route = t.ansible_default_ipv4 as Record<string, unknown>;
    const ourRoute = o.ansible_default_ipv4 as Record<string, unknown>;
    for (const k of Object.keys(ourRoute)) assert.deepEqual(ourRoute[k], route[k], `ipv4 ${k}`);
    for (const k of ["address", "interface", "gateway"]) assert.ok(ourRoute[k], k);
    assert.deepEqual(
      Object.keys(o.ansible_date_time as object).sort(),
      Object.keys(t.ansible_date_time as object).sort(),
    );
    assert.equal(typeof (o.ansible_env as Record<string, unknown>).PATH, "string");
    assert.equal(typeof (o.ansible_python as Record<string, unknown>).executable, "string");
    // Ansible's implicit localhost runs its own python: no interpreter discovery to report.
    for (const k of Object.keys(o)) {
      if (k !== "discovered_interpreter_python") assert.ok(k in t, `Ansible also has ${k}`);
    }

    const ourText = await Deno.readTextFile(join(cache, "localhost"));
    const theirText = answer.read?.["theirs_cache/localhost"];
    assert.ok(theirText, "Ansible wrote its cache file");
    const ourJson = JSON.parse(ourText);
    const theirJson = JSON.parse(theirText);
    assert.equal(ourText, pythonJsonDumps(ourJson, { indent: 4, sortKeys: true }));
    assert.equal(theirText, pythonJsonDumps(theirJson, { indent: 4, sortKeys: true }));
    assert.deepEqual(ourJson, JSON.parse(JSON.stringify(o)));
    for (const k of SAME) assert.deepEqual(ourJson[k], theirJson[k], `cache ${k}`);
  });
});

Deno.test("setup gather_subset and filter; the cache keeps earlier facts", async () => {
  await withTemp(async (dir) => {
    const cache = join(dir, "cache");
    await Deno.mkdir(cache);
    await Deno.writeTextFile(join(cache, "web1"), '{"custom_fact": 1}');
    const controller = { projectDir: dir, privateDataDir: dir, factCacheDir: cache };
    const min = await runModule(dir, "setup", "gather_subset=!all", { controller, host: "web1" });
    const facts = min.ansible_facts as Record<string, unknown>;
    assert.equal(facts.ansible_memtotal_mb, undefined);
    assert.equal(facts.ansible_default_ipv4, undefined);
    assert.ok(facts.ansible_distribution);
    assert.deepEqual(facts.gather_subset, ["!all"]);
    const cached = JSON.parse(await Deno.readTextFile(join(cache, "web1")));
    assert.equal(cached.custom_fact, 1);
    assert.equal(cached.module_setup, true);
    const filtered = await runModule(dir, "setup", { filter: ["ansible_distribution*"] });
    assert.deepEqual(
      Object.keys(filtered.ansible_facts as object).sort(),
      // As Ansible's: the filter applies to gather_subset and module_setup too (measured on a
      // lab host); discovered_interpreter_python is added after the module, unfiltered.
      [
        "ansible_distribution",
        "ansible_distribution_file_parsed",
        "ansible_distribution_file_path",
        "ansible_distribution_file_variety",
        "ansible_distribution_major_version",
        "ansible_distribution_minor_version",
        "ansible_distribution_release",
        "ansible_distribution_version",
        "discovered_interpreter_python",
      ],
    );
    const bad = await runModule(dir, "setup", { gather_subset: ["bogus"] });
    assert.match(String(bad.msg), /^Bad subset 'bogus' given to Ansible/);
    const check = await runModule(dir, "setup", "gather_subset=min", { check: true });
    assert.ok((check.ansible_facts as Record<string, unknown>).ansible_hostname);
  });
});
