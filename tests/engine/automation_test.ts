/**
 * The automation author's loop at run time, through the real engine
 * (`runAutomation`, a real empty inventory, the implicit localhost): errors
 * name the automation's own file and line, unknown API names are caught with
 * a suggestion, declared extra vars are validated before the first play,
 * and a throwing `when`/`args` function fails its host, not the job.
 */
import assert from "node:assert/strict";
import * as v from "valibot";
import { defineAutomation, ExtraVarsError } from "../../mod.ts";
import type { Automation, AutomationContext, Play } from "../../mod.ts";
import {
  AutomationError,
  type EngineRunSummary,
  runAdhoc,
  runAutomation,
} from "../../src/engine/run.ts";
import { loadInventory } from "../../src/engine/inventory/mod.ts";
import type { HostResultInfo, RunObserver } from "../../src/engine/observer.ts";
import { SYSTEM_PATH } from "./_support.ts";

const SELF = new URL(import.meta.url).pathname;
const SOURCE = await Deno.readTextFile(SELF);

/** `tests/engine/automation_test.ts:LINE` of the line that holds `marker`. */
function at(marker: string): string {
  const line = SOURCE.split("\n").findIndex((l) => l.includes(marker) && !l.includes("at("));
  assert.ok(line >= 0, marker);
  return `tests/engine/automation_test.ts:${line + 1}:`;
}

interface Recorded {
  plays: string[];
  results: HostResultInfo[];
  messages: string[];
}

async function runIt(
  automation: Automation,
  extraVars: Record<string, unknown> = {},
): Promise<{ summary?: EngineRunSummary; error?: AutomationError; seen: Recorded }> {
  const seen: Recorded = { plays: [], results: [], messages: [] };
  const observer: RunObserver = {
    playStart: (p) => seen.plays.push(p.name),
    taskStart() {},
    hostStart() {},
    hostResult: (_t, r) => seen.results.push(r),
    message: (text) => seen.messages.push(text),
  };
  try {
    const summary = await runAutomation(automation, {
      inventory: await loadInventory([]),
      extraVars,
      signal: new AbortController().signal,
      observer,
      env: { PATH: SYSTEM_PATH },
    });
    return { summary, seen };
  } catch (error) {
    assert.ok(error instanceof AutomationError, String(error));
    return { error, seen };
  }
}

Deno.test("a throw reports the automation's own frames, file:line, and is fatal", async () => {
  const boom = defineAutomation({
    name: "boom",
    async run(ctx) {
      await ctx.play("p", "localhost", async (play) => {
        await play.debug("before");
      });
      throw new Error("kaboom"); // THROWS-HERE
    },
  });
  const { error, seen } = await runIt(boom);
  assert.ok(error);
  assert.equal(error.fatal, true);
  assert.equal(error.summary.stats.get("localhost")?.ok, 1);
  const [first, ...frames] = error.display.split("\n");
  assert.equal(first, "Error: kaboom");
  assert.ok(frames.length >= 1, error.display);
  assert.ok(frames[0].includes(at("THROWS-HERE")), error.display);
  for (const frame of frames) {
    assert.match(frame, /^ {4}at .*tests\/engine\/automation_test\.ts:\d+:\d+\)?$/);
  }
  assert.equal(seen.plays.length, 1);
});

Deno.test("play.shel: the tasks before it ran; the error names play.shell and the line", async () => {
  const typo = defineAutomation({
    name: "typo",
    async run(ctx) {
      await ctx.play("p", "localhost", async (play) => {
        await play.command("true");
        await play.command("true");
        await (play as unknown as { shel(cmd: string): Promise<void> }).shel("x"); // SHEL-HERE
      });
    },
  });
  const { error, seen } = await runIt(typo);
  assert.ok(error);
  assert.equal(seen.results.length, 2, "JavaScript meets the typo only when it gets there");
  assert.match(
    error.display,
    /^AutomationApiError: play\.shel is not part of the automation API \(did you mean play\.shell\?\)\. play has: command, debug, hosts, name, ping, shell, task\n/,
  );
  assert.ok(error.display.split("\n")[1].includes(at("SHEL-HERE")), error.display);
  assert.doesNotMatch(error.display, /src\/engine|ext:|node_modules/);
});

Deno.test("ctx names are guarded too: ctx.var suggests ctx.vars", async () => {
  const typo = defineAutomation({
    name: "typo",
    run(ctx) {
      const loose = ctx as unknown as { var: Record<string, unknown> };
      return Promise.resolve(void loose.var.target_hosts);
    },
  });
  const { error } = await runIt(typo);
  assert.match(
    error?.display ?? "",
    /ctx\.var is not part of the automation API \(did you mean ctx\.vars\?\)/,
  );
});

Deno.test("the play and ctx objects are frozen; awaiting or printing them is not an API error", async () => {
  let seenPlay: Play | undefined;
  let seenCtx: AutomationContext | undefined;
  const probe = defineAutomation({
    name: "probe",
    async run(ctx) {
      seenCtx = await Promise.resolve(ctx);
      await ctx.play("p", "localhost", async (play) => {
        seenPlay = await Promise.resolve(play);
        assert.equal(JSON.stringify(play.hosts), '["localhost"]');
        Deno.inspect(play);
      });
    },
  });
  const { summary } = await runIt(probe);
  assert.equal(summary?.rc, 0);
  assert.ok(Object.isFrozen(seenPlay) && Object.isFrozen(seenCtx));
  assert.throws(() => {
    (seenCtx as unknown as { check: boolean }).check = true;
  }, TypeError);
});

