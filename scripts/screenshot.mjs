// Takes the README's screenshot of /train from the built app (run `npm run build` first).
// Usage: node scripts/screenshot.mjs
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';

const server = spawn('node', ['scripts/serve.mjs', '--port', '4190'], { stdio: 'pipe' });
await new Promise((resolve) => server.stdout.on('data', resolve));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu'],
});
const page = await browser.newPage({
  viewport: { width: 1280, height: 860 },
  deviceScaleFactor: 1,
});
await page.goto(
  'http://localhost:4190/train?dataset=spirals&samples=600&noise=0.05&hiddenLayers=16-16-8&activation=tanh&epochs=150&learningRate=0.01&seed=2',
);
await page.getByTestId('train-status').getByText('Done in').waitFor({ timeout: 120_000 });
await page.screenshot({ path: 'docs/screenshot.png' });
await browser.close();
server.kill();
console.log('wrote docs/screenshot.png');
