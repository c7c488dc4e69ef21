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

/** The ajv options the schema is compiled with, at build time (scripts/build-schema.mjs) or here. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, strict: false, verbose: true } as const;

/**
 * The validator pre-compiled by `npm run build` (dist/config/schema/validate.generated.js);
 * absent when running from source (tests), where the schema is compiled on first use instead.
 */
async function loadPrecompiled(): Promise<ValidateFunction | undefined> {
  const specifier = './validate.generated.js';
  try {
    const mod: unknown = await import(specifier);
    const fn = (mod as { default?: unknown }).default;
    return typeof fn === 'function' ? (fn as ValidateFunction) : undefined;
  } catch {
    return undefined;
  }
}

let compiled: ValidateFunction | undefined = await loadPrecompiled();

/** Validates in place (applying defaults) and returns ajv's errors, all of them. */
export function validateConfigSchema(data: unknown): readonly ErrorObject[] {
  if (!compiled) compiled = new Ajv(AJV_OPTIONS).compile(configSchema);
  return compiled(data) ? [] : (compiled.errors ?? []);
}
