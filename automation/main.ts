/**
 * The default automation: what an AWX admin launches first. It checks that
 * every target host answers, then reports a one-line summary per host.
 *
 * Extra vars: `target_hosts` (host pattern, default `all`).
 *
 * @module
 */
import { defineAutomation, type HostView } from "../mod.ts";

export default defineAutomation({
  name: "main",
  description: "Reachability and a short summary of every target host",
  async run(ctx) {
    const pattern = typeof ctx.vars.target_hosts === "string" ? ctx.vars.target_hosts : "all";
    await ctx.play("tachyon: reachability and host summary", pattern, async (play) => {
      const targets = [...play.hosts];
      await play.ping({ name: "Check that the host answers" });
      const uname = await play.command("uname -snrm", { name: "Read the kernel and architecture" });
      await play.debug(
        (host: HostView) => `${host.name}: ${uname.get(host.name)?.result.stdout ?? "unknown"}`,
        { name: "Summary" },
      );
      const reachable = play.hosts;
      ctx.setStats({
        tachyon_reachable: [...reachable],
        tachyon_unreachable: targets.filter((h) => !reachable.includes(h)),
      });
    });
  },
});
