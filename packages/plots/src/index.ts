export { lineChart, panels, scatterChart } from './charts.js';
export type { AxisSpec, LineChartOptions, ReferenceLine, ScatterChartOptions } from './charts.js';
export { renderSvg } from './render.js';
export type { TopLevelSpec } from './render.js';
