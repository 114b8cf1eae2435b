import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, NO_CHROMIUM } from './browser.js';
import { builtSite, sitePages } from './site-build.js';
import { serveStatic, type StaticServer } from './static-server.js';

/** A page path as the site links to it (clean URL) and as the build wrote it (.html). */
function pageFile(pathname: string): string {
  if (pathname.endsWith('/')) return `${pathname}index.html`;
  return pathname.endsWith('.html') ? pathname : `${pathname}.html`;
}

describe('every page of the built site in Chromium', { timeout: 600_000 }, () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (NO_CHROMIUM !== undefined) return; // not a skip: the tests below call context.skip(NO_CHROMIUM)
    server = await serveStatic(builtSite());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens each page with no console error or failed request, and every link, anchor and image resolves', async (context) => {
    if (NO_CHROMIUM !== undefined) return context.skip(NO_CHROMIUM);
    const origin = server!.origin;
    const pages = sitePages(builtSite());
    expect(pages.length).toBeGreaterThan(40);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    let current = '';
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));
    // a navigation aborts the previous page's prefetches (net::ERR_ABORTED); anything else is a failure
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${current}: request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason'})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${current}: HTTP ${response.status()} for ${response.url()}`);
    });

    const ids = new Map<string, Set<string>>();
    const links: { from: string; href: string }[] = [];
    for (const path of pages) {
      current = path;
      await page.goto(`${origin}${path}`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.querySelector('#app')?.childElementCount !== 0);
      ids.set(path, new Set(await page.$$eval('[id]', (elements) => elements.map((e) => e.id))));
      for (const href of await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))) links.push({ from: path, href });
      const images = await page.$$eval('img', (imgs) => imgs.map((img) => ({ src: img.src, ok: img.complete && img.naturalWidth > 0 })));
      for (const image of images) if (!image.ok) problems.push(`${path}: image did not load: ${image.src}`);
    }
    await page.close();

    const served = new Set(pages);
    let internal = 0;
    for (const { from, href } of links) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      internal += 1;
      const file = pageFile(url.pathname);
      if (!served.has(file)) {
        // files the site serves beside its pages (results.json, figures)
        if (!server!.requests.some((r) => r.path === url.pathname && r.status === 200)) {
          const response = await fetch(url.href);
          if (!response.ok) problems.push(`${from}: broken link ${url.pathname}`);
        }
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (anchor !== '' && ids.get(file)?.has(anchor) !== true) problems.push(`${from}: link to a missing anchor ${url.pathname}#${anchor}`);
    }
    expect(internal).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });
});
