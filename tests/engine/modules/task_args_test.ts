/**
 * The typed task arguments (`src/engine/modules/task_args.ts`) stay in step
 * with what each module's `parseArgs` accepts: every typed name is accepted
 * at run time, and every name a module lists as supported is typed (the few
 * left out on purpose are named here).
 */
import assert from "node:assert/strict";
import { findModule, MODULE_NAMES } from "../../../src/engine/modules/registry.ts";
import type { BuiltinModule, ModuleTaskArgs } from "../../../src/engine/modules/task_args.ts";

/** Every key of any member of a union of object types. */
type AllKeys<T> = T extends unknown ? keyof T : never;

/** apt's names (package takes them too, and `use`). */
const APT_NAMES = [
  "name",
  "pkg",
  "package",
  "state",
  "update_cache",
  "update-cache",
  "update_cache_retries",
  "update_cache_retry_max_delay",
  "cache_valid_time",
  "purge",
  "deb",
  "default_release",
  "default-release",
  "install_recommends",
  "install-recommends",
  "force",
  "upgrade",
  "dpkg_options",
  "autoremove",
  "autoclean",
  "fail_on_autoremove",
  "policy_rc_d",
  "only_upgrade",
  "force_apt_get",
  "clean",
  "allow_unauthenticated",
  "allow-unauthenticated",
  "allow_downgrade",
  "allow_downgrades",
  "allow-downgrade",
  "allow-downgrades",
  "allow_change_held_packages",
  "lock_timeout",
] as const;

