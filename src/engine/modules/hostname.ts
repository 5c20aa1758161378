/**
 * `hostname`: sets a Linux target's hostname the way Ansible 2.14 does
 * (`hostname_strategy.ts`): one exec gathers what every strategy reads,
 * the strategy decides, a second exec runs its commands only on a change
 * (never in check mode). The result's `ansible_facts` (`ansible_hostname`,
 * `ansible_nodename`, `ansible_fqdn`, `ansible_domain`) and `diff`
 * (`hostname = NAME`) are Ansible's.
 *
 * @module
 */
import type { ModuleContext, ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { BIN_PATH_SH, binPath, MissingProgramError } from "./cron_bin_path.ts";
import { runLibraryScript, type ShellOutput } from "./remote_sh.ts";
import {
  type CommandOutput,
  HOSTNAME_FILES,
  HOSTNAME_USES,
  HostnameError,
  type HostnameFacts,
  type HostnameUse,
  pickStrategy,
} from "./hostname_strategy.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `hostname`. */
export interface HostnameArgs {
  /** The new hostname. */
  name: string;
  /** The strategy (default: Ansible's choice for the target). */
  use?: HostnameUse;
}

const decoder = new TextDecoder();

/** sh helpers: `_henc TAG` encodes stdin; `_hcap TAG cmd…` records a command; `_hrun cmd…` fails the script on error; `_hfq` prints what the FQDN comes from. */
const HOSTNAME_SH = `${BIN_PATH_SH}
_henc() {
  if command -v base64 >/dev/null 2>&1; then printf '%s base64 %s\\n' "$1" "$(base64 | tr -d '\\n')"
  else printf '%s hex %s\\n' "$1" "$(od -An -v -tx1 | tr -d ' \\n')"; fi
}
_hcap() {
  _ht=$1; shift
  _hef=$(mktemp 2>/dev/null) || _hef=/dev/null
  _ho=$(LANG=C LC_ALL=C "$@" 2>"$_hef"; _hr=$?; echo .; exit $_hr); _hr=$?
  printf '%sR %s\\n' "$_ht" "$_hr"
  printf '%s' "\${_ho%.}" | _henc "\${_ht}O"
  _henc "\${_ht}E" < "$_hef"; [ "$_hef" = /dev/null ] || rm -f -- "$_hef"
}
_hrun() {
  _hef=$(mktemp 2>/dev/null) || _hef=/dev/null
  _ho=$(LANG=C LC_ALL=C "$@" 2>"$_hef"; _hr=$?; echo .; exit $_hr); _hr=$?
  if [ "$_hr" != 0 ]; then
    printf 'XR %s\\n' "$_hr"; printf '%s' "\${_ho%.}" | _henc XO; _henc XE < "$_hef"
  fi
  [ "$_hef" = /dev/null ] || rm -f -- "$_hef"
  [ "$_hr" = 0 ] || exit 0
}
_hfq() {
  _hh=$(uname -n); printf 'FQH %s\\n' "$_hh"
  if command -v getent >/dev/null 2>&1; then
    set -- $(getent hosts "$_hh" 2>/dev/null | head -n 1)
    if [ -n "\${1:-}" ]; then printf 'FQR %s\\n' "$(getent hosts "$1" 2>/dev/null | head -n 1)"; fi
  fi
}
`;

function gatherScript(): string {
  const files = HOSTNAME_FILES.map((f, i) => `if [ -f ${f} ]; then _henc F${i} < ${f}; fi`);
  return `${HOSTNAME_SH}
printf 'UN %s\\n' "$(uname -s)"
( . /etc/os-release 2>/dev/null || . /usr/lib/os-release 2>/dev/null
  printf 'OS %s\\n' "\${ID:-}"; printf 'OSV %s\\n' "\${VERSION_ID:-}" )
_tbin SC systemctl >/dev/null
sd=0
if [ -n "$_tbp" ]; then
  for c in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do [ -e "$c" ] && sd=1; done
fi
echo "SD $sd"
${files.join("\n")}
_tbin HN hostname
_tbin HC hostnamectl
if [ -n "$_tbp" ]; then
  _hcap T "$_tbp" --transient status
  _hcap S "$_tbp" --static status
fi
_hfq
`;
}

function text(out: ShellOutput, tag: string): string {
  return decoder.decode(out.bytes(tag) ?? new Uint8Array());
}

function command(out: ShellOutput, tag: string): CommandOutput {
  return {
    rc: Number(out.first(`${tag}R`) ?? "0"),
    out: text(out, `${tag}O`),
    err: text(out, `${tag}E`),
  };
}

function factsOf(out: ShellOutput): HostnameFacts {
  const files = new Map<string, string>();
  HOSTNAME_FILES.forEach((f, i) => {
    if (out.first(`F${i}`) !== undefined) files.set(f, text(out, `F${i}`));
  });
  return {
    system: out.first("UN") ?? "",
    distribution: out.first("OS") ?? "",
    version: out.first("OSV") ?? "",
    systemd: out.first("SD") === "1",
    files,
    hostnamectl: out.first("TR") === undefined
      ? undefined
      : { transient: command(out, "T"), static: command(out, "S") },
  };
}

/** Python's `socket.getfqdn()` from `_hfq`'s lines: the first dotted name of the host's address, else its canonical name. */
function fqdnOf(out: ShellOutput): string {
  const host = out.first("FQH") ?? "";
  const names = (out.first("FQR") ?? "").trim().split(/\s+/).slice(1);
  if (names.length === 0) return host;
  return names.find((n) => n.includes(".")) ?? names[0];
}

/**
 * The `hostname` module.
 *
 * @example
 * ```ts
 * await play.task("hostname", (host) => ({ name: `${host.name}.example.org` }));
 * ```
 */
export const hostnameModule: ModuleDefinition<HostnameArgs> = {
  name: "hostname",
  fqcn: "ansible.builtin.hostname",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from("hostname", input, [{ name: "name" }, { name: "use" }]);
    const name = a.requiredString("name");
    const use = a.string("use");
    if (use !== undefined && !(HOSTNAME_USES as readonly string[]).includes(use)) {
      throw a.error(`value of use must be one of: ${HOSTNAME_USES.join(", ")}, got: ${use}`);
    }
    return { name, use: use as HostnameUse | undefined };
  },
  async run(ctx, args) {
    try {
      return await setHostname(ctx, args);
    } catch (error) {
      if (error instanceof HostnameError || error instanceof MissingProgramError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
  },
};

async function setHostname(ctx: ModuleContext, args: HostnameArgs): Promise<ModuleResult> {
  const gathered = await runLibraryScript(ctx, gatherScript());
  const facts = factsOf(gathered);
  const strategy = pickStrategy(args.use, facts);
  if (strategy.needs === "hostnamectl") binPath(gathered, "HC", "hostnamectl");
  if (strategy.needs === "hostname") binPath(gathered, "HN", "hostname");
  const name = args.name;
  const current = strategy.current(facts);
  const permanent = strategy.permanent(facts);
  const steps = [
    { now: current, set: () => strategy.setCurrent(name, facts) },
    { now: permanent, set: () => strategy.setPermanent(name, facts) },
  ];
  if (strategy.permanentFirst) steps.reverse();
  let changed = false;
  const commands: string[] = [];
  for (const step of steps) {
    if (step.now === name) continue;
    changed = true;
    if (!ctx.check) commands.push(...step.set());
  }
  let fqdnFrom = gathered;
  if (commands.length > 0) {
    const done = await runLibraryScript(
      ctx,
      `${HOSTNAME_SH}
_tbin HN hostname >/dev/null; HN=$_tbp
_tbin HC hostnamectl >/dev/null; HC=$_tbp
${commands.join("\n")}
_hfq
`,
    );
    const error = done.first("E");
    if (error !== undefined) return { changed: false, failed: true, msg: error };
    const failed = command(done, "X");
    if (failed.rc !== 0) {
      return {
        changed: false,
        failed: true,
        msg: `Command failed rc=${failed.rc}, out=${failed.out}, err=${failed.err}`,
      };
    }
    fqdnFrom = done;
  }
  const before = name !== current ? current : permanent;
  const fqdn = fqdnOf(fqdnFrom);
  const result: ModuleResult = {
    changed,
    name,
    ansible_facts: {
      ansible_hostname: name.split(".")[0],
      ansible_nodename: name,
      ansible_fqdn: fqdn,
      ansible_domain: fqdn.split(".").slice(1).join("."),
    },
  };
  if (changed) result.diff = { after: `hostname = ${name}\n`, before: `hostname = ${before}\n` };
  return result;
}
