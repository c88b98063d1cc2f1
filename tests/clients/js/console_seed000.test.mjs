// Seed 000 ("AWS Cognito MFA & SMS Setup") clicked through the admin console at /console in a
// real browser: Debian's Chromium driven by playwright-core (./browser.mjs). A fresh pool is
// created on the console's pages, then the seed's steps are done on them in the order the
// settings depend on each other: the SMS role (Authentication methods → SMS) before optional MFA
// with authenticator apps and SMS (Sign-in → Multi-factor authentication), device tracking with
// the trusted-device bypass, an app client whose attribute permissions let it read and write
// `phone_number`, and the SMS account's way out of the sandbox (request, approval, the new
// monthly spending limit). A user is made and found with a filter, and the dev inbox is opened.
// Every page is screenshotted under a stable name (docs/console/ when regenerated for the docs).
//
// Driven by tests/clients/python/test_console_browser.py, which sets:
//   COGNATE_ENDPOINT          the server (required; no admin keys, so the console is open)
//   CONSOLE_RESULT_FILE       where to write what was made, as JSON (required)
//   COGNATE_SCREENSHOT_DIR    where the screenshots go (optional; a temp dir otherwise)
// and then checks what the console did with boto3 and the AWS CLI. The pages are found by the
// labels and headings of the AWS console, as a person following the seed would find them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

import { launchBrowser, newPage, screenshot } from './browser.mjs';
import { env, realFetch, steps } from './support.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const resultFile = env('CONSOLE_RESULT_FILE');

/** A desktop window, as the console is mostly used. */
const VIEWPORT = { width: 1280, height: 900 };
/** A phone: the console's layout on a narrow screen. */
const PHONE = { width: 390, height: 844 };

const suffix = randomBytes(4).toString('hex');
const POOL_NAME = `seed000-${suffix}`;
const CLIENT_NAME = 'seed000-app';
const SMS_ROLE_ARN = 'arn:aws:iam::123456789012:role/CognitoSMS';
const SMS_EXTERNAL_ID = 'seed-000-external';
const SMS_REGION = 'ap-southeast-1';
const CLIENT_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const USER_EMAIL = `ann-${suffix}@example.com`;
const APPROVED =
  'Your new SMS monthly spending limit of $50 USD was implemented in Asia Pacific (Singapore) region';

// ------------------------------------------------------------------------------------- helpers

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The radio button or checkbox whose label starts with `label`: a choice's label may carry a
 * hint after its name, which becomes part of the accessible name.
 */
const choice = (page, role, label) => page.getByRole(role, { name: new RegExp(`^${escapeRegExp(label)}`) });
const radio = (page, label) => choice(page, 'radio', label);
const checkbox = (page, label) => choice(page, 'checkbox', label);
/** The text field (input, textarea or select) labelled exactly `label`. */
const field = (page, label) => page.getByLabel(label, { exact: true });

/** What the page shows, for assertion messages. */
async function describe(page) {
  const h1 = await page.locator('main h1').allInnerTexts().catch(() => []);
  const errors = await page.locator('p.error, .field-error').allInnerTexts().catch(() => []);
  const notices = await page.locator('p.notice').allInnerTexts().catch(() => []);
  return `at ${page.url()}\n  heading: ${JSON.stringify(h1)}\n  errors: ${JSON.stringify(errors)}\n  notices: ${JSON.stringify(notices)}`;
}

/** The page's heading is `title`, and it shows no error. */
async function expectPage(page, title) {
  const h1 = page.locator('main h1');
  assert.equal(await h1.count(), 1, `one <h1> expected ${await describe(page)}`);
  assert.equal((await h1.innerText()).trim(), title, await describe(page));
  const errors = await page.locator('p.error, .field-error').allInnerTexts();
  assert.deepEqual(errors, [], `no error expected ${await describe(page)}`);
}

const noticeText = async (page) => (await page.locator('p.notice').allInnerTexts()).map((t) => t.trim()).join(' ');

/** The page says what the last form did. */
async function expectNotice(page) {
  assert.ok((await noticeText(page)).length > 0, `a notice expected ${await describe(page)}`);
}

