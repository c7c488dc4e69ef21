// A configuration secret (password, token, secret URL) that never prints its value.
import { inspect } from 'node:util';

const MASK = '<secret>';

/**
 * Holds a secret string; only `reveal()` returns it, while `toString()`, `toJSON()` and
 * `util.inspect` print `<secret>`, so secrets cannot leak through logs, errors or API output.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** The secret value, for the one place that must send it (an HTTP header, SMTP auth). */
  reveal(): string {
    return this.#value;
  }

  /** True when the secret holds the empty string. */
  isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return MASK;
  }

  /** The text a secret prints as. */
  static readonly MASK = MASK;
}
