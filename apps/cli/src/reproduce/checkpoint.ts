import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DerandError } from '@derand/registry';
import type { ExperimentOutput } from './experiment.js';

/** What identifies a run: resuming requires the same values. */
export interface RunIdentity {
  readonly seed: number;
  readonly backend: string;
  readonly quick: boolean;
  readonly experiments: readonly string[];
}

export interface Checkpoint {
  readonly format: 'derand-reproduce-checkpoint/1';
  readonly identity: RunIdentity;
  readonly startedAt: string;
  readonly completed: Readonly<Record<string, { readonly output: ExperimentOutput; readonly seconds: number }>>;
}

export const checkpointPath = (out: string): string => join(out, 'checkpoint.json');

/** Reads the checkpoint of `out`, or undefined; a corrupt file is an error naming it. */
export function readCheckpoint(out: string): Checkpoint | undefined {
  const path = checkpointPath(out);
  if (!existsSync(path)) return undefined;
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
    if (value.format !== 'derand-reproduce-checkpoint/1') throw new Error(`unknown format ${String(value.format)}`);
    return value;
  } catch (error) {
    throw new DerandError('CHECKPOINT_CORRUPT', `Checkpoint ${path} cannot be read (${(error as Error).message}). Delete it to start over.`);
  }
}

/** Checks that a checkpoint belongs to the same run, listing every difference. */
export function assertSameRun(checkpoint: Checkpoint, identity: RunIdentity, out: string): void {
  const differences: string[] = [];
  const a = checkpoint.identity;
  if (a.seed !== identity.seed) differences.push(`--seed ${a.seed} (now ${identity.seed})`);
  if (a.backend !== identity.backend) differences.push(`--backend ${a.backend} (now ${identity.backend})`);
  if (a.quick !== identity.quick) differences.push(`${a.quick ? '--quick' : 'full run'} (now ${identity.quick ? '--quick' : 'full run'})`);
  if (a.experiments.join(',') !== identity.experiments.join(',')) differences.push(`--only ${a.experiments.join(',')} (now ${identity.experiments.join(',')})`);
  if (differences.length > 0) {
    throw new DerandError('RESUME_MISMATCH', `Cannot resume ${out}: it was started with ${differences.join(', ')}. Resume with the same flags, or use another --out.`);
  }
}
