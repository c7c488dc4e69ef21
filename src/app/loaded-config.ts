// Loading "the whole configuration" for the server: the config files and every rule file they
// name, so a reload is accepted only when all of it is valid.
import { expandRuleFiles, expandTemplateFiles, loadConfig } from '../config/load.js';
import { DEFAULT_QUERY_BATCH_SIZE } from '../config/prometheus.js';
import type { Config, DatasourceConfig } from '../config/types.js';
import { loadRuleFiles } from '../config/rulefile/load.js';
import { hasErrors } from '../model/diagnostic.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RuleGroupDef } from '../model/rule.js';
import { checkAlertTemplate } from '../template/funcs/alert-prelude.js';
import type { ConfigLoader } from './reloader.js';

/** What the components receive on every (re)load. */
export interface LoadedConfig {
  readonly config: Config;
  /** The rule files `rule_files` matched, absolute. */
  readonly ruleFiles: readonly string[];
  /** The groups of all rule files, in file order. */
  readonly ruleGroups: readonly RuleGroupDef[];
}

/** Settings from the command line that override the files. */
export interface ConfigOverrides {
  /** `--datasource.url`. */
  readonly datasourceUrl?: string;
}

/** The datasource `--datasource.url` creates when the config has none, with the loader's defaults. */
function defaultDatasource(url: string): DatasourceConfig {
  return {
    url,
    timeout: 30_000,
    query_batch_size: DEFAULT_QUERY_BATCH_SIZE,
    http: {
      tls_config: { insecure_skip_verify: false },
      proxy_from_environment: false,
      follow_redirects: true,
      enable_http2: true,
    },
  };
}

/** Applies command-line overrides to a loaded (frozen) config, returning a new one. */
export function applyOverrides(config: Config, overrides: ConfigOverrides): Config {
  const url = overrides.datasourceUrl;
  if (url === undefined) return config;
  const datasource = config.datasource ? { ...config.datasource, url } : defaultDatasource(url);
  return Object.freeze({ ...config, datasource: Object.freeze(datasource) });
}

/**
 * Builds the loader the server uses: config files, overrides, then the rule files with the
 * config's evaluation interval and query offset. Any error anywhere rejects the whole load.
 */
export function createConfigLoader(overrides: ConfigOverrides): ConfigLoader<LoadedConfig> {
  return async (files) => {
    const loaded = await loadConfig(files);
    const diagnostics: Diagnostic[] = [...loaded.diagnostics];
    if (!loaded.config || hasErrors(diagnostics)) return { diagnostics };
    const config = applyOverrides(loaded.config, overrides);
    const ruleFiles = await expandRuleFiles(config);
    const rules = await loadRuleFiles(ruleFiles, {
      evaluationInterval: config.global.evaluation_interval,
      queryOffset: config.global.rule_query_offset,
      // Broken alert templates reject the load, as `promtool check rules` reports them.
      checkTemplate: (text, alertName) => checkAlertTemplate(alertName, text),
    });
    diagnostics.push(...rules.diagnostics);
    if (hasErrors(diagnostics)) return { diagnostics };
    return { config: Object.freeze({ config, ruleFiles, ruleGroups: rules.groups }), diagnostics };
  };
}

/** The files besides the config files whose contents make up the loaded config (rule and template files), for its hash. */
export async function relatedFiles(loaded: LoadedConfig): Promise<string[]> {
  return [...loaded.ruleFiles, ...(await expandTemplateFiles(loaded.config))];
}
