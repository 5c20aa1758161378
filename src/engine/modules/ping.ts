/**
 * `ping`: proves the host answers through its connection.
 *
 * @module
 */
import { type ModuleDefinition, objectArgs } from "./module.ts";
import { parseKeyValue } from "../key_value.ts";

/**
 * The `ping` module: `{ "ping": "pong" }` when the host runs a shell command.
 *
 * @example
 * ```ts
 * await play.task("ping", {});
 * ```
 */
export const pingModule: ModuleDefinition<{ data: string }> = {
  name: "ping",
  fqcn: "ansible.builtin.ping",
  supportsCheckMode: true,
  parseArgs(input) {
    const args = objectArgs("ping", input, ["data"], (t) => parseKeyValue(t).params);
    return { data: args.data === undefined ? "pong" : String(args.data) };
  },
  async run(ctx, args) {
    if (args.data === "crash") throw new Error("boom");
    const connection = await ctx.connection();
    const { rc, stderr } = await connection.exec("true", { signal: ctx.signal });
    if (rc !== 0) return { failed: true, msg: `ping failed: ${stderr.trim()}`, changed: false };
    return { ping: args.data, changed: false };
  },
};
