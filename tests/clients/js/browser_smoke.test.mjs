// Smoke test of the browser-test plumbing (browser.mjs): Debian's Chromium driven by
// playwright-core loads a page from a running Cognate, screenshots it, reads a QR code off a
// page and gets a virtual WebAuthn authenticator.
// Driven by tests/clients/python/test_browser.py, which makes the pool and sets
//   COGNATE_ENDPOINT, POOL_ID        (required)
//   COGNATE_SCREENSHOT_DIR           (optional: where screenshots go; a temp dir otherwise)
// Run by hand: COGNATE_ENDPOINT=... POOL_ID=... node --test browser_smoke.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { addVirtualAuthenticator, credentials, decodeQr, launchBrowser, newPage, screenshot } from './browser.mjs';
import { env, steps } from './support.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const issuer = `${endpoint}/${poolId}`;

// "cognate-smoke" as a version 1-M QR code (21x21 modules, '#' dark), made once with the qrcode
// package: the tests have no QR encoder of their own, only the decoder.
const QR_TEXT = 'cognate-smoke';
const QR_MODULES = [
  '#######..#..#.#######',
  '#.....#...##..#.....#',
  '#.###.#.#...#.#.###.#',
  '#.###.#.##..#.#.###.#',
  '#.###.#.##..#.#.###.#',
  '#.....#.##.#..#.....#',
  '#######.#.#.#.#######',
  '........#............',
  '#.#####..###..#####..',
  '##.#........######..#',
  '##...##.#.#.##.#.#.#.',
  '.#.###...#.###...####',
  '.##...#.#.#####......',
  '........###....####.#',
  '#######...#####..#.#.',
  '#.....#.#..#.#.#.###.',
  '#.###.#.#.#...#....##',
  '#.###.#.##...##.##...',
  '#.###.#.#.####.......',
  '#.....#....#.#...##..',
  '#######.#.##..##...#.',
];

/** An inline SVG of QR_MODULES, 6 px a module, with no quiet zone (decodeQr adds one). */
function qrSvg() {
  const d = QR_MODULES.flatMap((row, y) => [...row].map((m, x) => (m === '#' ? `M${x} ${y}h1v1h-1z` : ''))).join('');
  const n = QR_MODULES.length;
  return `<svg id="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${6 * n}" height="${6 * n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

test('Chromium through playwright-core', async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await newPage(browser);
  const step = steps(t);

  await step('loads the discovery document from Cognate', async () => {
    const url = `${issuer}/.well-known/openid-configuration`;
    const res = await page.goto(url);
    assert.ok(res, `no response for ${url}`);
    assert.equal(res.status(), 200, `GET ${url}`);
    assert.match(res.headers()['content-type'] ?? '', /json/);
    const doc = await res.json();
    assert.equal(doc.issuer, issuer);
    const text = await page.locator('body').innerText();
    assert.ok(text.includes(`"issuer":"${issuer}"`) || text.includes(issuer), `page text lacks the issuer:\n${text}`);
  });

  await step('saves a full-page screenshot', async () => {
    const file = await screenshot(page, 'browser-smoke discovery');
    assert.match(file, /browser-smoke_discovery\.png$/);
    if (process.env.COGNATE_SCREENSHOT_DIR) assert.ok(file.startsWith(process.env.COGNATE_SCREENSHOT_DIR), file);
    const png = readFileSync(file);
    assert.ok(png.length > 100, `${file}: ${png.length} bytes`);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  });

  await step('adds a virtual platform authenticator', async () => {
    // the discovery page is on loopback http, a secure context, so WebAuthn is available there
    const id = await addVirtualAuthenticator(page);
    assert.equal(typeof id, 'string');
    assert.ok(id.length > 0);
    assert.deepEqual(await credentials(page, id), []);
    const platform = await page.evaluate(() => PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable());
    assert.equal(platform, true, 'a user-verifying platform authenticator is available to the page');
  });

  await step('reads a QR code off the page', async () => {
    const qrPage = await newPage(browser);
    await qrPage.setContent(
      `<!doctype html><body style="margin:40px;background:#eee">${qrSvg()}` +
        '<div id="blank" style="width:120px;height:120px;background:#fff"></div></body>',
    );
    assert.equal(await decodeQr(qrPage, '#qr'), QR_TEXT);
    await assert.rejects(decodeQr(qrPage, '#blank'), /no QR code found in #blank/);
    await qrPage.context().close();
  });
});
