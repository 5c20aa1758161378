/**
 * Lab hosts: real, isolated Debian targets for tests and benchmarks that
 * change a target's state (users, sudo, su, root-owned files) without touching
 * this machine's users, `/etc`, packages or services. Each host is an overlay
 * of one cached debootstrap image, in its own mount, pid, uts, ipc and network
 * namespaces, with its own sshd on its own address of the `tlab0` bridge.
 *
 * ```ts
 * import { KEY_USER, startLabHosts, SUDO_NOPASSWD_USER } from "./tests/_support/lab/mod.ts";
 * await using lab = await startLabHosts({ count: 2, namePrefix: "web" });
 * // ssh ...lab.sshArgs(lab.hosts[0], SUDO_NOPASSWD_USER.name) sudo -n whoami → root
 * ```
 *
 * @module
 */
export * from "./users.ts";
export {
  ensureLabImage,
  labCacheDir,
  type LabImage,
  labImageDigest,
  LabImageError,
  type LabImageFlavour,
  type LabImageOptions,
  labUserIds,
} from "./image.ts";
export {
  LAB_SSH_PORT,
  type LabFileContent,
  type LabFiles,
  type LabHost,
  LabHostStartError,
  LabHostStopError,
  type LabRunOptions,
} from "./host.ts";
export { LabPathError, resolveInRoot } from "./root_path.ts";
export { LAB_BRIDGE, LAB_GATEWAY, LAB_PREFIX, LabNetworkError, linkExists } from "./network.ts";
export { cleanStaleSessions } from "./sessions.ts";
export {
  type LabHosts,
  type LabSshOptions,
  LabStopError,
  startLabHosts,
  type StartLabHostsOptions,
} from "./lab.ts";
export { LabToolError, type ToolOutput } from "./process.ts";
