/**
 * `get_url` against the real Ansible 2.14 on twin lab hosts, each with the
 * same HTTP(S) server on its own 127.0.0.1 (`_http_server.ts`): the same
 * steps in the same order on each host, comparing every result (but for
 * times and temp names) and the downloaded files (content, mode, owner,
 * backups). Covers check mode (a HEAD request), idempotence (a second run
 * gets `304 Not Modified`), a changed file on the server, `force`,
 * `backup`, checksums (hex and checksum files, matching or not, bad
 * ones), `dest` directories (`Content-Disposition`, the URL, a redirect's
 * target), `tmp_dest`, `mode`/`owner`/`group`, credentials, gzip, errors,
 * and a download without become.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { startLabTwins, type TwinStep } from "./_twin_lab.ts";
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

const STATE = `for f in $(find /srv/dl /home/lab-sudo/dl -mindepth 1 | sort); do ` +
  `stat -c '%n %F %a %U %G %s' "$f" | sed -E 's/\\.[0-9]+\\.[0-9-]+@[0-9:]+~ /.<backup> /'; ` +
  `if [ -f "$f" ]; then sha1sum < "$f"; fi; done`;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

Deno.test({
  name: "get_url on lab hosts: the same results and files as Ansible's",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    await withDeadline(420_000, "get_url interop", async () => {
      const a1 = "content A\n";
      const site = {
        "a.txt": a1,
        "b.tgz": "not really a tarball\n",
        "dir/c.txt": "in a dir\n",
        SHA256SUMS: `${sha256(a1)}  a.txt\n${sha256("x")} *./b.tgz\n`,
        "single.sha256": `${sha256(a1)}\n`,
      };
      const files = await httpServerFiles(site, true);
      await using twins = await startLabTwins("gurl", { files });
      await startHttpServers(twins, true);
      await twins.shell(
        "mkdir -p /srv/dl/sub /srv/tmpdl && touch /srv/notadir && " +
          "install -d -o lab-sudo -g lab-sudo /home/lab-sudo/dl",
      );

      /** Runs `steps` in order on each side and compares each result, then the files. */
      const sameAll = async (steps: (Record<string, unknown> | TwinStep)[]) => {
        const twinSteps = steps.map((s) =>
          "module" in s ? s as TwinStep : { module: "get_url", args: s }
        );
        const { ansible, tachyon } = await twins.runSteps(twinSteps);
        twinSteps.forEach((step, i) =>
          assert.deepEqual(
            comparable(tachyon[i]),
            comparable(ansible[i]),
            `${i}: ${JSON.stringify(step)}`,
          )
        );
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA, "the files");
        return ansible;
      };
      const check = (args: Record<string, unknown>): TwinStep => ({
        module: "get_url",
        args,
        check: true,
      });

      await t.step("a file: check mode, download, again (304), check mode again", async () => {
        const a = { url: `${BASE}/a.txt`, dest: "/srv/dl/a.txt" };
        const results = await sameAll([check(a), a, a, check(a)]);
        assert.deepEqual(results.map((r) => r.changed), [true, true, false, false]);
        assert.equal(results[2].status_code, 304);
      });

      await t.step("a newer file on the server, backup, force", async () => {
        await twins.shell("sleep 1.1; printf 'content B\\n' > /srv/http/a.txt");
        const a = { url: `${BASE}/a.txt`, dest: "/srv/dl/a.txt" };
        const results = await sameAll([
          check(a),
          { ...a, backup: true },
          { ...a, force: true },
          { ...a, force: true, mode: "0600" },
        ]);
        assert.deepEqual(results.map((r) => r.changed), [true, true, false, true]);
      });

      await t.step("checksums: matching, mismatching, files, bad ones", async () => {
        const b = sha256("content B\n");
        await sameAll([
          { url: `${BASE}/a.txt`, dest: "/srv/dl/a.txt", checksum: `sha256:${b}` },
          {
            url: `${BASE}/a.txt`,
            dest: "/srv/dl/a.txt",
            checksum: `sha256:${b.toUpperCase()}`,
            mode: "0644",
          },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/a2.txt", checksum: `sha256:${sha256("other")}` },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/a.txt", checksum: `sha256:${sha256(a1)}` },
          { url: `${BASE}/b.tgz`, dest: "/srv/dl/b.tgz", checksum: `sha256:${BASE}/SHA256SUMS` },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/c.txt", checksum: `sha256:${BASE}/single.sha256` },
          {
            url: `${BASE}/dir/c.txt`,
            dest: "/srv/dl/d.txt",
            checksum: `sha256:${BASE}/SHA256SUMS`,
          },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/e.txt", checksum: "sha256:not-hex" },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/e.txt", checksum: "d41d8cd98f00b204" },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/f.txt", checksum: "whirlpool:abcd" },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/f.txt", checksum: "md5:abcd" },
          { url: `${BASE}/a.txt`, dest: "/srv/dl/g.txt", checksum: `sha256:${BASE}/missing` },
        ]);
      });

      await t.step("dest directories, tmp_dest, mode and owner", async () => {
        await sameAll([
          { url: `${BASE}/disposition`, dest: "/srv/dl/sub/" },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/sub" },
          { url: `${BASE}/redirect/302?to=/b.tgz`, dest: "/srv/dl/sub/" },
          check({ url: `${BASE}/dir/`, dest: "/srv/dl/sub" }),
          {
            url: `${BASE}/dir/c.txt`,
            dest: "/srv/dl/owned.txt",
            owner: "lab-key",
            group: "lab-key",
            mode: "0640",
          },
          {
            url: `${BASE}/dir/c.txt`,
            dest: "/srv/dl/owned.txt",
            owner: "lab-key",
            mode: "u=rw,g=r",
          },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/t1.txt", tmp_dest: "/srv/tmpdl" },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/t2.txt", tmp_dest: "/srv/notadir" },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/t3.txt", tmp_dest: "/srv/absent" },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/nodir/x.txt" },
          { url: `${BASE}/dir/c.txt`, dest: "/srv/dl/o.txt", owner: "nobody-here" },
        ]);
        const [leftA, leftOurs] = await twins.shell("ls -A /srv/tmpdl");
        assert.deepEqual([leftOurs, leftA], ["", ""], "tmp_dest is left empty");
      });

      await t.step("credentials, gzip, TLS, errors", async () => {
        await sameAll([
          {
            url: `${BASE}/basic`,
            dest: "/srv/dl/auth.txt",
            url_username: HTTP_USER,
            url_password: HTTP_PASSWORD,
          },
          {
            url: `${BASE}/basic`,
            dest: "/srv/dl/auth2.txt",
            username: HTTP_USER,
            password: HTTP_PASSWORD,
            force_basic_auth: true,
          },
          { url: `${BASE}/basic`, dest: "/srv/dl/auth3.txt", username: HTTP_USER, password: "no" },
          { url: `${BASE}/gzip`, dest: "/srv/dl/gz.txt" },
          { url: `${TLS_BASE}/a.txt`, dest: "/srv/dl/tls.txt" },
          { url: `${TLS_BASE}/a.txt`, dest: "/srv/dl/tls.txt", validate_certs: false },
          { url: `${BASE}/status/404`, dest: "/srv/dl/404.txt" },
          { url: `${BASE}/status/500`, dest: "/srv/dl/" },
          { url: "http://127.0.0.1:1/x", dest: "/srv/dl/refused.txt" },
          { url: `${BASE}/slow?s=4`, dest: "/srv/dl/slow.txt", timeout: 2 },
          { url: "no-scheme", dest: "/srv/dl/x.txt" },
        ]);
      });

      await t.step("without become: into the user's own directory", async () => {
        const plain = { url: `${BASE}/a.txt`, dest: "/home/lab-sudo/dl/a.txt" };
        for (const args of [plain, plain, { ...plain, dest: "/srv/dl/denied.txt" }]) {
          const [a, ours] = await twins.both("get_url", args, { noBecome: true });
          assert.deepEqual(comparable(ours), comparable(a), JSON.stringify(args));
        }
        const [stateA, stateOurs] = await twins.shell(STATE);
        assert.equal(stateOurs, stateA, "the files");
      });
    });
  },
});
