import { existsSync, readFileSync } from 'node:fs';
import { DerandError, isPlainObject } from '@derand/registry';
import type { SweepPlan } from './plan-sweep.js';

/** A sweep as stored beside its results (sweep.json) and in Redis: the plan, every run in it. */
export interface SweepManifest extends SweepPlan {
  readonly format: 'derand-sweep/1';
}

/** The manifest of a plan. */
export function manifestOf(plan: SweepPlan): SweepManifest {
  return { format: 'derand-sweep/1', ...plan };
}

/**
 * Parses a stored manifest.
 *
 * @throws DerandError (MANIFEST_CORRUPT) naming where it came from.
 */
export function parseManifest(text: string, where: string): SweepManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DerandError('MANIFEST_CORRUPT', `The sweep manifest ${where} is not JSON (${(error as Error).message}).`);
  }
  if (!isPlainObject(value) || value['format'] !== 'derand-sweep/1' || !Array.isArray(value['runs']) || typeof value['sweepId'] !== 'string') {
    throw new DerandError('MANIFEST_CORRUPT', `${where} is not a sweep manifest (format derand-sweep/1 with sweepId and runs).`);
  }
  return value as unknown as SweepManifest;
}

/** Reads sweep.json of an output folder, or undefined when there is none. */
export function readManifestFile(path: string): SweepManifest | undefined {
  return existsSync(path) ? parseManifest(readFileSync(path, 'utf8'), path) : undefined;
}
