// Serves the production build (build/) the way a static host does: files as they are, `/train`
// from train.html, any other path from the SPA fallback 404.html. Under BASE_PATH when it is set.
// Usage: node scripts/serve.mjs [--port 4173]   (BASE_PATH and BUILD_DIR as for the build)
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import sirv from 'sirv';

const portFlag = process.argv.indexOf('--port');
const port = Number(portFlag > 0 ? process.argv[portFlag + 1] : (process.env.PORT ?? 4173));
const base = process.env.BASE_PATH ?? '';
const root = process.env.BUILD_DIR ?? 'build';
if (!existsSync(`${root}/404.html`)) {
  console.error('No build found: run `npm run build` (or `npm start`, which builds) first.');
  process.exit(1);
}

const files = sirv(root, { single: '404.html', extensions: ['html'], dev: false, etag: true });
const server = createServer((request, response) => {
  if (base && !request.url.startsWith(base)) {
    response.writeHead(302, { location: `${base}/` }).end();
    return;
  }
  request.url = request.url.slice(base.length) || '/';
  // .wasm must be served as application/wasm for streaming compilation.
  if (request.url.split('?')[0].endsWith('.wasm'))
    response.setHeader('content-type', 'application/wasm');
  files(request, response);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Serving the app at http://localhost:${port}${base}/`);
});
