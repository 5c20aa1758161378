/**
 * Which service manager a target runs, as the `service` action finds it:
 * the host's `ansible_facts.service_mgr` when facts were gathered, else
 * Ansible's `service_mgr` fact collector run on the target: pid 1's name
 * (a shell or `init` says nothing), else systemd's canaries with
 * `systemctl`, upstart, OpenRC, an `/sbin/init` link to systemd, and
 * `/etc/init.d` for SysV. The lab's Debian hosts (pid 1 a shell, no
 * systemd) are `sysvinit`.
 *
 * @module
 */
import type { ModuleContext } from "./module.ts";
import { runLibraryScript, type ShellOutput } from "./remote_sh.ts";
import { SERVICE_SH } from "./service_sh.ts";

/**
 * The probe: pid 1's name, the kernel, the tools and paths the collector checks.
 *
 * @example
 * ```ts
 * const manager = serviceManagerOf(await runLibraryScript(ctx, SERVICE_MGR_SH));
 * ```
 */
export const SERVICE_MGR_SH: string = `${SERVICE_SH}
if [ -r /proc/1/comm ]; then _svenc P1 < /proc/1/comm
else printf 'PS %s\\n' "$(ps -p 1 -o comm 2>/dev/null | tail -n 1)"; fi
printf 'UN %s\\n' "$(uname -s)"
_svbin SC systemctl >/dev/null && echo SYSTEMCTL
_svbin IC initctl >/dev/null && echo INITCTL
for _c in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/; do [ -e "$_c" ] && echo CANARY; done
[ -e /etc/init/ ] && echo UPSTARTDIR
[ -e /sbin/openrc ] && echo OPENRC
[ -L /sbin/init ] && printf 'INIT %s\\n' "$(readlink /sbin/init)"
[ -e /etc/init.d/ ] && echo INITD
`;

const PROC1_NAMES: Readonly<Record<string, string>> = {
  procd: "openwrt_init",
  "runit-init": "runit",
  svscan: "svc",
  "openrc-init": "openrc",
};

/**
 * The collector's answer from {@linkcode SERVICE_MGR_SH}'s output (Linux;
 * other kernels fall back to `service`, as Ansible's collector does for
 * the ones it does not name).
 *
 * @example
 * ```ts
 * serviceManagerOf(ShellOutput.parse("P1 base64 c3lzdGVtZAo=\nUN Linux\n")); // "systemd"
 * ```
 */
export function serviceManagerOf(out: ShellOutput): string {
  let proc1: string | undefined;
  const comm = out.bytes("P1");
  if (comm !== undefined) proc1 = new TextDecoder().decode(comm).trim();
  else {
    const ps = out.first("PS");
    if (ps !== undefined && ps.trim() !== "" && !/^ *[0-9]+ /.test(ps) && ps !== "COMMAND") {
      proc1 = ps;
    }
  }
  const init = out.first("INIT");
  if (proc1 === undefined && init !== undefined) proc1 = init;
  if (proc1 !== undefined) proc1 = proc1.split("/").pop()!.trim();
  if (proc1 === "" || proc1 === "init" || proc1?.endsWith("sh")) proc1 = undefined;
  if (proc1 !== undefined) return PROC1_NAMES[proc1] ?? proc1;
  if (out.first("UN") !== "Linux") return "service";
  const has = (tag: string) => out.first(tag) !== undefined;
  if (has("SYSTEMCTL") && has("CANARY")) return "systemd";
  if (has("INITCTL") && has("UPSTARTDIR")) return "upstart";
  if (has("OPENRC")) return "openrc";
  if (has("SYSTEMCTL") && init?.split("/").pop() === "systemd") return "systemd";
  if (has("INITD")) return "sysvinit";
  return "service";
}

/**
 * The host's service manager: its `ansible_facts.service_mgr` when known,
 * else the collector run on the target.
 *
 * @example
 * ```ts
 * const manager = await serviceManager(ctx); // "sysvinit" on the lab hosts
 * ```
 */
export async function serviceManager(ctx: ModuleContext): Promise<string> {
  const facts = ctx.vars.ansible_facts;
  if (typeof facts === "object" && facts !== null) {
    const known = (facts as Record<string, unknown>).service_mgr;
    if (typeof known === "string" && known !== "") return known;
  }
  return serviceManagerOf(await runLibraryScript(ctx, SERVICE_MGR_SH));
}
