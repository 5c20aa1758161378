/**
 * The askpass broker with real FIFOs and the real askpass script (run
 * directly, as ssh runs it): answers per session, concurrent prompts, a
 * prompt without an answer, and nothing left after close.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { AskpassBroker } from "../../../src/engine/connection/askpass.ts";

async function ask(env: Readonly<Record<string, string>>, prompt: string) {
  const out = await new Deno.Command(env.SSH_ASKPASS, {
    args: [prompt],
    env: { ...env },
    stdin: "null",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

Deno.test("askpass answers each session's prompts through FIFOs and cleans up", async () => {
  const parent = await Deno.makeTempDir({ prefix: "tachyon_askpass_test_" });
  const dir = join(parent, "broker");
  const broker = await AskpassBroker.start(dir);
  try {
    const secret = `pa ss'w"$(touch ${parent}/x)\\n%s`;
    const a = broker.session((p) => p.endsWith("password: ") ? secret : undefined);
    const b = broker.session(() => "other");
    const answers = await Promise.all([
      ask(a.env, "u@h's password: "),
      ask(b.env, "u@h's password: "),
      ask(a.env, "Verification code: "),
      ...Array.from({ length: 6 }, () => ask(a.env, "u@h's password: ")),
    ]);
    assert.deepEqual(answers[0], { code: 0, stdout: `${secret}\n` });
    assert.deepEqual(answers[1], { code: 0, stdout: "other\n" });
    assert.deepEqual(answers[2], { code: 1, stdout: "" });
    for (const extra of answers.slice(3)) {
      assert.deepEqual(extra, { code: 0, stdout: `${secret}\n` });
    }
    assert.deepEqual(a.unanswered, ["Verification code: "]);
    assert.equal(a.asked.length, 8);
    assert.deepEqual(
      [...Deno.readDirSync(parent)].map((e) => e.name),
      ["broker"],
      "no command ran",
    );
    a.close();
    assert.deepEqual(await ask(a.env, "u@h's password: "), { code: 1, stdout: "" });
  } finally {
    await broker.close();
  }
  assert.deepEqual([...Deno.readDirSync(parent)], [], "the broker's dir is removed");
  await Deno.remove(parent);
});
