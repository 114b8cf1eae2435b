import { resolve } from 'node:path';
import type { TopLevelSpec } from '@derand/plots';

/** Renders a figure spec to SVG and writes it atomically; returns the absolute path. */
export async function writeSvg(path: string, spec: TopLevelSpec): Promise<string> {
  const [{ renderSvg }, { writeFileAtomic }] = await Promise.all([import('@derand/plots'), import('@derand/core/node')]);
  const absolute = resolve(path);
  writeFileAtomic(absolute, await renderSvg(spec));
  return absolute;
}

/** Writes JSON atomically (2-space indent, trailing newline); returns the absolute path. */
export async function writeJson(path: string, value: unknown): Promise<string> {
  const { writeFileAtomic } = await import('@derand/core/node');
  const absolute = resolve(path);
  writeFileAtomic(absolute, `${JSON.stringify(value, null, 2)}\n`);
  return absolute;
}
