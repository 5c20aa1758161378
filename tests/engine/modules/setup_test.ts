/**
 * setup: gather_subset resolves to Ansible's collectors (its rules and its
 * error message), filter matches as Ansible's does, and the parsers of the
 * probe's output compute Ansible's values from known inputs (cpuinfo,
 * /proc/mounts, `ip addr`, resolv.conf, the kernel command line). Gathering
 * facts on a real host and comparing with Ansible is in
 * `setup_interop_test.ts` (this machine) and `setup_lab_interop_test.ts` (a lab host).
 */
import assert from "node:assert/strict";
import { BadSubsetError, selectCollectors } from "../../../src/engine/modules/setup_subset.ts";
import { factFilter } from "../../../src/engine/modules/setup_facts.ts";
import { ProbeOutput, probeScript } from "../../../src/engine/modules/setup_probe.ts";
import { cmdlineFacts, dnsFacts } from "../../../src/engine/modules/setup_files.ts";
import { hardwareFacts } from "../../../src/engine/modules/setup_hardware.ts";
import { networkFacts } from "../../../src/engine/modules/setup_network.ts";
import { setupModule } from "../../../src/engine/modules/setup.ts";

const MINIMAL = [
  "apparmor",
  "caps",
  "cmdline",
  "date_time",
  "distribution",
  "dns",
  "env",
  "fips",
  "local",
  "lsb",
  "pkg_mgr",
  "platform",
  "python",
  "selinux",
  "service_mgr",
  "ssh_pub_keys",
  "user",
];

const sorted = (s: Set<string>) => [...s].sort();

Deno.test("gather_subset resolves to Ansible's collectors", () => {
  assert.equal(selectCollectors(["all"]).size, 27);
  assert.deepEqual(sorted(selectCollectors(["!all"])), MINIMAL);
  assert.deepEqual(sorted(selectCollectors(["min"])), MINIMAL);
  // Only exclusions: Ansible starts from the minimal set, not from all (measured: 56 keys, as !all).
  assert.deepEqual(sorted(selectCollectors(["!hardware"])), MINIMAL);
  const allButHardware = selectCollectors(["all", "!hardware"]);
  assert.ok(!allButHardware.has("hardware") && allButHardware.has("network"));
  // Naming one fact of a collector brings the whole collector.
  assert.ok(selectCollectors(["!all", "mounts"]).has("hardware"));
  // An explicit subset wins over its exclusion; network needs distribution and platform.
  assert.deepEqual(sorted(selectCollectors(["!all", "!min", "network"])), [
    "distribution",
    "network",
    "platform",
  ]);
  assert.deepEqual(sorted(selectCollectors(["!all", "!min"])), []);
  // Excluding an unknown name is ignored; adding one is an error.
  assert.deepEqual(sorted(selectCollectors(["!bogus"])), MINIMAL);
  assert.throws(() => selectCollectors(["bogus"]), BadSubsetError);
  assert.throws(
    () => setupModule.parseArgs({ gather_subset: ["bogus"] }),
    /^ModuleArgsError: Bad subset 'bogus' given to Ansible. gather_subset options allowed: all, all_ipv4_addresses, all_ipv6_addresses, apparmor, architecture, caps, chroot,/,
  );
});

Deno.test("filter matches fact names as Ansible's does", () => {
  const keep = factFilter(["distribution*", "ansible_eth0"]);
  assert.ok(keep("ansible_distribution_version"));
  assert.ok(keep("ansible_eth0"));
  assert.ok(!keep("ansible_eth1"));
  assert.ok(!keep("gather_subset"));
  assert.ok(factFilter([])("anything"));
  assert.ok(factFilter(["*"])("gather_subset"));
  assert.ok(!factFilter(["ansible_*"])("module_setup"));
});