/** Each module's typed names: checked both ways against the types below. */
const TYPED = {
  assert: ["that", "fail_msg", "msg", "success_msg", "quiet"],
  user: [
    "name",
    "user",
    "state",
    "uid",
    "non_unique",
    "group",
    "groups",
    "comment",
    "home",
    "shell",
    "password",
    "login_class",
    "password_expire_max",
    "password_expire_min",
    "hidden",
    "seuser",
    "force",
    "remove",
    "create_home",
    "createhome",
    "skeleton",
    "system",
    "move_home",
    "append",
    "generate_ssh_key",
    "ssh_key_bits",
    "ssh_key_type",
    "ssh_key_file",
    "ssh_key_comment",
    "ssh_key_passphrase",
    "update_password",
    "expires",
    "password_lock",
    "local",
    "profile",
    "authorization",
    "role",
    "umask",
  ],
  group: ["name", "state", "gid", "system", "local", "non_unique"],
  authorized_key: [
    "user",
    "key",
    "path",
    "manage_dir",
    "state",
    "key_options",
    "exclusive",
    "comment",
    "validate_certs",
    "follow",
  ],
  replace: [
    "path",
    "dest",
    "destfile",
    "regexp",
    "replace",
    "after",
    "before",
    "backup",
    "validate",
    "encoding",
    "mode",
    "owner",
    "group",
    "unsafe_writes",
  ],
  cron: [
    "name",
    "user",
    "job",
    "value",
    "cron_file",
    "state",
    "backup",
    "minute",
    "hour",
    "day",
    "dom",
    "month",
    "weekday",
    "dow",
    "special_time",
    "disabled",
    "env",
    "insertafter",
    "insertbefore",
  ],
  hostname: ["name", "use"],
  sysctl: [
    "name",
    "key",
    "value",
    "val",
    "state",
    "reload",
    "sysctl_set",
    "ignoreerrors",
    "sysctl_file",
  ],
  pause: ["seconds", "minutes", "prompt", "echo"],
  template: [
    "src",
    "dest",
    "mode",
    "owner",
    "group",
    "backup",
    "force",
    "newline_sequence",
    "trim_blocks",
    "lstrip_blocks",
    "variable_start_string",
    "variable_end_string",
    "block_start_string",
    "block_end_string",
    "comment_start_string",
    "comment_end_string",
    "output_encoding",
    "validate",
    "follow",
    "unsafe_writes",
  ],
  blockinfile: [
    "path",
    "dest",
    "destfile",
    "mode",
    "owner",
    "group",
    "state",
    "block",
    "content",
    "marker",
    "marker_begin",
    "marker_end",
    "insertafter",
    "insertbefore",
    "create",
    "backup",
  ],
  command: [
    "cmd",
    "_raw_params",
    "argv",
    "chdir",
    "creates",
    "removes",
    "stdin",
    "stdin_add_newline",
    "strip_empty_ends",
    "executable",
  ],
  copy: ["src", "content", "mode", "owner", "group", "dest", "backup", "force", "thirsty"],
  debug: ["msg", "var", "verbosity"],
  fail: ["msg"],
  fetch: ["src", "dest", "flat", "fail_on_missing", "validate_checksum"],
  file: ["path", "dest", "mode", "owner", "group", "state", "src", "recurse", "force", "follow"],
  lineinfile: [
    "path",
    "dest",
    "destfile",
    "mode",
    "owner",
    "group",
    "state",
    "line",
    "value",
    "regexp",
    "regex",
    "search_string",
    "insertafter",
    "insertbefore",
    "backrefs",
    "create",
    "backup",
    "firstmatch",
  ],
  ping: ["data"],
  raw: ["_raw_params", "executable"],
  script: ["cmd", "_raw_params", "creates", "removes", "chdir", "executable"],
  setup: ["gather_subset", "filter", "gather_timeout", "fact_path"],
  gather_facts: ["gather_subset", "filter", "gather_timeout", "fact_path"],
  shell: [
    "cmd",
    "_raw_params",
    "chdir",
    "creates",
    "removes",
    "stdin",
    "stdin_add_newline",
    "strip_empty_ends",
    "executable",
  ],
  slurp: ["src", "path"],
  stat: [
    "path",
    "dest",
    "follow",
    "get_checksum",
    "checksum_algorithm",
    "checksum",
    "checksum_algo",
    "get_md5",
    "get_mime",
    "mime",
    "mime_type",
    "mime-type",
    "get_attributes",
    "attr",
    "attributes",
  ],
  wait_for: [
    "host",
    "port",
    "path",
    "state",
    "timeout",
    "delay",
    "sleep",
    "connect_timeout",
    "search_regex",
    "msg",
  ],
  apt: APT_NAMES,
  package: [...APT_NAMES, "use"],
  get_url: [
    "url",
    "dest",
    "backup",
    "checksum",
    "tmp_dest",
    "username",
    "password",
    "force",
    "http_agent",
    "use_proxy",
    "validate_certs",
    "url_username",
    "url_password",
    "force_basic_auth",
    "client_cert",
    "client_key",
    "use_gssapi",
    "timeout",
    "headers",
    "unredirected_headers",
    "decompress",
    "ciphers",
    "use_netrc",
    "unsafe_writes",
    "mode",
    "owner",
    "group",
  ],
  uri: [
    "url",
    "password",
    "force",
    "http_agent",
    "use_proxy",
    "validate_certs",
    "url_username",
    "url_password",
    "force_basic_auth",
    "client_cert",
    "client_key",
    "use_gssapi",
    "timeout",
    "headers",
    "unredirected_headers",
    "decompress",
    "ciphers",
    "use_netrc",
    "unsafe_writes",
    "mode",
    "owner",
    "group",
    "method",
    "body",
    "body_format",
    "src",
    "remote_src",
    "dest",
    "return_content",
    "follow_redirects",
    "creates",
    "removes",
    "status_code",
    "ca_path",
    "unix_socket",
    "user",
  ],
  unarchive: [
    "src",
    "dest",
    "remote_src",
    "copy",
    "creates",
    "list_files",
    "keep_newer",
    "exclude",
    "include",
    "extra_opts",
    "validate_certs",
    "io_buffer_size",
    "decrypt",
    "unsafe_writes",
    "mode",
    "owner",
    "group",
  ],
  git: [
    "repo",
    "name",
    "dest",
    "version",
    "remote",
    "refspec",
    "reference",
    "force",
    "depth",
    "clone",
    "update",
    "verify_commit",
    "gpg_whitelist",
    "accept_hostkey",
    "accept_newhostkey",
    "key_file",
    "ssh_opts",
    "executable",
    "bare",
    "recursive",
    "single_branch",
    "track_submodules",
    "umask",
    "archive",
    "archive_prefix",
    "separate_git_dir",
  ],
  service: [
    "name",
    "state",
    "enabled",
    "pattern",
    "sleep",
    "arguments",
    "args",
    "runlevel",
    "use",
    "runlevels",
    "daemonize",
  ],
  sysvinit: [
    "name",
    "state",
    "enabled",
    "sleep",
    "pattern",
    "arguments",
    "args",
    "runlevels",
    "daemonize",
  ],
  systemd: [
    "name",
    "state",
    "enabled",
    "masked",
    "force",
    "daemon_reload",
    "daemon-reload",
    "daemon_reexec",
    "daemon-reexec",
    "scope",
    "no_block",
  ],
  systemd_service: [
    "name",
    "state",
    "enabled",
    "masked",
    "force",
    "daemon_reload",
    "daemon-reload",
    "daemon_reexec",
    "daemon-reexec",
    "scope",
    "no_block",
  ],
} as const satisfies { [M in BuiltinModule]: readonly AllKeys<ModuleTaskArgs[M]>[] };

