/**
 * The exchange script of `get_url` and `uri` run for real on this machine
 * (the `local` connection, its curl) against a Deno server on 127.0.0.1:
 * what the server receives (urllib's headers, the body, credentials only
 * after a challenge), redirects decided by tachyon one exchange at a time,
 * cookies carried, a HEAD request, a target without any HTTP client, and
 * `get_url` skipping the request when `dest` already has the checksum.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { countingContext, withTemp } from "./_support.ts";
import type { ModuleContext } from "../../../src/engine/modules/module.ts";
import { LocalConnection } from "../../../src/engine/connection/local.ts";
import { ProcessRegistry } from "../../../src/engine/process_registry.ts";
import { type FetchRequest, fetchUrl } from "../../../src/engine/modules/http_fetch.ts";
import { uriModule } from "../../../src/engine/modules/uri.ts";
import { getUrlModule } from "../../../src/engine/modules/get_url.ts";
import { SYSTEM_PATH } from "../_support.ts";

/** A request as the server saw it. */
interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A server that records requests; `/auth` wants Basic u:p, `/to/*` redirects with a cookie. */
async function withServer(fn: (base: string, seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    seen.push({
      method: req.method,
      path: url.pathname + url.search,
      headers: Object.fromEntries(req.headers),
      body: await req.text(),
    });
    if (url.pathname === "/auth" && req.headers.get("authorization") !== `Basic ${btoa("u:p")}`) {
      return new Response("who?", {
        status: 401,
        headers: { "WWW-Authenticate": 'Basic realm="x"' },
      });
    }
    if (url.pathname.startsWith("/to/")) {
      return new Response(null, {
        status: Number(url.pathname.slice(4)),
        headers: { Location: "/json", "Set-Cookie": "k=v; Path=/" },
      });
    }
    if (url.pathname === "/json") {
      return Response.json({ ok: true }, { headers: { "X-Twice": "1" } });
    }
    return new Response("plain\n", { headers: { "Content-Type": "text/plain" } });
  });
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, seen);
  } finally {
    await server.shutdown();
  }
}

/** A module context on the local connection with `env`. */
function localContext(dir: string, env: Record<string, string>): ModuleContext {
  const local = new LocalConnection("localhost", new ProcessRegistry(), {
    env: { PATH: SYSTEM_PATH, ...env },
  });
  return {
    host: "localhost",
    vars: {},
    connection: () => Promise.resolve(local),
    check: false,
    diff: false,
    signal: new AbortController().signal,
    controller: { projectDir: dir, privateDataDir: dir },
  };
}

function request(url: string, extra: Partial<FetchRequest> = {}): FetchRequest {
  return {
    url,
    method: "GET",
    headers: [],
    unredirectedHeaders: [],
    forceBasicAuth: false,
    httpAgent: "ansible-httpget",
    force: false,
    followRedirects: "safe",
    useNetrc: false,
    decompress: true,
    transport: { timeout: 10, validateCerts: true, useProxy: false },
    ...extra,
  };
}

Deno.test("exchange: urllib's headers, the body, credentials after a challenge", async () => {
  await withTemp(async (dir) => {
    await withServer(async (base, seen) => {
      const { ctx, execs } = countingContext(dir);
      const fetched = await fetchUrl(
        ctx,
        request(`${base}/auth`, {
          method: "PUT",
          body: new TextEncoder().encode("payload\n"),
          headers: [["x-custom", "1"]],
          username: "u",
          password: "p",
        }),
        { output: "body", inlineLimit: 1024 },
      );
      assert.equal(fetched.status, 200);
      assert.equal(new TextDecoder().decode(fetched.response?.body), "plain\n");
      assert.equal(fetched.info.msg, "OK (6 bytes)");
      assert.equal(execs(), 1, "one exchange: curl answered the challenge itself");
      assert.deepEqual(seen.map((s) => [s.method, s.body]), [["PUT", "payload\n"], [
        "PUT",
        "payload\n",
      ]]);
      assert.equal(seen[0].headers.authorization, undefined, "no credentials before the challenge");
      const headers = seen[1].headers;
      assert.equal(headers["user-agent"], "ansible-httpget");
      assert.equal(headers["accept-encoding"], "identity");
      assert.equal(headers["x-custom"], "1");
      assert.equal(headers["content-type"], "application/x-www-form-urlencoded");
      assert.equal(headers.accept, undefined);
      assert.equal(headers.expect, undefined);
      const left = await (await ctx.connection()).exec(`ls -A ${fetched.tempDir}`);
      assert.deepEqual(left.stdout.split("\n").filter((l) => l).sort(), [
        "body",
        "err",
        "head",
        "req",
      ]);
      await (await ctx.connection()).exec(`rm -rf ${fetched.tempDir}`);
    });
  });
});

