// What `npm start` and `npm test` make sure of before they run: the Node packages, and for the
// tests Debian's Chromium with the Vulkan loader (its SwiftShader driver gives WebGPU without a GPU)
// and a Python 3 (the exported scripts are compiled in a unit test).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Runs a command with inherited output; returns its exit status. */
export function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  return result.status ?? 1;
}

/** Installs the Node packages when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  const stale =
    !existsSync(marker) ||
    (existsSync('package-lock.json') &&
      statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  console.log('Installing Node packages (npm ci)...');
  const status = existsSync('package-lock.json')
    ? sh('npm', ['ci', '--no-audit', '--no-fund'])
    : sh('npm', ['install', '--no-audit', '--no-fund']);
  if (status !== 0) {
    console.error('npm could not install the packages; see the messages above.');
    process.exit(status);
  }
}

const hasVulkanLoader = () =>
  [
    '/usr/lib/x86_64-linux-gnu/libvulkan.so.1',
    '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
    '/usr/lib/libvulkan.so.1',
  ].some(existsSync);

/** A Python 3 to compile the exported scripts with (Debian's, or any on PATH). */
const hasPython = () =>
  existsSync('/usr/bin/python3') || sh('python3', ['--version'], { stdio: 'ignore' }) === 0;

/**
 * Makes sure of what the tests need from Debian: Chromium and libvulkan1 for the browser tests,
 * and a Python 3 for the check that exported Python scripts compile. Installs what is missing
 * with apt when running as root, otherwise stops with the command to run.
 */
export function ensureTestPackages() {
  const packages = [];
  const chromiumReady =
    existsSync(CHROMIUM) &&
    (process.env.CHROMIUM_PATH || (existsSync(SWIFTSHADER_ICD) && hasVulkanLoader()));
  if (!chromiumReady) packages.push('chromium', 'libvulkan1');
  if (!hasPython()) packages.push('python3-minimal');
  if (packages.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `The tests need Debian packages that are not installed: ${packages.join(', ')} ` +
        `(Chromium and the Vulkan loader for the browser tests, Python 3 to compile exported scripts).\n` +
        `Install them with:\n\n  sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n\n` +
        `(or point CHROMIUM_PATH at a Chromium binary). Then run npm test again.`,
    );
    process.exit(1);
  }
  console.log(`Installing ${packages.join(', ')} with apt (about a minute)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let status = sh('apt-get', ['update', '-qq'], { env });
  if (status === 0)
    status = sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
    });
  if (status !== 0 || !existsSync(CHROMIUM) || !hasPython()) {
    console.error(`apt-get could not install ${packages.join(' ')}; see the messages above.`);
    process.exit(status || 1);
  }
}
