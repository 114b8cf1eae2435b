import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** One request the server answered. */
export interface ServedRequest {
  readonly path: string;
  readonly status: number;
}

/** A static server for the built site, as a host serves it (clean URLs map to .html). */
export interface StaticServer {
  readonly origin: string;
  /** Every request so far, in order. */
  readonly requests: readonly ServedRequest[];
  close(): Promise<void>;
}

async function fileFor(root: string, path: string): Promise<string | undefined> {
  const safe = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
  const candidates = safe.endsWith('/') ? [join(root, safe, 'index.html')] : [join(root, safe), join(root, `${safe}.html`), join(root, safe, 'index.html')];
  for (const file of candidates) {
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/**
 * Serves `root` on 127.0.0.1 (a free port), recording each request and its status, so a test can
 * see which files a page and its worker fetched (the .wasm build, the graph files) and that
 * nothing was missing.
 *
 * @example const server = await serveStatic('build/site'); await page.goto(server.origin + '/');
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const requests: ServedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    void fileFor(root, path).then(async (file) => {
      if (file === undefined) {
        requests.push({ path, status: 404 });
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(file);
      requests.push({ path, status: 200 });
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
