import type { TopLevelSpec } from 'vega-lite';

/** An axis: data field, title, and scale type. */
export interface AxisSpec {
  readonly field: string;
  readonly title: string;
  readonly scale?: 'linear' | 'log' | 'symlog';
  readonly domain?: readonly [number, number];
}

/** A horizontal (y) or vertical (x) reference line with a legend label. */
export interface ReferenceLine {
  readonly y?: number;
  readonly x?: number;
  readonly label: string;
  readonly dashed?: boolean;
  readonly color?: string;
}

export interface LineChartOptions {
  readonly title: string;
  readonly rows: readonly Record<string, number | string | null>[];
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  /** Field that splits rows into coloured series. */
  readonly series?: { readonly field: string; readonly title: string };
  readonly references?: readonly ReferenceLine[];
  readonly width?: number;
  readonly height?: number;
  readonly points?: boolean;
  /** Maximum legend label width in pixels before truncation (Vega-Lite default 160). */
  readonly legendLabelLimit?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const axisEncoding = (axis: AxisSpec) => ({
  field: axis.field,
  type: 'quantitative' as const,
  title: axis.title,
  scale: { type: axis.scale ?? 'linear', ...(axis.domain === undefined ? {} : { domain: [...axis.domain] }), ...((axis.scale ?? 'linear') === 'linear' ? { zero: false } : {}) },
});

function referenceLayers(references: readonly ReferenceLine[]) {
  return references.map((ref) => ({
    data: { values: [{ value: ref.y ?? ref.x, label: ref.label }] },
    mark: { type: 'rule' as const, strokeDash: ref.dashed === true ? [6, 4] : [], color: ref.color ?? '#d62728', strokeWidth: 1.5 },
    encoding: {
      [ref.y === undefined ? 'x' : 'y']: { field: 'value', type: 'quantitative' as const },
      tooltip: { field: 'label', type: 'nominal' as const },
    },
  }));
}

function referenceLabels(references: readonly ReferenceLine[]) {
  return references
    .filter((ref) => ref.y !== undefined)
    .map((ref) => ({
      data: { values: [{ value: ref.y, label: ref.label }] },
      mark: { type: 'text' as const, align: 'right' as const, baseline: 'bottom' as const, dy: -2, x: 'width' as const, color: ref.color ?? '#d62728', fontSize: 10 },
      encoding: { y: { field: 'value', type: 'quantitative' as const }, text: { field: 'label', type: 'nominal' as const } },
    }));
}

/** A line chart (one or several series) with optional reference lines, e.g. "OPT = 41". */
export function lineChart(options: LineChartOptions): TopLevelSpec {
  const references = options.references ?? [];
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 300,
    layer: [
      {
        data: { values: options.rows.map((r) => ({ ...r })) },
        mark: { type: 'line', point: options.points === true, clip: true },
        encoding: {
          x: axisEncoding(options.x),
          y: axisEncoding(options.y),
          ...(options.series === undefined
            ? {}
            : {
                color: {
                  field: options.series.field,
                  type: 'nominal',
                  title: options.series.title,
                  ...(options.legendLabelLimit === undefined ? {} : { legend: { labelLimit: options.legendLabelLimit } }),
                },
              }),
        },
      },
      ...referenceLayers(references),
      ...referenceLabels(references),
    ],
  };
}

export interface ScatterChartOptions {
  readonly title: string;
  readonly rows: readonly Record<string, number | string | null>[];
  readonly x: AxisSpec;
  readonly y: AxisSpec;
  readonly series?: { readonly field: string; readonly title: string; readonly colors?: Record<string, string> };
  /** Straight lines through the origin or between two points, e.g. span(u), drawn dashed. */
  readonly segments?: readonly { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
  readonly opacity?: number;
  readonly size?: number;
}

/** A scatter plot with optional dashed segments (neuron trajectories, embeddings). */
export function scatterChart(options: ScatterChartOptions): TopLevelSpec {
  const colors = options.series?.colors;
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 420,
    layer: [
      {
        data: { values: options.rows.map((r) => ({ ...r })) },
        mark: { type: 'circle', opacity: options.opacity ?? 0.6, size: options.size ?? 14, clip: true },
        encoding: {
          x: axisEncoding(options.x),
          y: axisEncoding(options.y),
          ...(options.series === undefined
            ? {}
            : {
                color: {
                  field: options.series.field,
                  type: 'nominal',
                  title: options.series.title,
                  ...(colors === undefined ? {} : { scale: { domain: Object.keys(colors), range: Object.values(colors) } }),
                },
              }),
        },
      },
      ...(options.segments ?? []).map((s) => ({
        data: { values: [{ x: s.x1, y: s.y1, x2: s.x2, y2: s.y2, label: s.label }] },
        mark: { type: 'rule' as const, strokeDash: [6, 4], color: '#333', clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' as const },
          y: { field: 'y', type: 'quantitative' as const },
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          tooltip: { field: 'label', type: 'nominal' as const },
        },
      })),
    ],
  };
}

/** Several specs side by side (or stacked), each keeping its own scales. */
export function panels(title: string, specs: readonly TopLevelSpec[], direction: 'horizontal' | 'vertical' = 'horizontal'): TopLevelSpec {
  const strip = (s: TopLevelSpec): Record<string, unknown> => {
    const { $schema: _schema, ...rest } = s as unknown as Record<string, unknown>;
    return rest;
  };
  return {
    $schema: SCHEMA,
    title,
    [direction === 'horizontal' ? 'hconcat' : 'vconcat']: specs.map(strip),
    resolve: { scale: { color: 'independent' } },
  } as unknown as TopLevelSpec;
}
