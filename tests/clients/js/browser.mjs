// Shared by the browser tests: drives Debian's Chromium (/usr/bin/chromium, installed by
// tests/clients/setup.sh) through playwright-core; Playwright's own browser builds are never
// downloaded. Also screenshots, QR codes read off the page (pngjs + jsQR) and a virtual WebAuthn
// authenticator for the passkey tests.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import jsQR from 'jsqr';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';

/** The browser the tests drive: Debian's `chromium` package. */
export const CHROMIUM = '/usr/bin/chromium';

/** Switches that keep a headless run quiet, quick and off the network (no updates, no sync). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium. Close it with `await browser.close()` (in an `after` hook).
 * Pages come from `newPage(browser)`, or from `browser.newContext({ ignoreHTTPSErrors: true, … })`
 * for a server with a self-signed certificate.
 * @param {import('playwright-core').LaunchOptions} [options] merged over the defaults
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser(options = {}) {
  try {
    return await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...options });
  } catch (e) {
    throw new Error(`cannot launch ${CHROMIUM} (run tests/clients/setup.sh to install it): ${e.message}`, { cause: e });
  }
}

/**
 * A page in a fresh context (its own cookies and storage). TLS errors are ignored unless
 * `ignoreHTTPSErrors: false` is passed, so a self-signed server certificate is accepted.
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions]
 * @returns {Promise<import('playwright-core').Page>} close it with `page.context().close()`
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, ...contextOptions });
  return context.newPage();
}

let tempShots;

/**
 * Where screenshots go: `COGNATE_SCREENSHOT_DIR` (created if missing) when set, else one
 * temporary directory per process.
 * @returns {string}
 */
export function screenshotDir() {
  const dir = process.env.COGNATE_SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  tempShots ??= mkdtempSync(path.join(tmpdir(), 'cognate-screenshots-'));
  return tempShots;
}

/** `name` as a file name: letters, digits, `.`, `_` and `-` only, with `.png` appended. */
function pngName(name) {
  const base = String(name).replace(/\.png$/i, '').replace(/[^\w.-]+/g, '_') || 'screenshot';
  return `${base}.png`;
}

/**
 * Saves a full-page PNG of `page` as `<screenshotDir()>/<name>.png`.
 * @param {import('playwright-core').Page} page
 * @param {string} name file name without extension, e.g. 'sign-in-form'
 * @returns {Promise<string>} the file's path
 */
export async function screenshot(page, name) {
  const file = path.join(screenshotDir(), pngName(name));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** White border added around an element's screenshot: jsQR needs the QR code's quiet zone. */
const QUIET_ZONE = 16;

/**
 * Reads the QR code shown by the element matching `selector` (an <img>, <canvas> or <svg>):
 * screenshots the element and decodes it with jsQR.
 * @param {import('playwright-core').Page} page
 * @param {string} selector a Playwright selector matching exactly one element
 * @returns {Promise<string>} the decoded text
 * @throws {Error} when no QR code can be read (the screenshot is kept and named in the message)
 */
export async function decodeQr(page, selector) {
  const shot = await page.locator(selector).screenshot();
  const png = PNG.sync.read(shot);
  const width = png.width + 2 * QUIET_ZONE;
  const height = png.height + 2 * QUIET_ZONE;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < png.height; y++) {
    const from = y * png.width * 4;
    rgba.set(png.data.subarray(from, from + png.width * 4), ((y + QUIET_ZONE) * width + QUIET_ZONE) * 4);
  }
  const code = jsQR(rgba, width, height);
  if (!code) {
    const file = path.join(screenshotDir(), pngName(`qr-unreadable-${Date.now()}`));
    writeFileSync(file, shot);
    throw new Error(`no QR code found in ${selector} (${png.width}x${png.height} px element screenshot saved as ${file})`);
  }
  return code.data;
}

/** The CDP session behind each page's virtual authenticators; it must stay attached. */
const webAuthnSessions = new WeakMap();

/**
 * Gives `page` a virtual platform authenticator (CTAP2, internal transport, resident keys,
 * user verification that always succeeds, presence simulated), so passkey ceremonies complete
 * without a prompt.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string>} the authenticator id, for `credentials(page, id)`
 */
export async function addVirtualAuthenticator(page) {
  let cdp = webAuthnSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    webAuthnSessions.set(page, cdp);
  }
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/**
 * The credentials (passkeys) a virtual authenticator of `page` holds.
 * @param {import('playwright-core').Page} page
 * @param {string} authenticatorId from `addVirtualAuthenticator(page)`
 * @returns {Promise<Array<{ credentialId: string, rpId: string, userHandle?: string, signCount: number }>>}
 */
export async function credentials(page, authenticatorId) {
  const cdp = webAuthnSessions.get(page);
  if (!cdp) throw new Error('the page has no virtual authenticator (call addVirtualAuthenticator first)');
  const { credentials: list } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return list;
}
