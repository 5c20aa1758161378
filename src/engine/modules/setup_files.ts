/**
 * `setup`'s facts read from single files, computed as Ansible's collectors
 * compute them: cmdline, dns, loadavg, ssh_pub_keys, iscsi, nvme,
 * fibre_channel_wwn and local (`fact_path`'s `*.fact` files).
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import type { RawFacts } from "./setup_system.ts";

/** Python's `shlex.split(data, posix=False)`: quotes start a token and stay in it. */
function shlexNonPosix(data: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < data.length) {
    while (i < data.length && /\s/.test(data[i])) i++;
    if (i >= data.length) break;
    if (data[i] === '"' || data[i] === "'") {
      const quote = data[i];
      const end = data.indexOf(quote, i + 1);
      if (end < 0) throw new SyntaxError("No closing quotation");
      tokens.push(data.slice(i, end + 1));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < data.length && !/\s/.test(data[j])) j++;
    tokens.push(data.slice(i, j));
    i = j;
  }
  return tokens;
}

/**
 * The cmdline collector: `cmdline` (last value wins) and `proc_cmdline`
 * (repeated keys become lists).
 *
 * @example
 * ```ts
 * cmdlineFacts(out).cmdline; // { BOOT_IMAGE: "/vmlinuz", ro: true }
 * ```
 */
export function cmdlineFacts(out: ProbeOutput): RawFacts {
  const data = out.file("/proc/cmdline");
  if (!data) return {};
  let pieces: string[] = [];
  try {
    pieces = shlexNonPosix(data);
  } catch {
    pieces = [];
  }
  const cmdline: Record<string, unknown> = {};
  const proc: Record<string, unknown> = {};
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    if (eq < 0) {
      cmdline[piece] = true;
      proc[piece] = true;
      continue;
    }
    const [key, value] = [piece.slice(0, eq), piece.slice(eq + 1)];
    cmdline[key] = value;
    const prev = proc[key];
    if (prev === undefined) proc[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else proc[key] = [prev, value];
  }
  return { cmdline, proc_cmdline: proc };
}

/**
 * The dns collector (`/etc/resolv.conf`).
 *
 * @example
 * ```ts
 * dnsFacts(out).dns; // { nameservers: ["10.0.0.1"], search: ["lab"] }
 * ```
 */
export function dnsFacts(out: ProbeOutput): RawFacts {
  const dns: Record<string, unknown> = {};
  for (const line of (out.file("/etc/resolv.conf") ?? "").split(/\r?\n/)) {
    if (line.startsWith("#") || line.startsWith(";") || line.trim() === "") continue;
    const tokens = line.trim().split(/\s+/);
    const rest = tokens.slice(1);
    if (tokens[0] === "nameserver") {
      dns.nameservers = [...(dns.nameservers as string[] ?? []), ...rest];
    } else if (tokens[0] === "domain") {
      if (rest.length > 0) dns.domain = rest[0];
    } else if (tokens[0] === "search") dns.search = rest;
    else if (tokens[0] === "sortlist") dns.sortlist = rest;
    else if (tokens[0] === "options") {
      const options: Record<string, unknown> = {};
      for (const option of rest) {
        const colon = option.indexOf(":");
        if (colon < 0) options[option] = true;
        else options[option.slice(0, colon)] = option.slice(colon + 1) || true;
      }
      dns.options = options;
    }
  }
  return { dns };
}

/**
 * The loadavg collector.
 *
 * @example
 * ```ts
 * loadavgFacts(out).loadavg; // { "1m": 0.5, "5m": 0.4, "15m": 0.3 }
 * ```
 */
export function loadavgFacts(out: ProbeOutput): RawFacts {
  const [one, five, fifteen] = (out.file("/proc/loadavg") ?? "").split(/\s+/).map(Number);
  if ([one, five, fifteen].some((n) => n === undefined || Number.isNaN(n))) return {};
  return { loadavg: { "1m": one, "5m": five, "15m": fifteen } };
}

/**
 * The ssh_pub_keys collector (the first key dir's keys, as Ansible scans them).
 *
 * @example
 * ```ts
 * sshPubKeyFacts(out).ssh_host_key_ed25519_public_keytype; // "ssh-ed25519"
 * ```
 */
