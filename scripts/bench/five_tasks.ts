/**
 * The benchmark automation: five tasks on every host, the same five that
 * `scripts/bench/five_tasks.yml` runs with ansible-playbook.
 *
 * @module
 */
import { defineAutomation } from "../../mod.ts";

export default defineAutomation({
  name: "five_tasks",
  async run(ctx) {
    await ctx.play("Five tasks", "all", async (play) => {
      await play.ping({ name: "ping" });
      await play.command("true", { name: "command true" });
      await play.shell("echo hello from $(hostname)", { name: "shell echo" });
      await play.command("uname -r", { name: "command uname" });
      await play.shell("test -d /tmp && echo yes", { name: "shell test" });
    });
  },
});