Deno.test("declared extra vars: typed values with defaults; hostVars see the defaults and keep what the job sent", async () => {
  let got: unknown;
  let hostVar: unknown = "unset";
  const typed = defineAutomation({
    name: "typed",
    vars: { app_port: v.optional(v.number(), 8080), target: v.string() },
    async run(ctx) {
      got = { ...ctx.vars };
      hostVar = ctx.hostVars("localhost").app_port;
      await ctx.play("p", ctx.vars.target, async (play) => {
        await play.debug(`port ${ctx.vars.app_port + 1}`);
      });
    },
  });
  const { summary, seen } = await runIt(typed, { target: "localhost", other: 1 });
  assert.equal(summary?.rc, 0);
  assert.deepEqual(got, { target: "localhost", other: 1, app_port: 8080 });
  assert.equal(hostVar, 8080, "a default is a variable of every host, as a twin's play vars");
  assert.equal(seen.results[0].result.msg, "port 8081");

  let seenVars: Record<string, unknown> = {};
  const coerced = defineAutomation({
    name: "coerced",
    vars: { app_port: v.pipe(v.string(), v.transform(Number)), absent: v.optional(v.string()) },
    async run(ctx) {
      got = { ...ctx.vars };
      seenVars = { ...ctx.hostVars("localhost") };
      await Promise.resolve();
    },
  });
  await runIt(coerced, { app_port: "9090" });
  assert.deepEqual(got, { app_port: 9090, absent: undefined });
  assert.equal(seenVars.app_port, "9090", "a var the job sent is what it sent");
  assert.equal(Object.hasOwn(seenVars, "absent"), false, "no default, no variable");
});

Deno.test("extra vars that do not match stop the job before its first play, naming each one", async () => {
  const typed = defineAutomation({
    name: "typed",
    vars: {
      app_port: v.optional(v.number(), 8080),
      mode: v.string(),
      level: v.picklist(["info", "debug"]),
      servers: v.array(v.object({ port: v.number() })),
    },
    async run(ctx) {
      await ctx.play("p", "localhost", async () => {});
    },
  });
  const { error, seen } = await runIt(typed, {
    app_port: "80",
    mode: 384,
    level: "verbose",
    servers: [{ port: 1 }, { port: "2" }],
  });
  assert.ok(error);
  assert.equal(error.fatal, true);
  assert.ok(error.cause instanceof ExtraVarsError);
  assert.deepEqual(seen.plays, []);
  assert.equal(
    error.display,
    "ExtraVarsError: The extra vars do not match what automation 'typed' declares:\n" +
      '  app_port: Invalid type: Expected number but received "80"\n' +
      "  mode: Invalid type: Expected string but received 384 " +
      "(YAML reads an unquoted 0600 as the octal number 384: quote it: '0600')\n" +
      '  level: Invalid type: Expected ("info" | "debug") but received "verbose"\n' +
      '  servers[1].port: Invalid type: Expected number but received "2"',
  );
});

Deno.test("a throwing when or args function fails its host with the automation's line; the play goes on", async () => {
  const partly = defineAutomation({
    name: "partly",
    async run(ctx) {
      await ctx.play("p", "localhost", async (play) => {
        await play.debug("a", {
          when: (h) => (h.vars.missing as { x: boolean }).x, // WHEN-HERE
          ignoreErrors: true,
        });
        await play.task("file", () => {
          throw new RangeError("no path for this host"); // ARGS-HERE
        }, { ignoreErrors: true });
        await play.debug("still running");
      });
    },
  });
  const { summary, seen } = await runIt(partly);
  assert.equal(summary?.rc, 0);
  const [when, args, last] = seen.results;
  assert.equal(when.outcome, "failed");
  assert.match(
    String(when.result.msg),
    /^The task's when function threw TypeError: Cannot read properties of undefined \(reading 'x'\) \(at tests\/engine\/automation_test\.ts:\d+:\d+\)$/,
  );
  assert.ok(String(when.result.msg).includes(at("WHEN-HERE")));
  const argsLine = SOURCE.split("\n").find((l) => l.includes("ARGS-HERE") && !l.includes("at("))!;
  const column = argsLine.indexOf("new RangeError") + 1;
  assert.equal(
    args.result.msg,
    "The task's arguments function threw RangeError: no path for this host " +
      `(at ${at("ARGS-HERE")}${column})`,
  );
  assert.equal(last.result.msg, "still running");
  assert.equal(summary?.stats.get("localhost")?.ignored, 2);
});

Deno.test("ad hoc errors keep their recap (not fatal) and their one-line text", async () => {
  try {
    await runAdhoc("frobnicate", undefined, "localhost", {
      inventory: await loadInventory([]),
      extraVars: {},
      signal: new AbortController().signal,
      observer: { playStart() {}, taskStart() {}, hostStart() {}, hostResult() {}, message() {} },
    });
    assert.fail("frobnicate ran");
  } catch (error) {
    assert.ok(error instanceof AutomationError);
    assert.equal(error.fatal, false);
    assert.match(
      error.display,
      /^UnknownModuleError: couldn't resolve module\/action 'frobnicate'\./,
    );
    assert.doesNotMatch(error.display, /\n/);
  }
});