export function sshPubKeyFacts(out: ProbeOutput): RawFacts {
  const facts: RawFacts = {};
  for (const dir of ["/etc/ssh", "/etc/openssh", "/etc"]) {
    for (const algo of ["dsa", "rsa", "ecdsa", "ed25519"]) {
      const name = `ssh_host_key_${algo}_public`;
      if (name in facts) return facts;
      const data = out.file(`${dir}/ssh_host_${algo}_key.pub`);
      if (data === undefined) continue;
      const [keytype, key] = data.split(/\s+/);
      facts[name] = key;
      facts[`${name}_keytype`] = keytype;
    }
  }
  return facts;
}

/**
 * The iscsi, nvme and fibre_channel_wwn collectors.
 *
 * @example
 * ```ts
 * storageFacts(out, { iscsi: true, nvme: true, fc: true }); // { iscsi_iqn: "", hostnqn: "", fibre_channel_wwn: [] }
 * ```
 */
export function storageFacts(
  out: ProbeOutput,
  which: { iscsi: boolean; nvme: boolean; fc: boolean },
): RawFacts {
  const f: RawFacts = {};
  const meaningful = (line: string) =>
    !(line.startsWith("#") || line.startsWith(";") || line.trim() === "");
  if (which.fc) {
    f.fibre_channel_wwn = [...out.files.keys()]
      .filter((p) => /^\/sys\/class\/fc_host\/[^/]+\/port_name$/.test(p))
      .flatMap((p) => out.lines(p).map((l) => l.trimEnd().slice(2)));
  }
  if (which.iscsi) {
    const line = (out.file("/etc/iscsi/initiatorname.iscsi") ?? "").split(/\r?\n/)
      .find((l) => meaningful(l) && l.startsWith("InitiatorName="));
    f.iscsi_iqn = line ? line.slice(line.indexOf("=") + 1) : "";
  }
  if (which.nvme) {
    const line = (out.file("/etc/nvme/hostnqn") ?? "").split(/\r?\n/)
      .find((l) => meaningful(l) && l.startsWith("nqn."));
    f.hostnqn = line ?? "";
  }
  return f;
}

/** Python configparser's reading of an INI text: sections of lowercased keys. */
function parseIni(text: string): Record<string, Record<string, string>> | undefined {
  const result: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw) || raw.trim() === "") continue;
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = result[header[1]] ??= {};
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(raw) && section && lastKey) {
      section[lastKey] += "\n" + raw.trim();
      continue;
    }
    if (!section) return undefined;
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!m) return undefined;
    lastKey = m[1].trim().toLowerCase();
    section[lastKey] = m[2].trim();
  }
  return result;
}

/**
 * The local collector: each `fact_path/*.fact` (run when executable) as JSON,
 * else INI, else Ansible's error text.
 *
 * @example
 * ```ts
 * localFacts(out).local; // { app: { version: "1.2" } }
 * ```
 */
export function localFacts(out: ProbeOutput): RawFacts {
  const local: Record<string, unknown> = {};
  const entries: { path: string; text: string; failure?: string }[] = [];
  let executed = 0;
  for (const name of out.sections.keys()) {
    if (name.startsWith("LF ")) {
      entries.push({ path: name.slice(3), text: out.section(name) });
    } else if (name.startsWith("LX ")) {
      const path = name.slice(3);
      const status = out.sections.get("LR")?.[executed++] ?? "";
      const nl = status.indexOf("\n");
      const rc = Number(status.slice(0, nl < 0 ? undefined : nl));
      const err = nl < 0 ? "" : status.slice(nl + 1).replace(/\n$/, "");
      entries.push({
        path,
        text: out.section(name),
        failure: rc === 0 ? "" : `Failure executing fact script (${path}), rc: ${rc}, err: ${err}`,
      });
    }
  }
  for (const entry of entries.sort((a, b) => a.path < b.path ? -1 : 1)) {
    const base = entry.path.split("/").pop()!.replace(".fact", "");
    if (entry.failure) {
      local[base] = entry.failure;
      continue;
    }
    try {
      local[base] = JSON.parse(entry.text);
    } catch {
      local[base] = parseIni(entry.text) ??
        `error loading facts as JSON or ini - please check content: ${entry.path}`;
    }
  }
  return { local };
}
