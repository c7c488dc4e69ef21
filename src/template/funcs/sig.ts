/** Declares a typed template function: the engine checks and converts arguments per `sig`. */
import { withSignature } from '../values.js';
import type { FuncSignature } from '../values.js';
import type { TemplateFunc } from '../engine.js';

/** Attaches a Go-like signature and widens the function to the engine's TemplateFunc type. */
export function typed<A extends unknown[]>(sig: FuncSignature, fn: (...args: A) => unknown): TemplateFunc {
  const fresh = (...args: A): unknown => fn(...args);
  return withSignature(fresh as unknown as (...args: never[]) => unknown, sig) as unknown as TemplateFunc;
}