/** Waits for the page that `action` leads to; it must have answered 200. */
async function navigate(page, action) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  assert.ok(response, `no page after the action ${await describe(page)}`);
  assert.equal(response.status(), 200, `HTTP ${response.status()} ${await describe(page)}`);
  return response;
}

/** Opens `url`; it must answer 200. */
async function open(page, url) {
  const response = await page.goto(url);
  assert.ok(response, `no response from ${url}`);
  assert.equal(response.status(), 200, `HTTP ${response.status()} ${await describe(page)}`);
  return response;
}

/** Clicks the submit button named `name`. */
const submit = (page, name) => navigate(page, () => page.getByRole('button', { name, exact: true }).click());

/** Follows the link named `name` (within `scope`, the page by default). */
const follow = (page, name, scope = page) => navigate(page, () => scope.getByRole('link', { name, exact: true }).click());

/** Follows a link of the console's navigation. */
const nav = (page, name) => follow(page, name, page.locator('nav.side'));

/** Ticks exactly the checkboxes named `name` whose value is in `values`. */
async function tickOnly(page, name, values) {
  const boxes = page.locator(`input[type=checkbox][name="${name}"]`);
  const count = await boxes.count();
  assert.ok(count > 0, `no checkboxes named ${name} ${await describe(page)}`);
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    await box.setChecked(values.includes(await box.getAttribute('value')));
  }
}

/** The path of a link's target. */
async function linkPath(page, link) {
  const href = await link.getAttribute('href');
  assert.ok(href, `the link has no href ${await describe(page)}`);
  return new URL(href, page.url()).pathname;
}

const shots = [];
async function shot(page, name) {
  shots.push(await screenshot(page, name));
}

// ------------------------------------------------------------------------------------- the test

