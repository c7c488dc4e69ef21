// The JSON Schema of a whole (merged) Vigil configuration, compiled once with ajv.
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { obj, withDefault } from './common.js';
import type { Schema } from './common.js';
import { alertmanagerGlobalProps, alertmanagerTopProps, routeDefs } from './alertmanager.js';
import { datasourceSchema, prometheusGlobalProps, prometheusTopProps } from './prometheus.js';

/** The root schema: Prometheus, Alertmanager and Vigil sections side by side; unknown keys are errors. */
export const configSchema: Schema = {
  ...obj({
    global: withDefault(obj({ ...prometheusGlobalProps, ...alertmanagerGlobalProps }), {}),
    ...prometheusTopProps,
    ...alertmanagerTopProps,
    datasource: datasourceSchema,
  }),
  $defs: routeDefs,
};

let compiled: ValidateFunction | undefined;

/** Validates in place (applying defaults) and returns ajv's errors, all of them. */
export function validateConfigSchema(data: unknown): readonly ErrorObject[] {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
    compiled = ajv.compile(configSchema);
  }
  return compiled(data) ? [] : (compiled.errors ?? []);
}
