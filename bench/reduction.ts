import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { PCA as MlPca } from 'ml-pca';
import { chromiumArgs, chromiumPath } from '../playwright.config';
import type { DatasetLoader } from '../src/engine/data/load';
import type { GpuOps } from '../src/engine/lab';
import { residentMatrix } from '../src/kernels/matmul/resident';
import { fromFloat32, rowSlice } from '../src/engine/reduction/dense';
import { fitPca, type PcaSolver } from '../src/engine/reduction/pca';
import { createRng } from '../src/engine/rng';
import { serveBuild } from './serve-build';
import { printTable } from './timing';

export interface PcaRow {
  /** Where it ran: our engine in Node or in the page's worker, scikit-learn, ml-pca. */
  implementation: string;
  rows: number;
  seconds: number;
}

const COMPONENTS = 50;

/**
 * PCA of MNIST (784 features, 50 components), fit only, median of 3: our engine in Node (the code
 * the page's worker runs, on tfjs's WASM backend, which must be active) with the 'gram' solver
 * (what auto picks here) and the randomized one, the randomized one with its products on `gpu`
 * through our WGSL matmul, our page in Chromium (the fit time it reports; the page fits on its
 * 80% training split, so scikit-learn is also timed on that many rows), scikit-learn
 * (bench/reference/pca_sklearn.py, when Debian's python3-sklearn is installed) and ml-pca (once:
 * it takes minutes).
 *
 * What each time holds: ours, `fitPca` (column means, covariance or centring, eigenpairs or SVD,
 * variance ratios), in Node after one untimed run (the JIT warm), in the page a fresh worker each
 * time (`fitReduction`, cold JIT included); scikit-learn, `PCA.fit` (input check and copy,
 * centring, randomized_svd or the full SVD, variances). Neither projects the data.
 */
export async function benchPca(
  loader: DatasetLoader,
  gpu?: { device: GPUDevice; adapter: string },
): Promise<PcaRow[]> {
  const data = await loader.load('mnist', { samples: 10000, noise: 0, seed: 1 });
  const x = fromFloat32(data.x, data.rows, data.features);
  const rows: PcaRow[] = [];
  const timeEngine = async (input: typeof x, solver: PcaSolver, ops?: GpuOps) => {
    const times: number[] = [];
    for (let run = 0; run < 4; run++) {
      const started = performance.now();
      await fitPca(input, COMPONENTS, { solver, rng: createRng(1), ops });
      times.push((performance.now() - started) / 1000);
    }
    return times.slice(1).sort((a, b) => a - b)[1];
  };
  for (const solver of ['gram', 'randomized'] as const)
    rows.push({
      implementation: `ours, Node (WASM), ${solver}${solver === 'gram' ? ' (auto)' : ''}`,
      rows: x.rows,
      seconds: await timeEngine(x, solver),
    });
  if (gpu) {
    const ops: GpuOps = { residentMatrix: (a, r, c) => residentMatrix(gpu.device, a, r, c) };
    rows.push({
      implementation: `ours, Node, randomized, WGSL matmul on ${gpu.adapter}`,
      rows: x.rows,
      seconds: await timeEngine(x, 'randomized', ops),
    });
  }
  const page = await timePage();
  rows.push({ implementation: 'ours, in the page (Chromium), auto', ...page });
  try {
    const output = execFileSync(
      '/usr/bin/python3',
      ['bench/reference/pca_sklearn.py', String(x.rows), String(page.rows)],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(output) as {
      sklearn: string;
      times: { rows: number; solver: string; seconds: number }[];
    };
    for (const t of report.times)
      rows.push({
        implementation: `scikit-learn ${report.sklearn} (${t.solver})`,
        rows: t.rows,
        seconds: t.seconds,
      });
  } catch (error) {
    console.warn(`scikit-learn not timed (${error instanceof Error ? error.message : error})`);
  }
  const matrix = Array.from({ length: x.rows }, (_, i) => Array.from(rowSlice(x, i, i + 1).data));
  const started = performance.now();
  new MlPca(matrix, { method: 'SVD' });
  rows.push({
    implementation: 'ml-pca 4.1.1 (SVD)',
    rows: x.rows,
    seconds: (performance.now() - started) / 1000,
  });
  const ours = rows[0].seconds;
  printTable(
    `PCA of MNIST, ${COMPONENTS} components, fit time (median of 3; ml-pca once)`,
    ['implementation', 'rows', 'seconds', 'vs the first row'],
    rows.map((r) => [
      r.implementation,
      r.rows,
      r.seconds.toFixed(2),
      `${(r.seconds / ours).toFixed(2)}x`,
    ]),
  );
  return rows;
}

/** Opens /reduction on the built app three times and reads the fit time the page reports. */
async function timePage(): Promise<{ rows: number; seconds: number }> {
  const server = await serveBuild(4198);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage({ serviceWorkers: 'block' });
    const times: number[] = [];
    let rows = 0;
    for (let run = 0; run < 3; run++) {
      await page.goto(
        `${server.origin}/reduction?dataset=mnist&samples=10000&method=pca&pcaSolver=auto&components=${COMPONENTS}&compare=0&seed=${run + 1}`,
      );
      const fit = page.getByTestId('fit-seconds');
      await fit.waitFor({ timeout: 300_000 });
      times.push(Number(await fit.getAttribute('data-seconds')));
      rows = Number(await fit.getAttribute('data-rows'));
    }
    return { rows, seconds: times.sort((a, b) => a - b)[1] };
  } finally {
    await browser.close();
    server.close();
  }
}
