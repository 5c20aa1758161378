import assert from "node:assert/strict";

/**
 * DOS times are local times: zipDirectory and extractZip must agree with
 * Python in a zone that is not UTC (and has DST). Both sides run as child
 * processes with the same TZ.
 */

const MOD = new URL("../../src/zip/mod.ts", import.meta.url).href;

async function run(command: string, args: string[], tz: string): Promise<string> {
  const out = await new Deno.Command(command, {
    args,
    env: { TZ: tz },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

const deno = (code: string, tz: string) =>
  run(Deno.execPath(), ["eval", "--no-config", `import * as zip from "${MOD}";\n${code}`], tz);
const python = (code: string, tz: string, ...args: string[]) =>
  run("/usr/bin/python3", ["-c", code, ...args], tz);

const SUMMER = Date.UTC(2024, 6, 1, 12, 0, 0) / 1000; // 08:00 in New York (EDT)
const WINTER = Date.UTC(2024, 0, 15, 12, 0, 1) / 1000; // 07:00:00 in New York (EST), odd second

Deno.test("DOS times are local time on both sides (TZ=America/New_York)", async () => {
  const work = await Deno.makeTempDir({ prefix: "tachyon_tz_" });
  try {
    const tz = "America/New_York";
    await Deno.mkdir(`${work}/src`);
    await Deno.writeTextFile(`${work}/src/summer`, "s");
    await Deno.writeTextFile(`${work}/src/winter`, "w");
    await Deno.utime(`${work}/src/summer`, SUMMER, SUMMER);
    await Deno.utime(`${work}/src/winter`, WINTER, WINTER);

    // Ours writes, Python reads the DOS fields.
    await deno(`await zip.zipDirectory("${work}/src", "${work}/ours.zip");`, tz);
    const fields = await python(
      "import json, sys, zipfile\n" +
        "print(json.dumps({i.filename: list(i.date_time) for i in zipfile.ZipFile(sys.argv[1]).infolist()}))",
      tz,
      `${work}/ours.zip`,
    );
    assert.deepEqual(JSON.parse(fields), {
      summer: [2024, 7, 1, 8, 0, 0],
      winter: [2024, 1, 15, 7, 0, 0],
    });

    // Python's stream_dir writes, ours extracts: the instants come back (odd second rounded down).
    await python(
      "import sys, base64\nfrom ansible_runner.utils.streaming import stream_dir\n" +
        "with open(sys.argv[2], 'wb') as f: stream_dir(sys.argv[1], f)\n" +
        "data = open(sys.argv[2], 'rb').read()\n" +
        "open(sys.argv[3], 'wb').write(base64.b64decode(data[data.index(b'\\n') + 1:]))",
      tz,
      `${work}/src`,
      `${work}/py.stream`,
      `${work}/py.zip`,
    );
    await deno(`await zip.extractZip("${work}/py.zip", "${work}/out");`, tz);
    const mtime = async (name: string) => (await Deno.stat(`${work}/out/${name}`)).mtime!.getTime();
    assert.equal(await mtime("summer"), SUMMER * 1000);
    assert.equal(await mtime("winter"), (WINTER - 1) * 1000);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
