// `npm test`: installs what is missing, then runs every check and suite, and ends with one line of
// totals across all of them: "N passed, N failed[, N skipped]". Each check (type check, lint,
// format, build) counts as one; each test case of the suites counts as one.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureNodeModules, ensureTestPackages, sh } from './ensure.mjs';

ensureNodeModules();
ensureTestPackages();

const npx = (...args) => ['npx', args];
const results = [];
mkdirSync('test-results', { recursive: true });

/** A step that passes or fails as a whole. */
function check(name, [command, args]) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const status = sh(command, args);
  results.push({
    name,
    passed: status === 0 ? 1 : 0,
    failed: status === 0 ? 0 : 1,
    skipped: 0,
    seconds: (Date.now() - started) / 1000,
  });
}

/** A suite whose test counts come from its JSON report; a missing report counts as one failure. */
function suite(name, [command, args], report, count) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  rmSync(report, { force: true });
  const started = Date.now();
  const status = sh(command, args);
  const seconds = (Date.now() - started) / 1000;
  let counts = { passed: 0, failed: 1, skipped: 0 };
  if (existsSync(report)) {
    counts = count(JSON.parse(readFileSync(report, 'utf8')));
    // A run that exits non-zero with every test green failed outside the tests (setup, teardown).
    if (status !== 0 && counts.failed === 0) counts.failed = 1;
  }
  results.push({ name, ...counts, seconds });
}

const vitestCounts = (json) => ({
  passed: json.numPassedTests,
  failed:
    json.numFailedTests +
    (json.success === false && json.numFailedTests === 0 ? json.numFailedTestSuites || 1 : 0),
  skipped: json.numPendingTests + json.numTodoTests,
});
const playwrightCounts = (json) => ({
  passed: json.stats.expected + json.stats.flaky,
  failed: json.stats.unexpected + (json.errors?.length ?? 0),
  skipped: json.stats.skipped,
});
const vitest = (project) =>
  npx(
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=test-results/${project}.json`,
  );

// Generates .svelte-kit/tsconfig.json, which the type check and the test runner read.
sh('npx', ['svelte-kit', 'sync']);
check('type check', npx('svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings'));
check('lint', npx('eslint', '.'));
check('format', npx('prettier', '--check', '.'));
suite('unit tests', vitest('unit'), 'test-results/unit.json', vitestCounts);
suite(
  'kernel tests (WebGPU in Node)',
  vitest('kernels'),
  'test-results/kernels.json',
  vitestCounts,
);
check('build', npx('vite', 'build', '--logLevel', 'warn'));
suite(
  'end-to-end tests (Chromium)',
  npx('playwright', 'test'),
  'test-results/e2e.json',
  playwrightCounts,
);

const total = results.reduce(
  (sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed,
    skipped: sum.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
console.log('\n=== Summary');
for (const r of results) {
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  console.log(
    `${r.failed ? 'FAIL' : 'ok  '}  ${r.name.padEnd(32)} ${r.passed} passed, ${r.failed} failed${skipped}  (${r.seconds.toFixed(0)} s)`,
  );
}
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(total.failed === 0 ? 0 : 1);
