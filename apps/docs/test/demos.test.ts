import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, NO_CHROMIUM } from './browser.js';
import { builtSite, paths } from './site-build.js';
import { serveStatic, type StaticServer } from './static-server.js';

// Each demo page runs its solver to the end in headless Chromium, at the sizes a reader gets by
// default (small: these run in CI). The figures are read from the page as a reader sees them,
// screenshots go to .reports/screenshots/, and every run's figures and times to
// .reports/demos.json.

const REPORTS = join(paths.docs, '.reports');
const SCREENSHOTS = join(REPORTS, 'screenshots');

interface DemoRun {
  readonly name: string;
  readonly figures: Readonly<Record<string, string>>;
  /** Live chart redraws seen before the run ended. */
  readonly redraws: number;
  readonly simd: boolean;
  readonly engine: string;
  readonly screenshot: string;
}

const runs: DemoRun[] = [];

async function runDemo(page: Page, origin: string, path: string, name: string, controls: Readonly<Record<string, string>>): Promise<DemoRun> {
  await page.goto(`${origin}${path}`);
  const demo = page.locator('[data-demo]');
  await page.waitForSelector('[data-demo][data-status="idle"]');
  for (const [field, value] of Object.entries(controls)) {
    const control = demo.locator(`[name="${field}"]`);
    if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
  // count the live chart's redraws while the worker runs: the page thread keeps drawing
  await page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-demo]')!;
    const chart = root.querySelector('[data-chart]')!;
    root.dataset['redraws'] = '0';
    new MutationObserver(() => {
      if (root.dataset['status'] === 'running') root.dataset['redraws'] = String(Number(root.dataset['redraws']) + 1);
    }).observe(chart, { childList: true });
  });
  await demo.locator('[data-run]').click();
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector<HTMLElement>('[data-demo]')!.dataset['status'] ?? ''), null, { timeout: 300_000 });
  const status = await demo.getAttribute('data-status');
  expect(status, `${name}: ${await demo.locator('[data-error]').textContent()}`).toBe('done');
  const figures = Object.fromEntries(await demo.locator('[data-figure]').evaluateAll((dds) => dds.map((dd) => [(dd as HTMLElement).dataset['figure']!, (dd as HTMLElement).dataset['value']!])));
  const screenshot = join(SCREENSHOTS, `${name}.png`);
  await demo.screenshot({ path: screenshot });
  const run: DemoRun = {
    name,
    figures,
    redraws: Number(await demo.getAttribute('data-redraws')),
    simd: (await demo.getAttribute('data-simd')) === 'true',
    engine: (await demo.locator('[data-engine]').textContent()) ?? '',
    screenshot,
  };
  runs.push(run);
  return run;
}

const num = (run: DemoRun, key: string): number => {
  const value = run.figures[key];
  if (value === undefined) throw new Error(`${run.name} shows no figure '${key}' (it shows ${Object.keys(run.figures).join(', ')})`);
  return Number(value);
};

