import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// The browser tests need a Chromium and nothing installed by hand: a system one when there is one
// (CHROMIUM_PATH, or Debian's), otherwise the headless Chromium shipped inside the
// @sparticuz/chromium devDependency, unpacked once into a folder of ours under node_modules/.cache
// (npm ci starts it afresh). Not /tmp itself: unpacked files of another version left there make
// that browser close on the first page.
const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const PACKAGED_VERSION = '147.0.0';
const cache = new URL(`../node_modules/.cache/chokepoint-chromium-${PACKAGED_VERSION}/`, import.meta.url).pathname;

const COMMON_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-zygote'];

export interface BrowserFound {
  executablePath: string;
  /** Where it came from, for the failure message of a test that cannot start it. */
  origin: 'system' | 'packaged';
  env: Record<string, string>;
}

function systemChromium(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined && named !== '') return named;
  return SYSTEM_CANDIDATES.find((path) => existsSync(path));
}

/**
 * Unpacks the packaged Chromium (binary, its fonts and SwiftShader) into the cache folder. It is
 * unpacked into a private staging folder and renamed into place, so test files started in
 * parallel never see a half-written binary.
 */
async function packagedChromium(): Promise<string> {
  const binary = join(cache, 'chromium');
  if (existsSync(binary)) return binary;
  mkdirSync(join(cache, '..'), { recursive: true });
  const staging = mkdtempSync(`${cache.replace(/\/$/, '')}.staging-`);
  const { default: packaged } = await import('@sparticuz/chromium');
  packaged.setGraphicsMode = false;
  // The package unpacks to os.tmpdir(), which it reads synchronously when executablePath() is
  // called: pointing TMPDIR at the staging folder for that call is enough.
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  let unpacking: Promise<string>;
  try {
    unpacking = packaged.executablePath();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  await unpacking;
  // Its fontconfig file names /tmp/fonts; ours names the unpacked fonts and the system's.
  writeFileSync(
    join(staging, 'fonts', 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(cache, 'fonts', 'fonts')}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(cache, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    renameSync(staging, cache);
  } catch {
    // Another test file won the race; its copy is complete.
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

export async function findChromium(): Promise<BrowserFound> {
  const system = systemChromium();
  if (system !== undefined) return { executablePath: system, origin: 'system', env: {} };
  const executablePath = await packagedChromium();
  // The packaged browser brings its own fonts and fontconfig file.
  return { executablePath, origin: 'packaged', env: { FONTCONFIG_PATH: join(cache, 'fonts') } };
}

export async function launchChromium(): Promise<Browser> {
  const found = await findChromium();
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return chromium.launch({ executablePath: found.executablePath, headless: true, args: COMMON_ARGS, env: { ...env, ...found.env } });
}
