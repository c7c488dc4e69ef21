/** Errors thrown by the template engine, shaped like Go text/template's messages. */

/** A template failed to parse; `message` is Go's text, line/column are 1-based. */
export class TemplateParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
    readonly templateName: string,
  ) {
    super(message);
    this.name = 'TemplateParseError';
  }
}

/**
 * Executing a template failed; `message` is Go's text (`template: NAME:1:3: executing ...`, whose
 * column is Go's 0-based byte offset); `line`/`column` are 1-based, the column in characters.
 */
export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly templateName: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateExecError';
  }
}

/** An error a template function throws to fail the call (Go's `(T, error)` result). */
export class TemplateFuncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFuncError';
  }
}
