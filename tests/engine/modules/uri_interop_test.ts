/**
 * `uri` against the real Ansible 2.14 on twin lab hosts, each with the
 * same HTTP(S) server on its own 127.0.0.1 (`_http_server.ts`): the
 * request runs on the target (urllib there, curl for tachyon) and the
 * whole results must match (status, `msg`, lowercased headers, cookies,
 * `json`, `content`, `redirected`, `url`, failures), but for the date and
 * elapsed time. Also: `dest` twice (the second run asks with
 * `If-Modified-Since`, and a 304 fails unless `status_code` lists it),
 * `creates`/`removes`, check mode (skipped), credentials that never reach
 * a process's argv or environment on the target, and the wget fallback.
 */
import assert from "node:assert/strict";
import { startLabTwins } from "./_twin_lab.ts";
import {
  BASE,
  comparable,
  HTTP_PASSWORD,
  HTTP_USER,
  httpServerFiles,
  startHttpServers,
  TLS_BASE,
} from "./_http_server.ts";
import { withDeadline } from "../../_support/deadline.ts";

const STATE = `cd /srv/out && for f in $(ls -A | sort); do stat -c '%n %a %U %G %s' "$f"; ` +
  `sha1sum < "$f"; done`;

Deno.test({
  name: "uri on lab hosts: the same results as Ansible's, request by request",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "uri interop", async () => {
      const files = await httpServerFiles({ "a.txt": "content A\n" }, true);
      await using twins = await startLabTwins("uri", { files });
      await startHttpServers(twins, true);
      await twins.shell("mkdir -p /srv/out && echo present > /srv/out/marker");
      /** Runs `cases` in order on each side (Ansible's as one playbook) and compares each. */
      const sameAll = async (cases: Record<string, unknown>[]) => {
        const { ansible, tachyon } = await twins.runSteps(
          cases.map((args) => ({ module: "uri", args })),
        );
        cases.forEach((args, i) =>
          assert.deepEqual(comparable(tachyon[i]), comparable(ansible[i]), JSON.stringify(args))
        );
        return ansible;
      };

      await t.step("GET: headers, cookies, JSON, content, charsets", async () => {
        const [cookies] = await sameAll([
          { url: `${BASE}/cookies` },
          { url: `${BASE}/echo`, headers: { "X-My-Header": "v", Accept: "text/plain" } },
          { url: `${BASE}/echo`, headers: "X-A=1, X-B=2", http_agent: "" },
          { url: `${BASE}/nolength`, return_content: true },
          { url: `${BASE}/gzip`, return_content: true },
          { url: `${BASE}/a.txt`, return_content: true, method: "HEAD" },
          { url: `${BASE}/jsonish?type=application/problem%2Bjson&body=%5B1%2C%22x%22%5D` },
          { url: `${BASE}/jsonish?type=text/plain&body=%7B%7D`, return_content: true },
        ]);
        assert.equal(cookies.cookies_string, "zeta=1; alpha=two");
      });

      await t.step("statuses: failures, status_code, error bodies", async () => {
        const [missing] = await sameAll([
          { url: `${BASE}/status/404` },
          { url: `${BASE}/status/404`, return_content: true },
          { url: `${BASE}/status/404`, status_code: [404, 200] },
          { url: `${BASE}/status/500`, status_code: "200, 201" },
          { url: `${BASE}/echo?status=201`, status_code: 201 },
        ]);
        assert.equal(missing.msg, "Status code was 404 and not [200]: HTTP Error 404: Not Found");
      });

      await t.step("bodies: json, form-urlencoded, raw, methods", async () => {
        await sameAll([
          {
            url: `${BASE}/echo`,
            method: "POST",
            body: { a: [1, { b: null }], s: "é" },
            body_format: "json",
          },
          { url: `${BASE}/echo`, body_format: "json" },
          {
            url: `${BASE}/echo`,
            method: "put",
            body: { a: "x y", b: [1, 2], c: true },
            body_format: "form-urlencoded",
          },
          {
            url: `${BASE}/echo`,
            method: "PATCH",
            body: "raw text",
            headers: { "Content-Type": "text/plain" },
          },
          { url: `${BASE}/echo`, method: "DELETE" },
          { url: `${BASE}/echo`, method: "GE T" },
        ]);
      });

      await t.step("redirects: safe, all, none, urllib2, loops", async () => {
        const [followed] = await sameAll([
          { url: `${BASE}/redirect/302?to=/echo%3Fx=1` },
          { url: `${BASE}/redirect/302?to=/echo`, method: "POST", body: "x" },
          { url: `${BASE}/redirect/301?to=/echo`, follow_redirects: "none" },
          {
            url: `${BASE}/redirect/307?to=/echo`,
            method: "POST",
            body: "kept",
            follow_redirects: "all",
            headers: { "X-Kept": "1", "X-Gone": "2" },
            unredirected_headers: ["X-Gone"],
          },
          {
            url: `${BASE}/redirect/303?to=${BASE}/echo`,
            method: "PUT",
            body: "dropped",
            follow_redirects: "yes",
          },
          {
            url: `${BASE}/redirect/301?to=/echo`,
            method: "POST",
            body: "x",
            follow_redirects: "urllib2",
          },
          { url: `${BASE}/redirect/302?to=/redirect/302` },
          { url: `${BASE}/redirect/302?to=/status/404` },
        ]);
        assert.equal(followed.redirected, true);
      });

      await t.step("credentials: challenge, forced, in the URL, wrong, masked", async () => {
        const auth = { url_username: HTTP_USER, url_password: HTTP_PASSWORD };
        const results = await sameAll([
          { url: `${BASE}/basic`, ...auth, return_content: true },
          {
            url: `${BASE}/basic`,
            user: HTTP_USER,
            password: HTTP_PASSWORD,
            force_basic_auth: true,
          },
          { url: `http://${HTTP_USER}:${HTTP_PASSWORD}@127.0.0.1:8080/basic` },
          { url: `${BASE}/basic`, user: HTTP_USER, password: "wrong" },
          {
            url: `${BASE}/jsonish?body=%7B%22${HTTP_PASSWORD}%22%3A%20%22${HTTP_PASSWORD}%22%7D`,
            ...auth,
            return_content: true,
          },
        ]);
        assert.deepEqual(results.slice(0, 3).map((r) => r.status), [200, 200, 200]);
        assert.ok(!JSON.stringify(results[4]).includes(HTTP_PASSWORD));
      });

      await t.step("the password is in no argv, environment or file on the target", async () => {
        // The password comes on stdin, so the polling shell's own argv does not hold it.
        const poll = `read -r pw; all=$(for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; ` +
          `echo; tr '\\0' '\\n' < $p/environ; done 2>/dev/null); ` +
          `case $all in *"$pw"*) echo 1 ;; *) echo 0 ;; esac`;
        const basic = btoa(`${HTTP_USER}:${HTTP_PASSWORD}`);
        for (const force of [false, true]) {
          let sawCurl = false;
          let running = true;
          const request = twins.tachyon("uri", {
            url: `${BASE}/slow?s=3`,
            url_username: HTTP_USER,
            url_password: HTTP_PASSWORD,
            force_basic_auth: force,
          }).finally(() => running = false);
          while (running) {
            for (const secret of [HTTP_PASSWORD, basic]) {
              const hits = await twins.tachyonHost.run(poll, { stdin: `${secret}\n` });
              assert.equal(hits.stdout.trim(), "0", `${secret} showed in /proc (force ${force})`);
            }
            const procs = await twins.tachyonHost.run("ps -eo args | grep -c '^curl -K' || :");
            sawCurl ||= Number(procs.stdout.trim()) > 0;
          }
          const result = await request;
          assert.equal(result.status, 200, JSON.stringify(result));
          assert.ok(sawCurl, "curl ran on the target while the test looked");
        }
        const left = await twins.tachyonHost.run(
          `read -r pw; grep -rl -- "$pw" /tmp /dev/shm /root /home 2>/dev/null || :`,
          { stdin: `${HTTP_PASSWORD}\n` },
        );
        assert.equal(left.stdout, "", "no file keeps the password");
      });

      await t.step("errors: refused, timeout, TLS, URLs", async () => {
        await sameAll([
          { url: "http://127.0.0.1:1/x" },
          { url: `${BASE}/slow?s=4`, timeout: 2 },
          { url: `${TLS_BASE}/echo` },
          { url: `${TLS_BASE}/echo`, validate_certs: false },
          { url: "no-scheme" },
          { url: "gopher://127.0.0.1/x" },
        ]);
      });

      await t.step("dest twice, status_code 304, a dest dir, mode", async () => {
        const dest = { url: `${BASE}/a.txt`, dest: "/srv/out/a.txt" };
        const [first, again] = await sameAll([
          dest,
          dest,
          { ...dest, status_code: [200, 304] },
          { url: `${BASE}/disposition`, dest: "/srv/out/", mode: "0640" },
          { url: `${BASE}/echo`, dest: "/srv/out", return_content: true },
        ]);
        assert.equal(first.changed, true);
        assert.match(String(again.msg), /^Status code was 304 /);
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA);
      });

      await t.step("creates, removes, check mode", async () => {
        await sameAll([
          { url: `${BASE}/echo`, creates: "/srv/out/marker" },
          { url: `${BASE}/echo`, removes: "/srv/out/nothing" },
          { url: `${BASE}/echo`, removes: "/srv/out/marker" },
        ]);
        const [a, ours] = await twins.both("uri", { url: `${BASE}/echo` }, { check: true });
        assert.deepEqual([ours.skipped, ours.changed, ours.msg], [a.skipped, a.changed, a.msg]);
      });

      await t.step("without curl: GNU wget on the target", async () => {
        const { tachyonHost } = twins;
        const wget = await Deno.readFile("/usr/bin/wget");
        await Deno.writeFile(await tachyonHost.path("/usr/local/bin/wget"), wget, { mode: 0o755 });
        await tachyonHost.run("mv /usr/bin/curl /usr/bin/curl.hidden");
        try {
          // wget always sends `Accept: */*`: compare what does not echo the request.
          await sameAll([
            { url: `${BASE}/cookies` },
            { url: `${BASE}/status/404`, return_content: true },
            { url: `${BASE}/basic`, user: HTTP_USER, password: HTTP_PASSWORD },
            { url: `${BASE}/redirect/302?to=/a.txt`, return_content: true },
            { url: "http://127.0.0.1:1/x" },
          ]);
          const [, posted] = await twins.both("uri", {
            url: `${BASE}/echo`,
            method: "POST",
            body: { k: "v" },
            body_format: "json",
          });
          assert.deepEqual(
            [(posted.json as Record<string, unknown>).body, posted.status],
            ['{"k": "v"}', 200],
          );
          await tachyonHost.run("mv /usr/local/bin/wget /usr/local/bin/wget.hidden");
          const none = await twins.tachyon("uri", { url: `${BASE}/echo` });
          assert.equal(none.failed, true);
          assert.match(String(none.msg), /curl or GNU wget/);
        } finally {
          await tachyonHost.run("mv /usr/bin/curl.hidden /usr/bin/curl");
        }
      });
    });
  },
});
