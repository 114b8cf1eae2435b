import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

interface FigureBox {
  id: string | null;
  width: number;
  height: number;
  marks: number;
  text: number;
}

describe('the README main job', { timeout: 900_000 }, () => {
  it(
    'derand reproduce --quick with no data folder runs every experiment from the shipped instances, prints the report path, and the report shows every figure and claim in headless Chromium',
    async (context) => {
      if (CHROMIUM === undefined) return context.skip('no Chromium found (install Debian chromium or set CHROMIUM_PATH); .ci/run installs it');
      const out = join(mkdtempSync(join(tmpdir(), 'derand-report-')), 'run');
      // an empty data folder: what a fresh clone without ../shared/data sees
      const noData = mkdtempSync(join(tmpdir(), 'derand-no-data-'));
      const run = runCli(['reproduce', '--quick', '--out', out], { timeoutMs: 900_000, env: { DERAND_DATA_DIR: noData } });
      expect(run.status, run.stderr).toBe(0);
      const reportPath = join(out, 'report.html');
      expect(run.stdout).toContain(`report: ${reportPath}`);
      expect(run.stdout).toContain('skipped: none');
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        skipped: string[];
        claims: { checked: number; held: number; notHeld: string[] };
        experiments: Record<string, { figures: { file: string }[]; skipped?: unknown; metrics: Record<string, unknown>; claims: { holds: boolean; measured: number | null }[]; provenance: Record<string, { format: string; data: { sha256: string }[] } | null> }>;
      };
      // nothing skipped, and the MAXCUT section shows computed figures read from the shipped instances
      expect(results.skipped).toEqual([]);
      expect(Object.values(results.experiments).filter((e) => e.skipped !== undefined)).toEqual([]);
      for (const id of ['maxcut-g15', 'maxcut-biqmac', 'maxcut-g1']) {
        const e = results.experiments[id]!;
        expect(typeof e.metrics['signCut'], id).toBe('number');
        expect(typeof e.metrics['conditionalCut'], id).toBe('number');
        expect(e.claims.length, id).toBeGreaterThan(2);
        const runs = Object.values(e.provenance);
        expect(runs.every((p) => p?.format === 'derand.result' && p.data.length === 1 && /^[0-9a-f]{64}$/.test(p.data[0]!.sha256)), id).toBe(true);
      }
      expect(results.claims.checked).toBe(Object.values(results.experiments).reduce((n, e) => n + e.claims.length, 0));
      expect(results.claims.held).toBe(Object.values(results.experiments).reduce((n, e) => n + e.claims.filter((c) => c.holds).length, 0));
      const expectedFigures = Object.values(results.experiments).reduce((n, e) => n + e.figures.length, 0);
      expect(expectedFigures).toBeGreaterThanOrEqual(Object.keys(results.experiments).length);

      const browser = await chromium.launch({
        executablePath: CHROMIUM!,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const failed: string[] = [];
        page.on('requestfailed', (r) => failed.push(r.url()));
        await page.goto(`file://${reportPath}`);
        const screenshot = join(out, 'report.png');
        await page.screenshot({ path: screenshot, fullPage: true });
        expect(readFileSync(screenshot).length).toBeGreaterThan(50_000);
        const boxes = await page.$$eval('figure.figure', (figures) =>
          figures.map((f) => {
            const svg = f.querySelector('svg');
            const r = svg?.getBoundingClientRect();
            return {
              id: f.getAttribute('data-figure'),
              width: r?.width ?? 0,
              height: r?.height ?? 0,
              marks: svg?.querySelectorAll('path, circle, line, rect').length ?? 0,
              text: svg?.querySelectorAll('text').length ?? 0,
            } satisfies FigureBox;
          }),
        );
        expect(boxes).toHaveLength(expectedFigures);
        for (const box of boxes) {
          expect(box.width, `${box.id} width`).toBeGreaterThan(200);
          expect(box.height, `${box.id} height`).toBeGreaterThan(150);
          expect(box.marks, `${box.id} drawn marks`).toBeGreaterThan(10);
          expect(box.text, `${box.id} axis labels`).toBeGreaterThan(3);
        }
        expect(failed, 'the report must be self-contained').toEqual([]);
        // every claim is rendered as a check, held or not held
        const claimRows = await page.$$eval('tr[data-claim-holds]', (rows) => rows.map((r) => r.getAttribute('data-claim-holds')));
        expect(claimRows).toHaveLength(results.claims.checked);
        expect(claimRows.filter((h) => h === 'true')).toHaveLength(results.claims.held);
      } finally {
        await browser.close();
      }
    },
  );
});
