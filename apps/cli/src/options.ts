import { InvalidArgumentError } from 'commander';

/** Parser for an integer flag within [min, max]; errors name the value and the range. */
export function integerOption(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^[-+]?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
      throw new InvalidArgumentError(`'${raw}' is not an integer.`);
    }
    if (value < min || value > max) throw new InvalidArgumentError(`${value} is outside [${min}, ${max}].`);
    return value;
  };
}

/** Parser for a finite number flag, optionally > 0. */
export function numberOption(options: { positive?: boolean; min?: number; max?: number } = {}) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new InvalidArgumentError(`'${raw}' is not a finite number.`);
    if (options.positive === true && !(value > 0)) throw new InvalidArgumentError(`${value} must be > 0.`);
    if (options.min !== undefined && value < options.min) throw new InvalidArgumentError(`${value} must be ≥ ${options.min}.`);
    if (options.max !== undefined && value > options.max) throw new InvalidArgumentError(`${value} must be ≤ ${options.max}.`);
    return value;
  };
}

/** Parser for a comma-separated list of numbers (`1e-2,1e-3`). */
export function numberListOption(raw: string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  const bad = parts.filter((p, i) => p === '' || !Number.isFinite(values[i]));
  if (bad.length > 0) throw new InvalidArgumentError(`'${raw}' is not a comma-separated list of numbers (bad: ${bad.join(', ')}).`);
  return values;
}

/** Parser for one of a fixed set of choices, listing them on error. */
export function choiceOption<T extends string>(choices: readonly T[]) {
  return (raw: string): T => {
    if (!(choices as readonly string[]).includes(raw)) {
      throw new InvalidArgumentError(`'${raw}' is not one of: ${choices.join(', ')}.`);
    }
    return raw as T;
  };
}
