/**
 * `setup`'s virtualization facts, computed from the probe's output in the
 * order Ansible's `LinuxVirtual` checks containers, hypervisors, DMI, cpuinfo
 * and kernel modules.
 *
 * @module
 */
import type { ProbeOutput } from "./setup_probe.ts";
import type { RawFacts } from "./setup_system.ts";

const DMI = "/sys/devices/virtual/dmi/id";

/**
 * Ansible's `LinuxVirtual.get_virtual_facts`.
 *
 * @example
 * ```ts
 * virtualFacts(out).virtualization_role; // "guest"
 * ```
 */
export function virtualFacts(out: ProbeOutput): RawFacts {
  const v: Record<string, string> = {};
  let found = false;
  const host = new Set<string>();
  const guest = new Set<string>();
  const set = (type: string, role?: string) => {
    if (found) return;
    v.virtualization_type = type;
    if (role !== undefined) v.virtualization_role = role;
    found = true;
  };
  if (out.exists("/proc/1/cgroup")) {
    for (const line of out.lines("/proc/1/cgroup")) {
      if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) {
        guest.add("docker");
        set("docker", "guest");
      }
      if (/\/lxc\//.test(line) || /\/machine\.slice\/machine-lxc/.test(line)) {
        guest.add("lxc");
        set("lxc", "guest");
      }
      if (/\/system\.slice\/containerd\.service/.test(line)) {
        guest.add("containerd");
        set("containerd", "guest");
      }
    }
  }
  if (out.exists("/proc/1/environ")) {
    for (const line of out.section("environ1").split("\n").filter(Boolean)) {
      if (/container=lxc/.test(line)) {
        guest.add("lxc");
        set("lxc", "guest");
      }
      if (/container=podman/.test(line)) {
        guest.add("podman");
        set("podman", "guest");
      }
      if (/^container=./.test(line)) {
        guest.add("container");
        set("container", "guest");
      }
    }
  }
  if (out.exists("/proc/vz") && !out.exists("/proc/lve")) {
    v.virtualization_type = "openvz";
    if (out.exists("/proc/bc")) {
      host.add("openvz");
      if (!found) v.virtualization_role = "host";
    } else {
      guest.add("openvz");
      if (!found) v.virtualization_role = "guest";
    }
    found = true;
  }
  const systemdContainer = out.file("/run/systemd/container");
  if (systemdContainer) {
    guest.add(systemdContainer);
    set(systemdContainer, "guest");
  }
  if (out.exists("/.dockerenv") || out.exists("/.dockerinit")) {
    guest.add("docker");
    set("docker", "guest");
  }
  if (["docker", "lxc", "podman", "openvz", "containerd"].some((t) => guest.has(t))) {
    guest.add("container");
  } else if (systemdContainer) guest.add("container");
  if (out.exists("/proc/xen")) {
    const isHost = out.lines("/proc/xen/capabilities").some((l) => l.includes("control_d"));
    if (isHost) {
      host.add("xen");
      if (!found) Object.assign(v, { virtualization_type: "xen", virtualization_role: "host" });
    } else if (!found) {
      Object.assign(v, { virtualization_type: "xen", virtualization_role: "guest" });
    }
    found = true;
  }
  if (!found) v.virtualization_role = "guest";
  const productName = out.file(`${DMI}/product_name`);
  const sysVendor = out.file(`${DMI}/sys_vendor`);
  const productFamily = out.file(`${DMI}/product_family`);
  const bios = out.file(`${DMI}/bios_vendor`);
  const guestType = (tech: string, type = tech) => {
    guest.add(tech);
    if (!found) {
      v.virtualization_type = type;
      found = true;
    }
  };
  if (["KVM", "KVM Server", "Bochs", "AHV"].includes(productName ?? "")) guestType("kvm");
  if (sysVendor === "oVirt") guestType("oVirt");
  if (sysVendor === "Red Hat") {
    if (productFamily === "RHV") guestType("RHV");
    else if (productName === "RHEV Hypervisor") guestType("RHEV");
  }
  if (["VMware Virtual Platform", "VMware7,1"].includes(productName ?? "")) guestType("VMware");
  if (["OpenStack Compute", "OpenStack Nova"].includes(productName ?? "")) guestType("openstack");
  if (bios === "Xen") guestType("xen");
  if (bios === "innotek GmbH") guestType("virtualbox");
  if (["Amazon EC2", "DigitalOcean", "Hetzner"].includes(bios ?? "")) guestType("kvm");
  const kvmVendors = ["QEMU", "Amazon EC2", "DigitalOcean", "Google", "Scaleway", "Nutanix"];
  if (kvmVendors.includes(sysVendor ?? "")) guestType("kvm");
  if (sysVendor === "KubeVirt") guestType("KubeVirt");
  if (sysVendor === "Microsoft Corporation") guestType("VirtualPC");
  if (sysVendor === "Parallels Software International Inc.") guestType("parallels");
  if (sysVendor === "OpenStack Foundation") guestType("openstack");
  if (!found) delete v.virtualization_role;
  if (out.exists("/proc/self/status")) {
    for (const line of out.lines("/proc/self/status")) {
      if (!/^VxID:\s+\d+/.test(line)) continue;
      if (!found) v.virtualization_type = "linux_vserver";
      if (/^VxID:\s+0/.test(line)) {
        host.add("linux_vserver");
        if (!found) v.virtualization_role = "host";
      } else {
        guest.add("linux_vserver");
        if (!found) v.virtualization_role = "guest";
      }
      found = true;
    }
  }
  if (out.exists("/proc/cpuinfo")) {
    for (const line of out.section("vcpu").split("\n")) {
      let tech: string;
      if (/^model name.*QEMU Virtual CPU/.test(line)) tech = "kvm";
      else if (/^vendor_id.*User Mode Linux/.test(line)) tech = "uml";
      else if (/^model name.*UML/.test(line)) tech = "uml";
      else if (/^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = "kvm";
      else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = "powervm_lx86";
      else if (/^vendor_id.*IBM\/S390/.test(line)) {
        tech = "PR/SM";
        guest.add(tech);
        if (!found) v.virtualization_type = tech;
        const hyper = /^\s*Hypervisor\s*:(.*)$/m.exec(out.section("lscpu"))?.[1]?.trim();
        if (out.section("lscpu")) {
          if (hyper) {
            guest.add(hyper);
            if (!found) v.virtualization_type = hyper;
          }
        } else {
          guest.add("ibm_systemz");
          if (!found) v.virtualization_type = "ibm_systemz";
        }
        if (v.virtualization_type === "PR/SM") {
          if (!found) v.virtualization_role = "LPAR";
        } else if (!found) v.virtualization_role = "guest";
        found = true;
        continue;
      } else continue;
      guest.add(tech);
      if (!found) v.virtualization_type = tech;
      if (v.virtualization_type === "PR/SM") {
        if (!found) v.virtualization_role = "LPAR";
      } else if (!found) v.virtualization_role = "guest";
      found = true;
    }
  }
  if (out.exists("/proc/modules") && out.files.has("/proc/modules")) {
    const modules = out.lines("/proc/modules").map((l) => l.split(" ")[0]);
    if (modules.includes("kvm")) {
      host.add("kvm");
      if (!found) Object.assign(v, { virtualization_type: "kvm", virtualization_role: "host" });
      if (out.exists("/rhev/")) {
        const comms = out.section("comms").split("\n").map((l) => l.trimEnd());
        if (comms.some((c) => c === "vdsm" || c === "vdsmd")) {
          host.add("RHEV");
          if (!found) v.virtualization_type = "RHEV";
        }
      }
      found = true;
    }
    if (modules.includes("vboxdrv")) {
      host.add("virtualbox");
      set("virtualbox", "host");
    }
    if (modules.includes("virtio")) {
      host.add("kvm");
      set("kvm", "guest");
    }
  }
  const dmidecode = out.section("dmidecode");
  if (/^rc=0$/m.test(dmidecode)) {
    const text = dmidecode.replace(/^rc=0\n?$/m, "");
    const vendor = text.split("\n").filter((l) => !l.startsWith("#")).map((l) => l.trim()).join(
      "",
    );
    if (vendor.startsWith("VMware")) {
      guest.add("VMware");
      set("VMware", "guest");
    }
    if (text.includes("BHYVE")) {
      guest.add("bhyve");
      set("bhyve", "guest");
    }
  }
  if (out.exists("/dev/kvm")) {
    host.add("kvm");
    set("kvm", "host");
  }
  if (!found) set("NA", "NA");
  return {
    ...v,
    virtualization_tech_guest: [...guest],
    virtualization_tech_host: [...host],
  };
}
