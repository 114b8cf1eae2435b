/**
 * The one error base class of derand. Every error a user can see derives from it, carries a
 * stable machine-readable `code`, and a message saying what failed, the offending value and
 * how to fix it. `isDerandError` works across package copies through a global symbol marker.
 */
const MARKER = Symbol.for('derand.error');

export interface DerandErrorOptions {
  /** Structured facts about the failure (file, line, shape, value), shown in `--json` output. */
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class DerandError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly [MARKER] = true;

  constructor(code: string, message: string, options: DerandErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** JSON form for `--json` output: code, message and details. */
  toJSON(): { name: string; code: string; message: string; details: Readonly<Record<string, unknown>> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** True for any derand error, even one thrown by another copy of this package. */
export function isDerandError(value: unknown): value is DerandError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
}

/** One problem in user input; several are collected before anything is thrown. */
export interface InputIssue {
  /** Where: an option path (`lr`, `groups.W.decay`), a flag, or `file:line`. */
  readonly where: string;
  readonly message: string;
  /** The offending value, when there is one. */
  readonly value?: unknown;
}

/** Renders an offending value briefly for an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A batch of user-input problems reported together. */
export class InputError extends DerandError {
  readonly issues: readonly InputIssue[];

  constructor(code: string, heading: string, issues: readonly InputIssue[], hint?: string) {
    const lines = issues.map(
      (issue) => `  - ${issue.where}: ${issue.message}${'value' in issue ? ` (got ${formatValue(issue.value)})` : ''}`,
    );
    super(code, [heading, ...lines, ...(hint === undefined ? [] : [hint])].join('\n'), { details: { issues } });
    this.issues = issues;
  }
}
