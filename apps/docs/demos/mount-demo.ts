import type { RunSpec, SolverEvent } from '@derand/registry';
import type { TopLevelSpec } from 'vega-lite';
import { createDemoSession } from './demo-session.js';
import { createLiveChart } from './live-chart.js';
import type { EngineReport } from './protocol.js';

/** One number or fact a demo shows when its run ends (read by the browser tests by key). */
export interface DemoFigure {
  readonly key: string;
  readonly label: string;
  readonly value: number | string | boolean;
  /** How it reads on the page (default: the value, numbers to 4 significant digits). */
  readonly text?: string;
}

/** What makes a demo: how controls become a run, how events and the result become a figure and numbers. */
export interface DemoDefinition<State> {
  /** The run the controls ask for. */
  readonly spec: (controls: FormData) => { readonly spec: RunSpec; readonly seed: number };
  /** Fresh per-run state, built from the same controls. */
  readonly initial: (controls: FormData) => State;
  /** Folds a solver event into the state; returns true when the figure should be redrawn. */
  readonly event: (state: State, event: SolverEvent) => boolean;
  /** The live figure for the state so far (and, once the run is over, with its result). */
  readonly figure: (state: State, result?: unknown) => TopLevelSpec | undefined;
  /** The numbers to show when the run is over. */
  readonly figures: (state: State, result: unknown, seconds: number) => readonly DemoFigure[];
}

/** Formats a number for the page: 4 significant digits, exponent form when tiny or huge. */
export function formatValue(value: number | string | boolean): string {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6) ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

function element<T extends Element>(root: HTMLElement, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`demo markup lacks ${selector}`);
  return found;
}

function describeEngine(engine: EngineReport): string {
  const files = engine.wasmFiles.map((url) => url.slice(url.lastIndexOf('/') + 1)).join(', ') || 'none fetched';
  const simd = engine.details['simd'] === true && engine.simdSupported ? 'SIMD on' : 'SIMD off';
  return `${engine.backend} backend (${String(engine.details['implementation'] ?? '')}, ${simd}, ${String(engine.details['threads'] ?? 1)} thread) in a Web Worker; module ${files}; ready in ${formatValue(engine.startSeconds)} s`;
}

/**
 * Wires a demo's markup to its definition: the form's submit runs the solver in the worker,
 * events redraw the live chart, and the end of the run fills the figures list. The root's
 * `data-status` (idle, running, done, stopped, error) and each figure's `data-value` are what
 * the browser tests read. Returns a function that releases the worker.
 *
 * Markup: `form` (controls, a submit button, a `[data-stop]` button), `[data-chart]`,
 * `[data-progress]`, `[data-engine]`, `dl[data-figures]`, `[data-error]`.
 *
 * @example const release = mountDemo(root, maxcutDemo);
 */
export function mountDemo<State>(root: HTMLElement, definition: DemoDefinition<State>): () => void {
  const form = element<HTMLFormElement>(root, 'form');
  const stopButton = element<HTMLButtonElement>(root, '[data-stop]');
  const progress = element<HTMLElement>(root, '[data-progress]');
  const engineLine = element<HTMLElement>(root, '[data-engine]');
  const figuresList = element<HTMLElement>(root, 'dl[data-figures]');
  const errorLine = element<HTMLElement>(root, '[data-error]');
  const chart = createLiveChart(element<HTMLElement>(root, '[data-chart]'));
  const session = createDemoSession(new URL('.', window.location.href).href);

  const setStatus = (status: string): void => {
    root.dataset['status'] = status;
    stopButton.disabled = status !== 'running';
  };
  setStatus('idle');

  const onSubmit = (submit: SubmitEvent): void => {
    submit.preventDefault();
    const controls = new FormData(form);
    const { spec, seed } = definition.spec(controls);
    const state = definition.initial(controls);
    figuresList.replaceChildren();
    errorLine.textContent = '';
    progress.textContent = 'starting the wasm backend…';
    setStatus('running');
    const started = performance.now();
    session.run(spec, seed, {
      engine: (engine) => {
        engineLine.textContent = describeEngine(engine);
        root.dataset['simd'] = String(engine.details['simd'] === true && engine.simdSupported && engine.wasmFiles.some((f) => f.includes('-simd')));
      },
      event: (event) => {
        if (event.type === 'progress') progress.textContent = `${event.label ?? 'step'} ${event.step + 1}${event.total === undefined ? '' : ` / ${event.total}`}`;
        if (definition.event(state, event)) {
          const spec = definition.figure(state);
          if (spec !== undefined) chart.update(spec);
        }
      },
      result: (result, seconds, tensors) => {
        const figures = [
          ...definition.figures(state, result, seconds),
          { key: 'seconds', label: 'solver time in the worker', value: seconds, text: `${formatValue(seconds)} s` },
          { key: 'pageSeconds', label: 'from the click to the result', value: (performance.now() - started) / 1000, text: `${formatValue((performance.now() - started) / 1000)} s` },
          { key: 'leakedTensors', label: 'tensors left behind by the run', value: tensors.after - tensors.before },
        ];
        figuresList.replaceChildren(
          ...figures.map((f) => {
            const row = document.createElement('div');
            const term = document.createElement('dt');
            term.textContent = f.label;
            const value = document.createElement('dd');
            value.dataset['figure'] = f.key;
            value.dataset['value'] = String(f.value);
            value.textContent = f.text ?? formatValue(f.value);
            row.append(term, value);
            return row;
          }),
        );
        progress.textContent = `done in ${formatValue(seconds)} s`;
        const spec = definition.figure(state, result);
        if (spec !== undefined) chart.update(spec);
        void chart.flush().then(() => setStatus('done'));
      },
      error: (message) => {
        errorLine.textContent = message;
        progress.textContent = '';
        setStatus('error');
      },
    });
  };
  const onStop = (): void => {
    session.stop();
    progress.textContent = 'stopped';
    setStatus('stopped');
  };
  form.addEventListener('submit', onSubmit);
  stopButton.addEventListener('click', onStop);
  return () => {
    form.removeEventListener('submit', onSubmit);
    stopButton.removeEventListener('click', onStop);
    session.dispose();
    chart.dispose();
  };
}
