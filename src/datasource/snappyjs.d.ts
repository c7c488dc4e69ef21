// Types for the untyped `snappyjs` package (snappy block format, pure JavaScript).
declare module 'snappyjs' {
  /** Compresses with the snappy block format (no framing), as remote write requires. */
  export function compress<T extends Uint8Array | ArrayBuffer>(input: T): T;
  /** Decompresses a snappy block. */
  export function uncompress<T extends Uint8Array | ArrayBuffer>(input: T, maxLength?: number): T;
}