function probe(sections: Record<string, string>, files: Record<string, string>, exists: string[]) {
  const text = Object.entries(sections).map(([k, v]) => `\x1e${k}\n${v}`).join("") +
    `\x1eexists\n${exists.join("\n")}\n` +
    `\x1ehead\n==> /dev/null <==\n` +
    Object.entries(files).map(([p, c]) => `\n==> ${p} <==\n${c}`).join("");
  return ProbeOutput.parse(text);
}

Deno.test("the probe output parser keeps sections, files and existing paths apart", () => {
  const out = probe({ uname: "Linux h 6.1 #1 SMP x86_64\n" }, { "/etc/x": "a\nb\n" }, ["/etc/x"]);
  assert.equal(out.section("uname"), "Linux h 6.1 #1 SMP x86_64\n");
  assert.equal(out.file("/etc/x"), "a\nb");
  assert.deepEqual(out.lines("/etc/x"), ["a", "b"]);
  assert.ok(out.exists("/etc/x"));
  assert.equal(out.file("/etc/absent"), undefined);
  const script = probeScript(selectCollectors(["all"]), {
    factPath: "/etc/ansible/facts.d",
    pythons: ["/usr/bin/python3"],
    timeout: 10,
  });
  assert.ok(!script.includes("@{"), "placeholders are replaced");
});

Deno.test("cpuinfo, meminfo and mounts give Ansible's hardware values", () => {
  const cpu = [
    "processor\t: 0",
    "vendor_id\t: GenuineIntel",
    "model name\t: Intel(R) Xeon(R)",
    "physical id\t: 0",
    "siblings\t: 4",
    "core id\t\t: 0",
    "cpu cores\t: 2",
    "processor\t: 1",
    "vendor_id\t: GenuineIntel",
    "model name\t: Intel(R) Xeon(R)",
    "physical id\t: 0",
    "siblings\t: 4",
    "core id\t\t: 1",
    "cpu cores\t: 2",
  ].join("\n");
  const out = probe(
    {
      cpuinfo: cpu + "\n",
      mtab: "/dev/sda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n/dev/sdb1 /mnt/a\\040b xfs ro 0 0\n",
      statvfs: "4096 4096 100 40 50 10 /\n",
      lsblk: "/dev/sda1 1234-abcd\n",
    },
    {
      "/proc/meminfo": "MemTotal: 2048000 kB\nMemFree: 1024000 kB\nBuffers: 1024 kB\n" +
        "Cached: 10240 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\nSwapCached: 0 kB\n",
      "/proc/self/status": "Name:\thead\nCpus_allowed_list:\t0-1\n",
    },
    ["/proc/cpuinfo", "/proc/meminfo"],
  );
  const f = hardwareFacts(out, { architecture: "x86_64" });
  assert.deepEqual(f.processor, [
    "0",
    "GenuineIntel",
    "Intel(R) Xeon(R)",
    "1",
    "GenuineIntel",
    "Intel(R) Xeon(R)",
  ]);
  assert.equal(f.processor_count, 1);
  assert.equal(f.processor_cores, 2);
  assert.equal(f.processor_threads_per_core, 2);
  assert.equal(f.processor_vcpus, 4);
  assert.equal(f.processor_nproc, 2);
  assert.equal(f.memtotal_mb, 2000);
  assert.deepEqual((f.memory_mb as Record<string, unknown>).real, {
    total: 2000,
    used: 1000,
    free: 1000,
  });
  assert.deepEqual(f.mounts, [
    {
      mount: "/",
      device: "/dev/sda1",
      fstype: "ext4",
      options: "rw",
      size_total: 409600,
      size_available: 163840,
      block_size: 4096,
      block_total: 100,
      block_available: 40,
      block_used: 60,
      inode_total: 50,
      inode_available: 10,
      inode_used: 40,
      uuid: "1234-abcd",
    },
    { mount: "/mnt/a b", device: "/dev/sdb1", fstype: "xfs", options: "ro", uuid: "N/A" },
  ]);
});

