/**
 * The `yaml` package, loaded on first need: it costs ~30 ms of start-up, and
 * most jobs (INI or script inventories, JSON vars) never parse YAML.
 *
 * @module
 */
import type * as Yaml from "yaml";

/** The `yaml` package's exports. */
export type YamlModule = typeof Yaml;

let loaded: YamlModule | undefined;
let loading: Promise<YamlModule> | undefined;

/**
 * Loads the `yaml` package (once) and returns it.
 *
 * @example
 * ```ts
 * const { parse } = await loadYaml();
 * ```
 */
export function loadYaml(): Promise<YamlModule> {
  loading ??= import("yaml").then((m) => (loaded = m));
  return loading;
}

/**
 * The `yaml` package, which {@linkcode loadYaml} must have loaded.
 *
 * @example
 * ```ts
 * await loadYaml();
 * yamlModule().parse("a: 1");
 * ```
 */
export function yamlModule(): YamlModule {
  if (!loaded) throw new Error("the yaml package is not loaded: await loadYaml() first");
  return loaded;
}
