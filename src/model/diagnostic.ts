/** A position inside a source file; line and column are 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One problem found while loading a file. Loaders collect every diagnostic instead of throwing
 * on the first, so the CLI and the server can report them all at once.
 */
export interface Diagnostic {
  readonly severity: Severity;
  /** The file the problem is in; empty when it is not tied to a file. */
  readonly file: string;
  /** Where in the file; absent when the problem has no single place (a missing file). */
  readonly position?: Position;
  readonly message: string;
  /** A stable code from the domain's catalogue, e.g. `config.unknown_receiver`. */
  readonly code?: string;
}

/** Formats a diagnostic as `file:line:col: message`, the shape every CLI command prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.file}:${d.position.line}:${d.position.column}` : d.file;
  const prefix = d.severity === 'error' ? '' : `${d.severity}: `;
  return where ? `${where}: ${prefix}${d.message}` : `${prefix}${d.message}`;
}

/** True when any diagnostic is an error (warnings and infos do not fail a check). */
export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