describe('the live demos in Chromium', { timeout: 900_000 }, () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    if (NO_CHROMIUM !== undefined) return; // not a skip: the tests below call context.skip(NO_CHROMIUM)
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await serveStatic(builtSite());
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 2200 } });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  });
  afterAll(async () => {
    if (runs.length > 0) writeFileSync(join(REPORTS, 'demos.json'), `${JSON.stringify({ runs }, null, 2)}\n`);
    await browser?.close();
    await server?.close();
  });

  it('structure discovery (d = 2, h = 100, 2000 steps): the rows of W fall onto span(u), the orth fraction below 1e-3', async (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    const run = await runDemo(page!, server!.origin, '/demos/structure.html', 'structure', { seed: '0', lambda: '0.0001', steps: '2000', width: '100' });
    expect(num(run, 'orthFractionStart')).toBeGreaterThan(0.3);
    expect(num(run, 'orthFraction')).toBeLessThan(1e-3);
    expect(num(run, 'orthFraction')).toBeLessThan(num(run, 'orthFractionStart') / 100);
    expect(num(run, 'steps')).toBe(2000);
    expect(num(run, 'leakedTensors')).toBe(0);
    // the chart was redrawn while the worker trained
    expect(run.redraws).toBeGreaterThanOrEqual(2);
  });

  it('MAXCUT on the paper’s 15-vertex graph: the cut equals the optimum 41 and is at least E[GW], ‖V‖_F collapsed', async (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    const run = await runDemo(page!, server!.origin, '/demos/maxcut.html', 'maxcut-paper-g15', { graph: 'paper-g15', seed: '0' });
    // the optimum is enumerated in the browser too
    expect(num(run, 'optimum')).toBe(41);
    expect(num(run, 'shortfall'), `the 15-vertex cut falls short of its optimum 41 by ${num(run, 'shortfall')}`).toBe(0);
    expect(num(run, 'cut')).toBe(41);
    expect(num(run, 'cut')).toBeGreaterThanOrEqual(num(run, 'gwExpected'));
    expect(num(run, 'cut')).toBeLessThanOrEqual(num(run, 'upperBound'));
    expect(run.figures['collapsed']).toBe('true');
    expect(num(run, 'normV')).toBeLessThan(0.01 * num(run, 'normV0'));
    expect(num(run, 'leakedTensors')).toBe(0);
  });

  it('MAXCUT on Biq Mac g05_60.0: the cut is at least E[GW] and at most the proven optimum 536', async (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    const run = await runDemo(page!, server!.origin, '/demos/maxcut.html', 'maxcut-g05_60.0', { graph: 'g05_60.0', seed: '0' });
    expect(num(run, 'optimum')).toBe(536);
    expect(num(run, 'cut')).toBeGreaterThanOrEqual(num(run, 'gwExpected'));
    expect(num(run, 'cut')).toBeLessThanOrEqual(536);
    console.log(`g05_60.0: cut ${num(run, 'cut')}, ${num(run, 'shortfall')} below the proven optimum 536, E[GW] ${num(run, 'gwExpected').toFixed(2)}`);
    expect(run.figures['collapsed']).toBe('true');
  });

  it('JL on 40 uniform points of R^100 (k = 10) and on clustered rows passed inline: distortion below the best Gaussian projection', async (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    const uniform = await runDemo(page!, server!.origin, '/demos/jl.html', 'jl-uniform-40x100', { dataset: 'uniform-40x100', k: '10', seed: '0', steps: '500' });
    expect(uniform.figures['data']).toBe('40x100');
    expect(num(uniform, 'pairsMax')).toBeLessThan(num(uniform, 'gaussianBest'));
    expect(num(uniform, 'pairsMax')).toBeLessThan(num(uniform, 'pca'));
    expect(num(uniform, 'sigma')).toBeLessThan(1e-2);
    const clusters = await runDemo(page!, server!.origin, '/demos/jl.html', 'jl-clusters', { dataset: 'clusters', k: '12', seed: '0', steps: '500' });
    expect(clusters.figures['data']).toBe('60x64');
    expect(num(clusters, 'pairsMax')).toBeLessThan(num(clusters, 'gaussianBest'));
    expect(num(clusters, 'leakedTensors')).toBe(0);
  });

  it('ran on the wasm backend with SIMD: the worker fetched the SIMD build only, and no console error appeared', (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    expect(runs.length).toBe(5);
    for (const run of runs) {
      expect(run.simd, `${run.name}: ${run.engine}`).toBe(true);
      expect(run.engine).toMatch(/^wasm backend \(tfjs-backend-wasm 4\.22\.0, SIMD on, 1 thread\)/);
    }
    const wasm = server!.requests.filter((r) => r.path.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    expect(wasm.every((r) => r.status === 200 && /\/tfjs-backend-wasm-simd-[^/]+\.wasm$/.test(r.path)), JSON.stringify(wasm)).toBe(true);
    // the graphs were fetched as files by the worker
    expect(server!.requests.some((r) => /paper-g15[^/]*\.txt$/.test(r.path) && r.status === 200)).toBe(true);
    expect(errors).toEqual([]);
  });
});
