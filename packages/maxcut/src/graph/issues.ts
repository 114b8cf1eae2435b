import { InputError, type InputIssue } from '@derand/registry';

/** At most this many problems are listed; the rest are counted. */
const MAX_LISTED = 20;

/**
 * Collects problems found while reading user input so that one error lists them all
 * (up to {@link MAX_LISTED}, then a count), instead of failing on the first.
 */
export class IssueList {
  private readonly listed: InputIssue[] = [];
  private extra = 0;

  /** Records a problem at `where` (`file:line`, `file: edges[3]`). */
  add(where: string, message: string, value?: unknown): void {
    if (this.listed.length >= MAX_LISTED) {
      this.extra += 1;
      return;
    }
    this.listed.push(value === undefined ? { where, message } : { where, message, value });
  }

  get count(): number {
    return this.listed.length + this.extra;
  }

  /** True once enough problems are listed that reading further would only count more. */
  get full(): boolean {
    return this.listed.length >= MAX_LISTED;
  }

  /** Throws one {@link InputError} listing every collected problem, if any. */
  throwIfAny(code: string, heading: string, hint?: string): void {
    if (this.count === 0) return;
    const more = this.extra > 0 ? [`(and ${this.extra} more problem${this.extra === 1 ? '' : 's'} not listed)`] : [];
    throw new InputError(code, heading, this.listed, [...more, ...(hint === undefined ? [] : [hint])].join('\n') || undefined);
  }
}
