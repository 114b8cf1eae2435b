import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Why the browser tests cannot run here, or undefined when they can. */
export const NO_CHROMIUM = CHROMIUM === undefined ? 'no Chromium found (install Debian chromium or set CHROMIUM_PATH); .ci/run installs it' : undefined;

/**
 * Headless Chromium with the flags that keep it offline and quiet on a CI machine (no sandbox,
 * no GPU, no background networking or component updates).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM!,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