test('seed 000 in the admin console, in Chromium', async (t) => {
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const step = steps(t);
  const page = await newPage(browser, { viewport: VIEWPORT });

  let poolId;
  let clientId;

  await step('opens the user pools and the form to create one', async () => {
    await open(page, `${endpoint}/console/pools`);
    await expectPage(page, 'User pools');
    await follow(page, 'Create user pool');
    await expectPage(page, 'Create user pool');
  });

  await step('creates a pool that signs in with an e-mail address, without MFA', async () => {
    await field(page, 'User pool name').fill(POOL_NAME);
    await tickOnly(page, 'sign_in', []);
    await checkbox(page, 'Email').check();
    assert.equal(await checkbox(page, 'User name').isChecked(), false);
    assert.equal(await checkbox(page, 'Phone number').isChecked(), false);
    assert.equal(await field(page, 'Password minimum length').inputValue(), '8', 'the minimum length starts at 8');
    assert.equal(await radio(page, 'No MFA').isChecked(), true, 'No MFA is the default');
    await shot(page, 'create-pool');
    await submit(page, 'Create user pool');

    const match = new URL(page.url()).pathname.match(/^\/console\/pools\/([^/]+)$/);
    assert.ok(match, `the pool's overview expected ${await describe(page)}`);
    poolId = decodeURIComponent(match[1]);
    await expectPage(page, POOL_NAME);
    await expectNotice(page);
  });

  await step("shows the pool's overview: its id, ARN, users, dates and keys", async () => {
    const terms = (await page.locator('dl.facts dt').allInnerTexts()).map((t) => t.trim());
    for (const term of ['User pool ID', 'ARN', 'Estimated number of users', 'Created', 'Last modified']) {
      assert.ok(terms.includes(term), `"${term}" among the facts ${JSON.stringify(terms)}`);
    }
    const facts = await page.locator('dl.facts').allInnerTexts();
    assert.ok(facts.some((f) => f.includes(poolId)), `the pool id among the facts: ${facts}`);
    assert.ok(facts.some((f) => f.includes(`userpool/${poolId}`)), `the pool's ARN among the facts: ${facts}`);

    const jwks = await linkPath(page, page.getByRole('link', { name: 'JWKS', exact: true }));
    assert.equal(jwks, `/${poolId}/.well-known/jwks.json`);
    const keys = await realFetch(`${endpoint}${jwks}`);
    assert.equal(keys.status, 200, `GET ${jwks}`);
    assert.ok(Array.isArray((await keys.json()).keys), 'the JWKS lists keys');
    const oidc = await linkPath(page, page.getByRole('link', { name: 'OpenID configuration', exact: true }));
    const discovery = await realFetch(`${endpoint}${oidc}`);
    assert.equal(discovery.status, 200, `GET ${oidc}`);
    assert.match((await discovery.json()).issuer, new RegExp(`${escapeRegExp(poolId)}$`));

    const remove = await linkPath(page, page.getByRole('link', { name: 'Delete user pool', exact: true }));
    assert.equal(remove, `/console/pools/${poolId}/delete`);
    await shot(page, 'pool-overview');
  });

  await step('step 2: saves the SMS role on Authentication methods', async () => {
    await nav(page, 'Authentication methods');
    await expectPage(page, 'Authentication methods');
    await field(page, 'IAM role ARN').fill(SMS_ROLE_ARN);
    await field(page, 'External ID').fill(SMS_EXTERNAL_ID);
    await field(page, 'SNS region').fill(SMS_REGION);
    await submit(page, 'Save SMS configuration');
    await expectPage(page, 'Authentication methods');
    await expectNotice(page);
    assert.equal(await field(page, 'IAM role ARN').inputValue(), SMS_ROLE_ARN, 'the saved role is shown');
    assert.equal(await field(page, 'External ID').inputValue(), SMS_EXTERNAL_ID);
    assert.equal(await field(page, 'SNS region').inputValue(), SMS_REGION);
    await shot(page, 'authentication-methods');
  });

  await step('step 3: makes MFA optional with authenticator apps and SMS messages', async () => {
    await nav(page, 'Sign-in');
    await expectPage(page, 'Sign-in');
    await radio(page, 'Optional MFA').check();
    await checkbox(page, 'Authenticator apps').check();
    await checkbox(page, 'SMS message').check();
    await submit(page, 'Save multi-factor authentication');
    await expectPage(page, 'Sign-in');
    await expectNotice(page);
    assert.equal(await radio(page, 'Optional MFA').isChecked(), true, `MFA is optional ${await describe(page)}`);
    assert.equal(await checkbox(page, 'Authenticator apps').isChecked(), true);
    assert.equal(await checkbox(page, 'SMS message').isChecked(), true);
  });

  await step('step 4: always remembers devices and lets trusted devices bypass MFA', async () => {
    await radio(page, 'Always remember').check();
    await checkbox(page, 'Allow users to bypass MFA for trusted devices').check();
    await submit(page, 'Save device tracking');
    await expectPage(page, 'Sign-in');
    await expectNotice(page);
    assert.equal(await radio(page, 'Always remember').isChecked(), true, `devices are remembered ${await describe(page)}`);
    assert.equal(await checkbox(page, 'Allow users to bypass MFA for trusted devices').isChecked(), true);
    // saving one panel leaves the others as they were
    assert.equal(await radio(page, 'Optional MFA').isChecked(), true, 'MFA is still optional');
    assert.equal(await checkbox(page, 'Authenticator apps').isChecked(), true);
    assert.equal(await checkbox(page, 'SMS message').isChecked(), true);
    await shot(page, 'sign-in-settings');

    const phone = await newPage(browser, { viewport: PHONE });
    await open(phone, `${endpoint}/console/pools/${encodeURIComponent(poolId)}/sign-in`);
    await expectPage(phone, 'Sign-in');
    await shot(phone, 'sign-in-settings-phone');
    await phone.context().close();
  });

  await step('step 1: creates an app client for SRP sign-in and refresh', async () => {
    await nav(page, 'App clients');
    await expectPage(page, 'App clients');
    await follow(page, 'Create app client');
    await field(page, 'App client name').fill(CLIENT_NAME);
    await checkbox(page, 'Generate a client secret').setChecked(false);
    await tickOnly(page, 'flow', []);
    for (const flow of CLIENT_FLOWS) await checkbox(page, flow).check();
    await submit(page, 'Create app client');
    await expectPage(page, CLIENT_NAME);
    assert.equal(await page.locator('code.secret').count(), 0, 'a client without a secret shows none');
    assert.ok((await page.getByRole('link', { name: 'Edit', exact: true }).count()) > 0, `a link to edit the client ${await describe(page)}`);

    const permissions = page.getByRole('link', { name: 'Set attribute read and write permissions', exact: true });
    const match = (await linkPath(page, permissions)).match(/^\/console\/pools\/[^/]+\/clients\/([^/]+)\/attributes$/);
    assert.ok(match, `the permissions link names the client ${await describe(page)}`);
    clientId = decodeURIComponent(match[1]);
    await shot(page, 'app-client');
  });

  await step('step 1: lets the client read and write phone_number', async () => {
    await follow(page, 'Set attribute read and write permissions');
    await expectPage(page, 'Attribute read and write permissions');
    const headers = (await page.locator('table th').allInnerTexts()).map((h) => h.trim());
    for (const column of ['Attribute', 'Read', 'Write']) {
      assert.ok(headers.includes(column), `column "${column}" in ${JSON.stringify(headers)}`);
    }
    await page.getByRole('checkbox', { name: 'Read phone_number', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Write phone_number', exact: true }).check();
    await shot(page, 'attribute-permissions');
    await submit(page, 'Save changes');
    assert.equal(
      new URL(page.url()).pathname,
      `/console/pools/${poolId}/clients/${clientId}`,
      `back on the client's page ${await describe(page)}`,
    );
    await expectPage(page, CLIENT_NAME);
    await expectNotice(page);

    await follow(page, 'Set attribute read and write permissions');
    assert.equal(await page.getByRole('checkbox', { name: 'Read phone_number', exact: true }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: 'Write phone_number', exact: true }).isChecked(), true);

    await nav(page, 'App clients');
    await expectPage(page, 'App clients');
    assert.equal(await page.getByRole('link', { name: CLIENT_NAME, exact: true }).count(), 1, `the client is listed ${await describe(page)}`);
    await shot(page, 'app-clients');
  });

  await step('creates a user and finds it with a filter', async () => {
    await nav(page, 'Users');
    await expectPage(page, 'Users');
    await follow(page, 'Create user');
    await field(page, 'User name').fill(USER_EMAIL);
    await field(page, 'Email').fill(USER_EMAIL);
    await checkbox(page, 'Mark email address as verified').check();
    await field(page, 'Temporary password').fill('Seed-000-Temporary1!');
    await checkbox(page, 'Send an invitation').setChecked(false);
    await submit(page, 'Create user');
    const errors = await page.locator('p.error, .field-error').allInnerTexts();
    assert.deepEqual(errors, [], `the user is created ${await describe(page)}`);

    await nav(page, 'Users');
    await expectPage(page, 'Users');
    const filter = field(page, 'Filter');
    await filter.fill(`email ^= "ann-${suffix}"`);
    await navigate(page, () => filter.press('Enter'));
    await expectPage(page, 'Users');
    const row = page.locator('table tr', { hasText: USER_EMAIL });
    assert.equal(await row.count(), 1, `the filter finds the user ${await describe(page)}`);
    await shot(page, 'users');

    await navigate(page, () => row.getByRole('link').first().click());
    const heading = (await page.locator('main h1').innerText()).trim();
    assert.ok(heading.length > 0, await describe(page));
    const panels = (await page.locator('main h2').allInnerTexts()).map((h) => h.trim());
    for (const panel of ['User information', 'Attributes', 'Devices', 'Sign-in history']) {
      assert.ok(panels.includes(panel), `panel "${panel}" among ${JSON.stringify(panels)}`);
    }
    assert.ok((await page.locator('main').innerText()).includes(USER_EMAIL), 'the e-mail address is shown');
    for (const action of ['Disable user access', 'Reset MFA', 'Sign out everywhere']) {
      assert.equal(await page.getByRole('button', { name: action, exact: true }).count(), 1, `button "${action}" ${await describe(page)}`);
    }
    await shot(page, 'user');
  });

  await step('part 1: asks to leave the SMS sandbox, approves it, and gets the $50 limit', async () => {
    await nav(page, 'SMS');
    await expectPage(page, 'SMS');
    assert.ok((await page.locator('main').innerText()).includes('In the SMS sandbox'), await describe(page));
    await shot(page, 'sms');

    await follow(page, 'Exit SMS sandbox');
    await expectPage(page, 'Exit SMS sandbox');
    assert.equal(await field(page, 'AWS region').inputValue(), 'us-east-1', "the server's region is suggested");
    await field(page, 'Company name').fill('Example Corp');
    await field(page, 'Company URL').fill('https://example.com');
    await field(page, 'AWS region').fill(SMS_REGION);
    await field(page, 'Requested monthly spend (USD)').fill('50');
    await field(page, 'SMS service or program name').fill('Example sign-in codes');
    await field(page, 'Company relationship to the SMS service').fill(
      'Our own service: users who turn on SMS MFA get their sign-in codes by text message.',
    );
    await field(page, 'SMS service or program website URL').fill('https://example.com/security');
    await field(page, 'Service opt-in location and process').fill(
      'Users add their phone number and choose SMS MFA in the account settings of the app.',
    );
    await field(page, 'Desired launch date').fill('2026-01-15');
    await field(page, 'Origination identity').selectOption('SenderID');
    await field(page, 'Destination countries').fill('SG, US');
    await radio(page, 'Transactional').check();
    await field(page, 'Expected messages per day').fill('500');
    await field(page, 'Expected messages per second').fill('5');
    await field(page, 'Message templates').fill('Your verification code is {####}');
    await field(page, 'URLs that will appear in messages').fill('None');
    await shot(page, 'exit-sandbox');
    await submit(page, 'Submit request');
    await expectPage(page, 'SMS');
    assert.ok((await noticeText(page)).includes('Your request was submitted.'), await describe(page));
    assert.ok((await page.locator('main').innerText()).includes('Request pending'), await describe(page));

    await submit(page, 'Approve request');
    await expectPage(page, 'SMS');
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(APPROVED), `the approval reads as seed 000's ${await describe(page)}`);
    assert.ok(text.includes('Out of the SMS sandbox'), await describe(page));
    await shot(page, 'sms-approved');
  });

  await step('sends test messages to Singapore and the US and sees the spend by day and country', async () => {
    await open(page, `${endpoint}/console/pools/${poolId}/authentication-methods`);
    for (const phone of ['+6591234567', '+6598765432', '+14155550123']) {
      await field(page, 'Phone number').fill(phone);
      await submit(page, 'Send test message');
      assert.ok((await noticeText(page)).includes(phone), await describe(page));
    }
    await nav(page, 'SMS');
    await expectPage(page, 'SMS');
    const spend = page.locator('section', { has: page.getByRole('heading', { name: 'Spend this month' }) });
    assert.ok((await spend.locator('svg, img[src^="data:image/svg"]').count()) >= 2, `two charts ${await describe(page)}`);
    const text = await spend.innerText();
    assert.ok(text.includes('SG') && text.includes('US'), `spend by country ${text}`);
    await shot(page, 'sms-spend');
  });

  await step('opens the dev inbox', async () => {
    await nav(page, 'Dev inbox');
    await expectPage(page, 'Dev inbox');
    await shot(page, 'inbox');
  });

  await step('lists the new pool among the user pools', async () => {
    await nav(page, 'User pools');
    await expectPage(page, 'User pools');
    const link = page.getByRole('link', { name: POOL_NAME, exact: true });
    assert.equal(await link.count(), 1, `the pool is listed ${await describe(page)}`);
    assert.equal(await linkPath(page, link), `/console/pools/${poolId}`);
    await shot(page, 'pools');
  });

  await step('saved a screenshot of every page and wrote down what it made', async () => {
    await page.context().close();
    console.log(`screenshots:\n  ${shots.join('\n  ')}`);
    assert.equal(shots.length, new Set(shots).size, 'each page has its own name');
    const made = { poolId, poolName: POOL_NAME, clientId, clientName: CLIENT_NAME, userEmail: USER_EMAIL };
    writeFileSync(resultFile, JSON.stringify(made));
    console.log(JSON.stringify(made));
  });
});