/** Typed names missing from TYPED: must be none (else this is a type error naming them). */
type Untested = {
  [M in BuiltinModule]: Exclude<AllKeys<ModuleTaskArgs[M]>, (typeof TYPED)[M][number]>;
}[BuiltinModule];
const complete: [Untested] extends [never] ? true : Untested = true;

/** Accepted at run time but left out of the types on purpose (see task_args.ts). */
const UNTYPED: Partial<Record<BuiltinModule, readonly string[]>> = {
  replace: ["name"],
  template: ["attributes", "attr", "selevel", "serole", "setype", "seuser", "state"],
  blockinfile: ["name"],
  file: ["name"],
  lineinfile: ["name"],
  stat: ["name"],
  // `argv` is command's (Ansible's shell has none); the shared parser lets it through.
  shell: ["argv"],
  get_url: ["attributes", "attr", "selevel", "serole", "setype", "seuser"],
  uri: ["attributes", "attr", "selevel", "serole", "setype", "seuser"],
  unarchive: ["attributes", "attr", "selevel", "serole", "setype", "seuser"],
  sysvinit: ["service"],
  systemd: ["service", "unit"],
  systemd_service: ["service", "unit"],
};

/** Required arguments a probe must carry: these modules (as Ansible's) report them before unknown ones. */
const PROBE_REQUIRED: Partial<Record<BuiltinModule, Record<string, string>>> = {
  get_url: { url: "http://example.invalid/", dest: "/tmp/x" },
  uri: { url: "http://example.invalid/" },
  sysvinit: { name: "x", state: "started" },
};

/** Typed and accepted, but absent from the module's "Supported parameters" message, as in Ansible. */
const UNLISTED: Partial<Record<BuiltinModule, readonly string[]>> = {
  // package hands its arguments to apt: Ansible's message is apt's (`ansible.legacy.apt`).
  package: ["use"],
};

Deno.test("every module has typed task arguments, and every typed name is listed here", () => {
  assert.equal(complete, true);
  assert.deepEqual([...MODULE_NAMES].sort(), Object.keys(TYPED).sort());
});

Deno.test("every typed name is one the module's parseArgs accepts", async (t) => {
  for (const name of MODULE_NAMES) {
    await t.step(name, async () => {
      const module = await findModule(name);
      for (const key of TYPED[name]) {
        try {
          module.parseArgs({ [key]: "x" });
        } catch (error) {
          // Other complaints (a missing required parameter, a bad value) are fine here.
          assert.doesNotMatch(
            (error as Error).message,
            /Unsupported parameters|Invalid options/,
            `${name}: ${key}`,
          );
        }
      }
    });
  }
});

Deno.test("every name a module lists as supported is typed (or left out on purpose)", async (t) => {
  let compared = 0;
  for (const name of MODULE_NAMES) {
    await t.step(name, async () => {
      const module = await findModule(name);
      let message = "";
      try {
        module.parseArgs({ ...PROBE_REQUIRED[name], tachyon_probe: 1 });
      } catch (error) {
        message = (error as Error).message;
      }
      const listed = /Supported parameters include: (.*?)(?: \((.*)\))?\.$/.exec(message);
      if (name === "service") {
        // service hands its arguments to the module the target's init system picks: that one checks.
        assert.equal(message, "", name);
        return;
      }
      if (!listed) {
        // fail and assert word it as Ansible does ("Invalid options for fail: …"), without a list.
        assert.match(message, /Invalid options for (fail|assert): tachyon_probe/, name);
        return;
      }
      const supported = [...listed[1].split(", "), ...(listed[2]?.split(", ") ?? [])];
      const typed = [...TYPED[name], ...(UNTYPED[name] ?? [])]
        .filter((key) => !(UNLISTED[name] ?? []).includes(key));
      assert.deepEqual([...supported].sort(), [...typed].sort(), name);
      compared++;
    });
  }
  assert.equal(compared, MODULE_NAMES.length - 3);
});
