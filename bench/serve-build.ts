import { createServer } from 'node:http';
import sirv from 'sirv';

/** Serves the built app (build/) on localhost as a static host would, for benchmarks in Chromium. */
export async function serveBuild(port: number): Promise<{ origin: string; close: () => void }> {
  const files = sirv('build', { single: '404.html', extensions: ['html'] });
  const server = createServer((req, res) => {
    // .wasm must be application/wasm for streaming compilation.
    if (req.url?.split('?')[0].endsWith('.wasm')) res.setHeader('content-type', 'application/wasm');
    files(req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://localhost:${port}`, close: () => server.close() };
}
