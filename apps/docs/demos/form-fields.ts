/**
 * A number from the form, falling back to `fallback` when the field is empty or not a number.
 *
 * @example numberField(controls, 'seed', 0);
 */
export function numberField(controls: FormData, name: string, fallback: number): number {
  const raw = controls.get(name);
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

/**
 * A string from the form (a picker's choice), or `fallback`.
 *
 * @example stringField(controls, 'graph', 'paper-g15');
 */
export function stringField(controls: FormData, name: string, fallback: string): string {
  const raw = controls.get(name);
  return typeof raw === 'string' && raw !== '' ? raw : fallback;
}