Deno.test("ip output and /sys/class/net give Ansible's interface facts", () => {
  const out = probe(
    {
      ipcmd: "/usr/bin/ip\n",
      route4: "8.8.8.8 via 10.0.0.1 dev eth0 src 10.0.0.5 uid 0\n    cache\n",
      netorder: ".\n..\nlo\neth0\n",
      addrprimary: "1: lo: <LOOPBACK,UP> mtu 65536\n    inet 127.0.0.1/8 scope host lo\n" +
        "    inet6 ::1/128 scope host\n2: eth0@if9: <UP> mtu 1500\n" +
        "    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\n" +
        "    inet6 fe80::1/64 scope link\n",
      addrsecondary: "2: eth0@if9: <UP> mtu 1500\n" +
        "    inet 10.0.0.6/24 brd 10.0.0.255 scope global secondary eth0:1\n",
    },
    {
      "/sys/class/net/lo/mtu": "65536\n",
      "/sys/class/net/lo/type": "772\n",
      "/sys/class/net/lo/address": "00:00:00:00:00:00\n",
      "/sys/class/net/eth0/mtu": "1500\n",
      "/sys/class/net/eth0/type": "1\n",
      "/sys/class/net/eth0/address": "02:00:00:00:00:05\n",
      "/sys/class/net/eth0/operstate": "up\n",
      "/sys/class/net/eth0/flags": "0x1103\n",
    },
    [
      "/sys/class/net/lo",
      "/sys/class/net/lo/mtu",
      "/sys/class/net/lo/type",
      "/sys/class/net/lo/address",
      "/sys/class/net/eth0",
      "/sys/class/net/eth0/mtu",
      "/sys/class/net/eth0/type",
      "/sys/class/net/eth0/address",
      "/sys/class/net/eth0/operstate",
      "/sys/class/net/eth0/flags",
    ],
  );
  const f = networkFacts(out);
  assert.deepEqual(f.interfaces, ["lo", "eth0", "eth0_1"]);
  assert.deepEqual(f.default_ipv4, {
    gateway: "10.0.0.1",
    interface: "eth0",
    address: "10.0.0.5",
    broadcast: "10.0.0.255",
    netmask: "255.255.255.0",
    network: "10.0.0.0",
    prefix: "24",
    macaddress: "02:00:00:00:00:05",
    mtu: 1500,
    type: "ether",
    alias: "eth0",
  });
  const eth0 = f.eth0 as Record<string, unknown>;
  assert.equal(eth0.promisc, true);
  assert.deepEqual((eth0.ipv4_secondaries as unknown[]).length, 1);
  assert.deepEqual(f.all_ipv4_addresses, ["10.0.0.5", "10.0.0.6"]);
  assert.deepEqual(f.all_ipv6_addresses, ["fe80::1"]);
  assert.equal((f.lo as Record<string, unknown>).macaddress, undefined);
});

Deno.test("resolv.conf and the kernel command line parse as Ansible's collectors do", () => {
  const out = probe({}, {
    "/etc/resolv.conf": "# x\nnameserver 10.0.0.1\nnameserver 10.0.0.2\nsearch a b\n" +
      "options ndots:2 rotate\n",
    "/proc/cmdline": 'BOOT_IMAGE=/vmlinuz ro console=tty0 console=ttyS0 quiet "a=b c"\n',
  }, []);
  assert.deepEqual(dnsFacts(out).dns, {
    nameservers: ["10.0.0.1", "10.0.0.2"],
    search: ["a", "b"],
    options: { ndots: "2", rotate: true },
  });
  const c = cmdlineFacts(out);
  assert.deepEqual(c.cmdline, {
    BOOT_IMAGE: "/vmlinuz",
    ro: true,
    console: "ttyS0",
    quiet: true,
    '"a': 'b c"',
  });
  assert.deepEqual((c.proc_cmdline as Record<string, unknown>).console, ["tty0", "ttyS0"]);
});
