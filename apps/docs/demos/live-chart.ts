import type { TopLevelSpec } from 'vega-lite';

/** A chart that redraws from a new Vega-Lite spec at most every `interval` ms. */
export interface LiveChart {
  /** Queues a redraw with this spec (the latest one wins). */
  update(spec: TopLevelSpec): void;
  /** Draws the latest spec now (at the end of a run). */
  flush(): Promise<void>;
  dispose(): void;
}

/**
 * Draws the figure builders' Vega-Lite specs (from @derand/plots, the same specs the CLI renders
 * to SVG) into `container` as SVG, throttled so that a stream of solver events costs a few
 * redraws a second. vega and vega-lite are loaded on first use.
 *
 * @example const chart = createLiveChart(element); chart.update(maxcutFigure({ graph, runs }));
 */
export function createLiveChart(container: HTMLElement, interval = 250): LiveChart {
  let pending: TopLevelSpec | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let view: { finalize(): void } | undefined;
  let drawing: Promise<void> = Promise.resolve();

  const draw = async (spec: TopLevelSpec): Promise<void> => {
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    const next = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'svg', container, hover: false });
    await next.runAsync();
    view?.finalize();
    view = next;
  };

  const drain = (): void => {
    timer = undefined;
    const spec = pending;
    pending = undefined;
    if (spec !== undefined) drawing = drawing.then(() => draw(spec));
  };

  return {
    update: (spec) => {
      pending = spec;
      timer ??= setTimeout(drain, interval);
    },
    flush: async () => {
      if (timer !== undefined) clearTimeout(timer);
      drain();
      await drawing;
    },
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      pending = undefined;
      view?.finalize();
    },
  };
}
