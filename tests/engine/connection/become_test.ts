/**
 * The sudo prefix Ansible's sudo plugin builds (flags, `-n` dropped with a
 * password, the unique prompt) and the handshake states read from stderr.
 */
import assert from "node:assert/strict";
import {
  BecomeError,
  becomeKey,
  becomePrefix,
  becomeState,
} from "../../../src/engine/connection/become.ts";

Deno.test("becomePrefix builds sudo's words as Ansible's sudo plugin does", async (t) => {
  const cases: [string, Parameters<typeof becomePrefix>[0], string][] = [
    [
      "defaults",
      { method: "sudo", user: "root" },
      "sudo -H -S -n -p '[sudo via tachyon, key=K] password:' -u root",
    ],
    [
      "a password drops -n",
      { method: "sudo", user: "root", password: "pw" },
      "sudo -H -S -p '[sudo via tachyon, key=K] password:' -u root",
    ],
    [
      "-n inside combined flags",
      { method: "sudo", user: "app", flags: "-HSn -E", password: "pw" },
      "sudo -HS -E -p '[sudo via tachyon, key=K] password:' -u app",
    ],
    ["--non-interactive dropped", {
      method: "sudo",
      user: "app",
      flags: "--non-interactive -H",
      password: "pw",
    }, "sudo -H -p '[sudo via tachyon, key=K] password:' -u app"],
    [
      "become_exe",
      { method: "sudo", user: "root", exe: "/usr/local/bin/sudo" },
      "/usr/local/bin/sudo -H -S -n -p '[sudo via tachyon, key=K] password:' -u root",
    ],
    [
      "a user needing quotes",
      { method: "sudo", user: "a b" },
      "sudo -H -S -n -p '[sudo via tachyon, key=K] password:' -u 'a b'",
    ],
  ];
  for (const [name, spec, expected] of cases) {
    await t.step(name, () => assert.equal(becomePrefix(spec, "K").prefix, expected));
  }
});

Deno.test("becomePrefix refuses a method tachyon does not run", () => {
  assert.throws(
    () => becomePrefix({ method: "pbrun", user: "root" }, "K"),
    (e) => e instanceof BecomeError && /become method 'pbrun' is not supported/.test(e.message),
  );
});

Deno.test("becomeKey: one channel per method, user, flags and exe; not per password", () => {
  assert.equal(
    becomeKey({ method: "sudo", user: "root", password: "a" }),
    becomeKey({ method: "sudo", user: "root", password: "b" }),
  );
  assert.notEqual(
    becomeKey({ method: "sudo", user: "root" }),
    becomeKey({ method: "sudo", user: "app" }),
  );
});

Deno.test("becomeState reads sudo's stderr", async (t) => {
  const prompt = "[sudo via tachyon, key=K] password:";
  const withPassword = { method: "sudo", user: "root", password: "pw" };
  const without = { method: "sudo", user: "root", passwordProblem: "no -K answer" };
  const cases: [string, string, Parameters<typeof becomeState>[2], string][] = [
    ["nothing yet", "", withPassword, "waiting"],
    ["the lecture only", "We trust you have received the usual lecture\n", withPassword, "waiting"],
    ["prompted", prompt, withPassword, "prompted"],
    [
      "wrong password",
      `${prompt}\nSorry, try again.\n${prompt}`,
      withPassword,
      "Incorrect sudo password",
    ],
    ["prompt repeated", `${prompt}${prompt}`, withPassword, "Incorrect sudo password"],
    [
      "-n and a password required",
      "sudo: a password is required\n",
      withPassword,
      "Missing sudo password",
    ],
    ["prompted without a password", prompt, without, "Missing sudo password: no -K answer"],
  ];
  for (const [name, stderr, spec, expected] of cases) {
    await t.step(name, () => {
      const state = becomeState(stderr, prompt, spec);
      assert.equal(state.kind === "failed" ? state.error.message : state.kind, expected);
    });
  }
});
