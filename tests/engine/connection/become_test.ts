/**
 * The commands Ansible's sudo and su plugins build (flags, `-n` dropped with
 * a password, the unique prompt) and the handshake states read from what the
 * method prints.
 */
import assert from "node:assert/strict";
import {
  BecomeError,
  becomeKey,
  type BecomeSpec,
  escalation,
} from "../../../src/engine/connection/become.ts";

Deno.test("escalation wraps the loop as Ansible's sudo and su plugins do", async (t) => {
  const cases: [string, BecomeSpec, string][] = [
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
    await t.step(name, () => assert.equal(escalation(spec, "K").wrap("X"), `${expected} X`));
  }
});

Deno.test("su runs the command through -c, on a terminal", () => {
  const su = escalation({ method: "su", user: "app", flags: "-l" }, "K");
  assert.equal(su.wrap("/bin/sh -c 'x'"), String.raw`su -l app -c '/bin/sh -c '\''x'\'''`);
  assert.equal(su.tty, true);
  assert.equal(escalation({ method: "sudo", user: "root" }, "K").tty, false);
});

Deno.test("escalation refuses a method tachyon does not run", () => {
  assert.throws(
    () => escalation({ method: "pbrun", user: "root" }, "K"),
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

Deno.test("the handshake state from what sudo and su print", async (t) => {
  const prompt = "[sudo via tachyon, key=K] password:";
  const sudo = (spec: Partial<BecomeSpec>) =>
    escalation({ method: "sudo", user: "root", ...spec }, "K");
  const su = (spec: Partial<BecomeSpec>) =>
    escalation({ method: "su", user: "root", ...spec }, "K");
  const pw = { password: "pw" };
  const none = { passwordProblem: "no -K answer" };
  const cases: [string, ReturnType<typeof escalation>, string, string][] = [
    ["sudo: nothing yet", sudo(pw), "", "waiting"],
    [
      "sudo: the lecture only",
      sudo(pw),
      "We trust you have received the usual lecture\n",
      "waiting",
    ],
    ["sudo: prompted", sudo(pw), prompt, "prompted"],
    [
      "sudo: wrong password",
      sudo(pw),
      `${prompt}\nSorry, try again.\n${prompt}`,
      "Incorrect sudo password",
    ],
    ["sudo: prompt repeated", sudo(pw), `${prompt}${prompt}`, "Incorrect sudo password"],
    [
      "sudo -n: a password is required",
      sudo(pw),
      "sudo: a password is required\n",
      "Missing sudo password",
    ],
    [
      "sudo: prompted without a password",
      sudo(none),
      prompt,
      "Missing sudo password: no -K answer",
    ],
    ["su: login noise", su(pw), "Welcome\r\n", "waiting"],
    ["su: prompted", su(pw), "Welcome\r\nPassword: ", "prompted"],
    ["su: another user's prompt", su(pw), "root's Password: ", "prompted"],
    [
      "su: wrong password",
      su(pw),
      "Password: \r\nsu: Authentication failure\r\n",
      "Incorrect su password",
    ],
    [
      "su: prompted without a password",
      su(none),
      "Password: ",
      "Missing su password: no -K answer",
    ],
  ];
  for (const [name, method, output, expected] of cases) {
    await t.step(name, () => {
      const state = method.state(output);
      assert.equal(state.kind === "failed" ? state.error.message : state.kind, expected);
    });
  }
});
