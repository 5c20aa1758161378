/**
 * hostname without a target: which strategy Ansible's rules pick (systemd
 * when it runs, else by distribution), what each reads and the commands it
 * writes, and argument errors with Ansible's texts. On real targets:
 * `hostname_interop_test.ts`.
 */
import assert from "node:assert/strict";
import {
  HostnameError,
  type HostnameFacts,
  pickStrategy,
} from "../../../src/engine/modules/hostname_strategy.ts";
import { hostnameModule } from "../../../src/engine/modules/hostname.ts";
import { ModuleArgsError } from "../../../src/engine/modules/module.ts";

function facts(overrides: Partial<HostnameFacts> = {}): HostnameFacts {
  return {
    system: "Linux",
    distribution: "debian",
    version: "12",
    systemd: false,
    files: new Map(),
    ...overrides,
  };
}

Deno.test("hostname picks Ansible's strategy", () => {
  const cases: [HostnameFacts, string | undefined, string][] = [
    [facts(), undefined, "file"],
    [facts({ distribution: "ubuntu" }), undefined, "file"],
    [facts({ systemd: true }), undefined, "systemd"],
    [facts({ distribution: "rhel" }), undefined, "redhat"],
    [facts({ distribution: "amzn" }), undefined, "redhat"],
    [facts({ distribution: "alpine" }), undefined, "alpine"],
    [facts({ distribution: "gentoo" }), undefined, "openrc"],
    [facts({ distribution: "sles", version: "12" }), undefined, "sles"],
    [facts(), "debian", "systemd"],
    [facts(), "generic", "generic"],
    [facts({ systemd: true }), "alpine", "alpine"],
  ];
  for (const [f, use, name] of cases) {
    assert.equal(pickStrategy(use as never, f).name, name, `${f.distribution} ${use}`);
  }
  assert.throws(
    () => pickStrategy(undefined, facts({ distribution: "fedora" })),
    (e: unknown) =>
      e instanceof HostnameError &&
      e.message === "hostname module cannot be used on platform Linux (Fedora)",
  );
  assert.throws(
    () => pickStrategy(undefined, facts({ distribution: "sles", version: "15.4" })),
    /cannot be used on platform Linux \(Sles\)/,
  );
  assert.throws(() => pickStrategy("freebsd", facts()), /does not support use=freebsd/);
});

Deno.test("hostname strategies read and write as Ansible's", () => {
  const files = new Map([
    ["/etc/hostname", " old \n"],
    ["/etc/sysconfig/network", "NETWORKING=yes\nHOSTNAME=old.example\n"],
    ["/etc/conf.d/hostname", '# comment\nhostname="old"\n'],
  ]);
  const f = facts({ files });
  const file = pickStrategy(undefined, f);
  assert.deepEqual([file.current(f), file.permanent(f)], ["old", "old"]);
  assert.deepEqual(file.setCurrent("new", f), []);
  assert.deepEqual(file.setPermanent("new", f), [
    "printf '%s' 'new\n' > /etc/hostname || " +
    "{ printf 'E failed to update hostname: cannot write %s\\n' /etc/hostname; exit 0; }",
  ]);
  const redhat = pickStrategy("redhat", f);
  assert.equal(redhat.permanent(f), "old.example");
  assert.match(redhat.setPermanent("new", f)[0], /'NETWORKING=yes\nHOSTNAME=new\n'/);
  const openrc = pickStrategy("openrc", f);
  assert.equal(openrc.permanent(f), "old");
  assert.match(openrc.setPermanent("new", f)[0], /'# comment\nhostname="new"\n'/);
  const systemd = pickStrategy("systemd", {
    ...f,
    hostnamectl: {
      transient: { rc: 0, out: "run\n", err: "" },
      static: { rc: 1, out: "", err: "no bus" },
    },
  });
  assert.equal(systemd.permanentFirst, true);
  assert.equal(
    systemd.current({
      ...f,
      hostnamectl: {
        transient: { rc: 0, out: "run\n", err: "" },
        static: { rc: 0, out: "", err: "" },
      },
    }),
    "run",
  );
  assert.throws(
    () =>
      systemd.permanent({
        ...f,
        hostnamectl: {
          transient: { rc: 0, out: "", err: "" },
          static: { rc: 1, out: "", err: "no bus" },
        },
      }),
    /^HostnameError: Command failed rc=1, out=, err=no bus$/,
  );
  assert.throws(() => systemd.setCurrent("x".repeat(65), f), /longer than 64 characters/);
  assert.throws(() => pickStrategy("generic", f).permanent(f), /NotImplementedError/);
  assert.throws(
    () => pickStrategy("redhat", facts()).permanent(facts()),
    /Unable to locate HOSTNAME entry in \/etc\/sysconfig\/network/,
  );
});

Deno.test("hostname arguments: Ansible's errors", () => {
  assert.deepEqual(hostnameModule.parseArgs("name=web01"), { name: "web01", use: undefined });
  const cases: [Record<string, unknown>, string][] = [
    [{}, "missing required arguments: name"],
    [
      { name: "x", use: "windows" },
      "value of use must be one of: alpine, debian, freebsd, generic, macos, macosx, darwin, " +
      "openbsd, openrc, redhat, sles, solaris, systemd, got: windows",
    ],
    [{ name: "x", strategy: "file" }, "Unsupported parameters for (hostname) module: strategy."],
  ];
  for (const [args, message] of cases) {
    assert.throws(
      () => hostnameModule.parseArgs(args),
      (e: unknown) => e instanceof ModuleArgsError && e.message.startsWith(message),
      message,
    );
  }
});