Deno.test("exchange: redirects one exchange at a time, with the cookie; HEAD", async () => {
  await withTemp(async (dir) => {
    await withServer(async (base, seen) => {
      await Deno.mkdir(join(dir, "tmp"));
      const ctx = localContext(dir, { TMPDIR: join(dir, "tmp") });
      const result = await uriModule.run(ctx, uriModule.parseArgs({ url: `${base}/to/302` }));
      assert.equal(result.status, 200);
      assert.equal(result.redirected, true);
      assert.equal(result.url, `${base}/json`);
      assert.deepEqual(result.json, { ok: true });
      assert.equal(result.cookies_string, "k=v");
      assert.equal(result.x_twice, "1");
      assert.equal(seen[1].headers.cookie, "k=v");
      const posted = await uriModule.run(
        ctx,
        uriModule.parseArgs({ url: `${base}/to/307`, method: "POST", body: "x" }),
      );
      assert.equal(posted.failed, true);
      assert.equal(
        posted.msg,
        "Status code was 307 and not [200]: HTTP Error 307: Temporary Redirect",
      );
      assert.equal(posted.location, `${base}/json`);
      const head = await uriModule.run(
        ctx,
        uriModule.parseArgs({ url: `${base}/json`, method: "HEAD", return_content: true }),
      );
      assert.equal(head.content, "");
      assert.equal(seen.at(-1)?.method, "HEAD");
      const tmp = await (await ctx.connection()).exec(
        "ls -d ${TMPDIR:-/tmp}/tachyon-http.* 2>/dev/null || :",
      );
      assert.equal(tmp.stdout, "", "every exchange's temp dir is removed");
    });
  });
});

Deno.test("exchange: a target without curl or wget fails naming them", async () => {
  await withTemp(async (dir) => {
    const ctx = localContext(dir, { PATH: join(dir, "empty") });
    const result = await uriModule.run(ctx, uriModule.parseArgs({ url: "http://127.0.0.1:1/" }));
    assert.equal(result.failed, true);
    assert.equal(
      result.msg,
      "tachyon runs HTTP requests on the target with curl or GNU wget, and this host has " +
        "neither (install curl)",
    );
  });
});

Deno.test("get_url: a dest with the right checksum is not downloaded again", async () => {
  await withTemp(async (dir) => {
    await withServer(async (base, seen) => {
      const { ctx } = countingContext(dir);
      const dest = join(dir, "plain.txt");
      const sha256 = "8d2d1e7a1e1f3e1d86aa72c8fb6c1a7a0b1c1e1a1c1f1e1d1c1b1a19181716";
      const wanted = Array.from(
        new Uint8Array(
          await crypto.subtle.digest("SHA-256", new TextEncoder().encode("plain\n")),
        ),
      ).map((b) => b.toString(16).padStart(2, "0")).join("");
      assert.notEqual(wanted, sha256);
      const args = getUrlModule.parseArgs({
        url: `${base}/plain`,
        dest,
        checksum: `sha256:${wanted}`,
      });
      const first = await getUrlModule.run(ctx, args);
      assert.equal(first.changed, true, JSON.stringify(first));
      assert.equal(first.msg, "OK (6 bytes)");
      assert.equal(await Deno.readTextFile(dest), "plain\n");
      const requests = seen.length;
      const again = await getUrlModule.run(ctx, args);
      assert.equal(again.changed, false);
      assert.equal(again.msg, "file already exists");
      assert.equal(seen.length, requests, "no request the second time");
      const wrong = await getUrlModule.run(
        ctx,
        getUrlModule.parseArgs({ url: `${base}/plain`, dest, checksum: `sha256:${sha256}` }),
      );
      assert.equal(wrong.failed, true);
      assert.equal(
        wrong.msg,
        `The checksum for ${dest} did not match ${sha256}; it was ${wanted}.`,
      );
      await assert.rejects(
        Deno.stat(dest),
        Deno.errors.NotFound,
        "a mismatching download is removed",
      );
    });
  });
});
