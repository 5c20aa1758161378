/**
 * DOS times are local times: zipDirectory and extractZip must agree with
 * Python in a zone that is not UTC (and has DST). Python's side is the real
 * stream_dir run with `TZ=America/New_York` (recorded); ours runs in this
 * process with the same `TZ` (Deno applies it at once).
 */
import assert from "node:assert/strict";
import { extractZip, zipDirectory } from "../../src/zip/mod.ts";
import { buildTree, streamDir, type TreeEntry } from "../_oracles/zip_stream_dir.ts";
import { withEnv, withTempDir, zipOfStream } from "./_support.ts";
import { zipInfoList } from "./_zip_info.ts";

const TZ = "America/New_York";
const SUMMER = Date.UTC(2024, 6, 1, 12, 0, 0) / 1000; // 08:00 in New York (EDT)
const WINTER = Date.UTC(2024, 0, 15, 12, 0, 1) / 1000; // 07:00:00 in New York (EST), odd second

const TREE: TreeEntry[] = [
  { path: "summer", kind: "file", text: "s", mtime: SUMMER },
  { path: "winter", kind: "file", text: "w", mtime: WINTER },
];

/** The `date_time` of each entry of a zip, by name. */
async function dateTimes(zip: string): Promise<Record<string, number[]>> {
  return Object.fromEntries(
    zipInfoList(await Deno.readFile(zip)).map((info) => [info.filename, info.dateTime]),
  );
}

Deno.test("DOS times are local time on both sides (TZ=America/New_York)", async () => {
  const stream = await streamDir(TREE, TZ);
  await withEnv({ TZ }, () =>
    withTempDir("tachyon_tz_", async (work) => {
      assert.equal(new Date(SUMMER * 1000).getHours(), 8, "the time zone applies");
      await Deno.mkdir(`${work}/src`);
      await buildTree(`${work}/src`, TREE);

      // Ours writes the DOS fields Python writes: local time, seconds rounded down to even.
      const fields = { summer: [2024, 7, 1, 8, 0, 0], winter: [2024, 1, 15, 7, 0, 0] };
      await zipDirectory(`${work}/src`, `${work}/ours.zip`);
      assert.deepEqual(await dateTimes(`${work}/ours.zip`), fields);
      await Deno.writeFile(`${work}/py.zip`, zipOfStream(stream));
      assert.deepEqual(await dateTimes(`${work}/py.zip`), fields);

      // Python's stream_dir writes, ours extracts: the instants come back (odd second rounded down).
      await extractZip(`${work}/py.zip`, `${work}/out`);
      const mtime = async (name: string) =>
        (await Deno.stat(`${work}/out/${name}`)).mtime!.getTime();
      assert.equal(await mtime("summer"), SUMMER * 1000);
      assert.equal(await mtime("winter"), (WINTER - 1) * 1000);
    }));
});
