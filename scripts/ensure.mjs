// What `npm start` and `npm test` make sure of before they run: the Node packages, and for the
// tests Debian's Chromium with the Vulkan loader (its SwiftShader driver gives WebGPU without a GPU).
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

/**
 * Makes sure Debian's Chromium and libvulkan1 are installed: installs them with apt when running as
 * root, otherwise stops with the command to run.
 */
export function ensureChromium() {
  if (
    existsSync(CHROMIUM) &&
    (process.env.CHROMIUM_PATH || (existsSync(SWIFTSHADER_ICD) && hasVulkanLoader()))
  )
    return;
  const packages = ['chromium', 'libvulkan1'];
  if (process.getuid?.() !== 0) {
    console.error(
      `The browser tests need Debian's Chromium and the Vulkan loader, which are not installed.\n` +
        `Install them with:\n\n  sudo apt-get install -y --no-install-recommends ${packages.join(' ')}\n\n` +
        `or point CHROMIUM_PATH at a Chromium binary. Then run npm test again.`,
    );
    process.exit(1);
  }
  console.log(`Installing ${packages.join(' and ')} with apt (about a minute)...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let status = sh('apt-get', ['update', '-qq'], { env });
  if (status === 0)
    status = sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
    });
  if (status !== 0 || !existsSync(CHROMIUM)) {
    console.error(`apt-get could not install ${packages.join(' ')}; see the messages above.`);
    process.exit(status || 1);
  }
}
