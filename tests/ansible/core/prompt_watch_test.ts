/**
 * Prompts on the terminal answered from the job's passwords, once each.
 *
 * @module
 */
import assert from "node:assert/strict";
import { PromptWatch } from "../../../src/ansible/core/prompt_watch.ts";

Deno.test("a prompt is answered when the output ends with it, once", () => {
  const watch = new PromptWatch({
    "SSH password:\\s*?$": "s3cret",
    "BECOME password.*:\\s*?$": "b",
  });
  assert.equal(watch.see("SSH pass"), undefined);
  assert.equal(watch.see("word: "), "s3cret");
  assert.equal(watch.see(""), undefined);
  assert.equal(watch.see("BECOME password[defaults to SSH password]: "), "b");
});

Deno.test("without passwords nothing is answered; old output leaves the window", () => {
  assert.equal(new PromptWatch({}).see("SSH password: "), undefined);
  const watch = new PromptWatch({ "Vault password:": "v" });
  assert.equal(watch.see(`Vault pass${"x".repeat(200)}word:`), undefined);
});
