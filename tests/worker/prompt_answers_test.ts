/**
 * `passwords` applied as ansible-runner's pexpect applies them: regex search
 * with Python syntax and DOTALL, earliest match first, then the order given;
 * and the start prompts ansible-playbook 2.14 prints for `-k` and `-K`.
 */
import assert from "node:assert/strict";
import { PromptAnswers, startupPasswords } from "../../src/worker/prompt_answers.ts";

/** The regexes AWX writes for a machine credential (awx/main/tasks/jobs.py). */
const AWX = {
  "Enter passphrase for .*:\\s*?$": "unlock",
  "Bad passphrase, try again for .*:\\s*?$": "",
  "SSH password:\\s*?$": "ssh-pw",
  "Password:\\s*?$": "ssh-pw",
  "BECOME password.*:\\s*?$": "become-pw",
};

Deno.test("PromptAnswers answers each prompt AWX's regexes are made for", async (t) => {
  const answers = new PromptAnswers(AWX);
  const cases: [string, string | undefined][] = [
    ["SSH password: ", "ssh-pw"],
    ["BECOME password: ", "become-pw"],
    ["BECOME password[defaults to SSH password]: ", "become-pw"],
    ["Enter passphrase for /runner/artifacts/1/ssh_key_data: ", "unlock"],
    ["Bad passphrase, try again for /runner/artifacts/1/ssh_key_data: ", ""],
    ["Vault password: ", undefined],
    ["SSH password: trailing text", undefined],
  ];
  for (const [prompt, expected] of cases) {
    await t.step(JSON.stringify(prompt), () => assert.equal(answers.answer(prompt), expected));
  }
});

Deno.test("PromptAnswers: the match that starts first wins, then the order given", () => {
  const answers = new PromptAnswers({ "password": "later-start", "SSH": "first-start" });
  assert.equal(answers.answer("SSH password: "), "first-start");
  const tie = new PromptAnswers({ "SSH p": "first-given", "SSH": "second-given" });
  assert.equal(tie.answer("SSH password: "), "first-given");
});

Deno.test("PromptAnswers: Python syntax, DOTALL, and unusable regexes named", () => {
  const answers = new PromptAnswers({
    "(?P<who>\\w+)'s password:": "named",
    "line one.line two": "dotall",
    "(?L)x": "bad flag",
  });
  assert.equal(answers.answer("deploy's password: "), "named");
  assert.equal(answers.answer("line one\nline two"), "dotall");
  assert.deepEqual(answers.unusable, ["(?L)x"]);
});

Deno.test("startupPasswords: -k and -K as ansible-playbook prompts them", async (t) => {
  const answers = new PromptAnswers(AWX);
  await t.step(
    "-k only",
    () =>
      assert.deepEqual(startupPasswords(answers, { askPass: true, askBecomePass: false }), {
        password: "ssh-pw",
      }),
  );
  await t.step(
    "-K only",
    () =>
      assert.deepEqual(startupPasswords(answers, { askPass: false, askBecomePass: true }), {
        becomePassword: "become-pw",
      }),
  );
  await t.step(
    "neither",
    () => assert.deepEqual(startupPasswords(answers, { askPass: false, askBecomePass: false }), {}),
  );
  await t.step("-K answered empty after -k: the SSH password", () =>
    assert.deepEqual(
      startupPasswords(new PromptAnswers({ ...AWX, "BECOME password.*:\\s*?$": "" }), {
        askPass: true,
        askBecomePass: true,
      }),
      { password: "ssh-pw", becomePassword: "ssh-pw" },
    ));
  await t.step("no answer: the problem names the prompt, not a secret", () => {
    const found = startupPasswords(new PromptAnswers({}), { askPass: true, askBecomePass: true });
    assert.equal(found.password, undefined);
    assert.match(found.passwordProblem!, /no answer for the prompt "SSH password: "/);
    assert.match(
      found.becomeProblem!,
      /no answer for the prompt "BECOME password\[defaults to SSH password\]: "/,
    );
  });
});
