// The hosted sign-in pages ("managed login") in a real browser: Debian's Chromium driven by
// playwright-core (./browser.mjs) through /oauth2/authorize, the sign-in, sign-up, confirmation,
// MFA (authenticator setup from the QR code, recovery codes, authenticator code, SMS code,
// choice of factor),
// new-password, forgotten-password, wrong-password and lockout pages and /logout, landing on a
// real callback page served here, and the code exchanged at /oauth2/token with PKCE. Every page
// is screenshotted under a stable name (docs/screenshots/ when regenerated for the docs).
//
// Driven by tests/clients/python/test_hosted_pages_browser.py, which sets:
//   COGNATE_ENDPOINT          the server (required)
//   CODE_URL                  GET `${CODE_URL}?to=<address>` → newest e-mailed code (required)
//   SMS_CODE_URL              GET `${SMS_CODE_URL}?to=<phone>` → newest SMS code (required)
//   COGNATE_SCREENSHOT_DIR    where the screenshots go (optional; a temp dir otherwise)
// The pools, app clients and users are made here with the AWS SDK (dummy credentials). Each run
// makes new pools, so the fixed addresses and phone numbers below (stable screenshots) do not
// collide on a server that already ran it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';

import { decodeQr, launchBrowser, newPage, screenshot } from './browser.mjs';
import { env, realFetch, steps } from './support.mjs';
import { Authenticator } from './totp.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const codeUrl = env('CODE_URL');
const smsCodeUrl = env('SMS_CODE_URL');

/** A phone-sized window: the pages' card layout as on a phone or a narrow browser window. */
const VIEWPORT = { width: 480, height: 800 };
const APP_NAME = 'Example app';

const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

// ------------------------------------------------------------------------------------- helpers

async function fetchText(url) {
  const res = await realFetch(url);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${text}`);
  return text;
}
const mailedCode = (address) => fetchText(`${codeUrl}?to=${encodeURIComponent(address)}`);
const smsCode = (phone) => fetchText(`${smsCodeUrl}?to=${encodeURIComponent(phone)}`);
const maskedPhone = (phone) => `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`;

function jwtPayload(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

const SMS_CONFIGURATION = {
  SnsCallerArn: 'arn:aws:iam::123456789012:role/CognitoMFASMSRole',
  ExternalId: 'mfa-sms-external-id',
};

/** A pool signing in by e-mail address with a required name (seed 001's), MFA set by `mfa`. */
async function createPool(name) {
  const out = await cognito.send(
    new CreateUserPoolCommand({
      PoolName: name,
      Policies: {
        PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false },
      },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      SmsConfiguration: SMS_CONFIGURATION,
      EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
      UsernameConfiguration: { CaseSensitive: false },
      Schema: [
        { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: true },
        { Name: 'phone_number', AttributeDataType: 'String', Mutable: true, Required: false },
        { Name: 'name', AttributeDataType: 'String', Mutable: true, Required: true },
      ],
    }),
  );
  return out.UserPool.Id;
}

/** A public web client for the code flow with PKCE, back to this test's callback server. */
async function createWebClient(poolId) {
  const out = await cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: APP_NAME,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [callbackUrl],
      LogoutURLs: [signedOutUrl],
      SupportedIdentityProviders: ['COGNITO'],
    }),
  );
  return { poolId, clientId: out.UserPoolClient.ClientId };
}

/** AdminCreateUser (no message) + a permanent password: a CONFIRMED user with a verified e-mail. */
async function confirmedUser(app, email, password, name, extra = {}) {
  const attributes = { email, email_verified: 'true', name, ...extra };
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: app.poolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: app.poolId, Username: email, Password: password, Permanent: true }));
  return { email, password };
}

/** What the page shows, for assertion messages. */
async function describe(page) {
  const h1 = await page.locator('h1').allInnerTexts().catch(() => []);
  const errors = await page.locator('p.error').allInnerTexts().catch(() => []);
  const notices = await page.locator('p.notice').allInnerTexts().catch(() => []);
  return `at ${page.url()}\n  heading: ${JSON.stringify(h1)}\n  errors: ${JSON.stringify(errors)}\n  notices: ${JSON.stringify(notices)}`;
}

/** The page's heading (its title) is `title`. */
async function expectHeading(page, title) {
  const h1 = page.locator('main h1');
  const count = await h1.count();
  assert.equal(count, 1, `one <h1> expected ${await describe(page)}`);
  assert.equal((await h1.innerText()).trim(), title, await describe(page));
}

const errorText = async (page) => (await page.locator('p.error[role=alert]').allInnerTexts()).map((t) => t.trim());
const noticeText = async (page) => (await page.locator('p.notice').allInnerTexts()).map((t) => t.trim());

/** Clicks the submit button named `name` and waits for the page (or the callback) it leads to. */
async function submit(page, name) {
  const button = page.getByRole('button', { name, exact: true });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

/** Follows the link named `name` to its page. */
async function follow(page, name) {
  const link = page.getByRole('link', { name, exact: true });
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
}

const shots = [];
async function shot(page, name) {
  shots.push(await screenshot(page, name));
}

/** `GET /oauth2/authorize` with PKCE, a state and a nonce; returns what the app keeps. */
async function authorize(page, app) {
  const verifier = randomBytes(48).toString('base64url');
  const flow = {
    app,
    verifier,
    state: `st-${randomBytes(6).toString('hex')}`,
    nonce: `n-${randomBytes(6).toString('hex')}`,
  };
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: callbackUrl,
    scope: 'openid email profile',
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const res = await page.goto(`${endpoint}/oauth2/authorize?${query}`);
  assert.ok(res, 'no response from /oauth2/authorize');
  return flow;
}

/** Authorizes and fills in the sign-in form; returns the flow. */
async function signIn(page, app, user, { password = user.password } = {}) {
  const flow = await authorize(page, app);
  await expectHeading(page, 'Sign in');
  assert.ok(new URL(page.url()).pathname === '/login', page.url());
  await page.locator('#username').fill(user.email);
  await page.locator('#password').fill(password);
  await submit(page, 'Sign in');
  return flow;
}

/** `GET /logout` with one of the client's sign-out URLs: lands on the app's signed-out page. */
async function signOut(page, app) {
  await page.goto(`${endpoint}/logout?${new URLSearchParams({ client_id: app.clientId, logout_uri: signedOutUrl })}`);
  assert.equal(page.url(), signedOutUrl, await describe(page));
  assert.equal((await page.locator('body').innerText()).trim(), 'signed out');
}

/**
 * The browser is on the app's callback page with a code for `flow`: the code is exchanged at
 * /oauth2/token with the PKCE verifier, and the ID token names `user` and carries the nonce.
 */
async function expectLanded(page, flow, user) {
  const url = new URL(page.url());
  assert.equal(`${url.origin}${url.pathname}`, callbackUrl, `not back at the app ${await describe(page)}`);
  assert.equal((await page.locator('body').innerText()).trim(), 'signed in');
  assert.equal(url.searchParams.get('state'), flow.state);
  const code = url.searchParams.get('code');
  assert.ok(code, `no code in ${url}`);
  const res = await realFetch(`${endpoint}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: flow.app.clientId,
      code,
      redirect_uri: callbackUrl,
      code_verifier: flow.verifier,
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `token exchange: ${JSON.stringify(body)}`);
  assert.equal(body.token_type, 'Bearer');
  const id = jwtPayload(body.id_token);
  assert.equal(id.nonce, flow.nonce, 'the ID token carries the nonce');
  assert.equal(id.aud, flow.app.clientId);
  assert.equal(id.email, user.email);
  assert.equal(jwtPayload(body.access_token).token_use, 'access');
  return body;
}

// ------------------------------------------------------------------------------------- the app

// The app's callback and sign-out pages: a tiny server of the test's own, so the browser lands
// on a real page.
const app = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const text = { '/callback': 'signed in', '/signed-out': 'signed out' }[pathname];
  res.writeHead(text ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><title>${text ?? 'not found'}</title><body>${text ?? 'not found'}</body>`);
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const appPort = app.address().port;
const callbackUrl = `http://localhost:${appPort}/callback`;
const signedOutUrl = `http://localhost:${appPort}/signed-out`;

// ------------------------------------------------------------------------------------- the test

test('hosted sign-in pages in Chromium', async (t) => {
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await new Promise((resolve) => app.close(resolve));
  });
  const step = steps(t);
  const page = () => newPage(browser, { viewport: VIEWPORT });

  let main; // OPTIONAL MFA, SMS and authenticator apps
  let strict; // MFA ON, authenticator apps only
  await step('makes the pools and app clients', async () => {
    const mainPool = await createPool('Hosted pages');
    await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: mainPool,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your sign-in code is {####}', SmsConfiguration: SMS_CONFIGURATION },
      }),
    );
    main = await createWebClient(mainPool);
    const strictPool = await createPool('Hosted pages, MFA on');
    await cognito.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: strictPool,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    strict = await createWebClient(strictPool);
  });

  // a. sign-up, confirmation, password sign-in --------------------------------------------------
  const ada = { email: 'ada@example.com', password: 'Analytical-Engine-1843', name: 'Ada Lovelace' };
  let adaPage; // stays signed in for the logout step
  await step('a. signs up, confirms with the e-mailed code, signs in and gets tokens with PKCE', async () => {
    adaPage = await page();
    const p = adaPage;
    const flow = await authorize(p, main);
    assert.equal(new URL(p.url()).pathname, '/login');
    await expectHeading(p, 'Sign in');
    assert.equal(await p.locator('main p.app').innerText(), APP_NAME.toUpperCase(), 'the app is named (in capitals, by the stylesheet)');
    await shot(p, 'sign-in');

    await follow(p, 'Create an account');
    await expectHeading(p, 'Create an account');
    await p.locator('#email').fill(ada.email);
    await p.locator('#attr_name').fill(ada.name);
    await p.locator('#password').fill(ada.password);
    await shot(p, 'sign-up');
    await submit(p, 'Create account');

    await expectHeading(p, 'Confirm your account');
    assert.match((await noticeText(p)).join(' '), /^We sent a code to \S+\. Enter it below/, await describe(p));
    assert.equal(await p.locator('input[name=username]').first().inputValue(), ada.email, 'the username is carried');
    assert.match(await p.locator('main').innerText(), new RegExp(`Confirming ${ada.email.replace('.', '\\.')}`));
    await p.locator('#code').fill(await mailedCode(ada.email));
    await shot(p, 'confirm-sign-up');
    await submit(p, 'Confirm account');

    await expectHeading(p, 'Sign in');
    assert.deepEqual(await noticeText(p), ['Your account is confirmed. Sign in to continue.']);
    assert.equal(await p.locator('#username').inputValue(), ada.email);
    await p.locator('#password').fill(ada.password);
    await shot(p, 'sign-in-confirmed');
    await submit(p, 'Sign in');
    const tokens = await expectLanded(p, flow, ada);
    assert.equal(jwtPayload(tokens.id_token).name, ada.name);
  });

  // b. authenticator app: setup from the QR code, then the code on the next sign-in --------------
  const grace = { email: 'grace@example.com', password: 'Compiler-A0-1952' };
  let gracePage;
  await step('b. sets up an authenticator app from the QR code, signs out, signs in with its code', async () => {
    await confirmedUser(strict, grace.email, grace.password, 'Grace Hopper');
    const p = await page();
    let flow = await signIn(p, strict, grace);
    await expectHeading(p, 'Set up your authenticator app');
    await shot(p, 'mfa-totp-setup');

    const uri = new URL(await decodeQr(p, '#qr'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), `/${APP_NAME}:${grace.email}`);
    assert.equal(uri.searchParams.get('issuer'), APP_NAME);
    const secret = uri.searchParams.get('secret');
    assert.match(secret, /^[A-Z2-7]+=*$/, 'a base32 secret');
    assert.equal((await p.locator('code#secret').innerText()).replace(/\s+/g, ''), secret, 'the key shown as text (in groups of four) is the QR code\'s');
    const authenticator = new Authenticator(secret);
    await p.locator('#device_name').fill('Phone');
    await p.locator('#code').fill(await authenticator.code());
    await submit(p, 'Verify and sign in');

    // Cognate's own (Cognito has none): recovery codes, shown once, then on to the app.
    await expectHeading(p, 'Save your recovery codes');
    assert.deepEqual(await noticeText(p), ['Your authenticator app is set up.']);
    grace.recoveryCodes = (await p.locator('ol#recovery-codes li').allInnerTexts()).map((c) => c.trim());
    assert.ok(grace.recoveryCodes.length > 0, await describe(p));
    assert.equal(new Set(grace.recoveryCodes).size, grace.recoveryCodes.length, 'the codes differ');
    await shot(p, 'mfa-recovery-codes');
    await follow(p, 'I have saved them, continue');
    await expectLanded(p, flow, grace);

    await signOut(p, strict);

    flow = await signIn(p, strict, grace);
    await expectHeading(p, 'Enter your authenticator code');
    await p.locator('#code').fill(await authenticator.code());
    await shot(p, 'mfa-totp-code');
    await submit(p, 'Sign in');
    await expectLanded(p, flow, grace);
    gracePage = p;
  });

  await step('b. signs in with a recovery code in place of the authenticator code, once', async () => {
    const p = gracePage;
    await signOut(p, strict);
    let flow = await signIn(p, strict, grace);
    await expectHeading(p, 'Enter your authenticator code');
    const [recovery] = grace.recoveryCodes;
    await p.locator('#code').fill(recovery);
    await submit(p, 'Sign in');
    await expectLanded(p, flow, grace);

    // spent: the same code is refused on the next sign-in, another one of the set still works
    await signOut(p, strict);
    flow = await signIn(p, strict, grace);
    await expectHeading(p, 'Enter your authenticator code');
    await p.locator('#code').fill(recovery);
    await submit(p, 'Sign in');
    await expectHeading(p, 'Enter your authenticator code');
    assert.equal((await errorText(p)).length, 1, `a spent recovery code is refused ${await describe(p)}`);
    await p.locator('#code').fill(grace.recoveryCodes[1]);
    await submit(p, 'Sign in');
    await expectLanded(p, flow, grace);
    await p.context().close();
  });

  // c. SMS MFA --------------------------------------------------------------------------------
  const alan = { email: 'alan@example.com', password: 'Bombe-Hut-8-1940', phone: '+15555550100' };
  await step('c. signs in with the code sent by SMS to the masked number', async () => {
    await confirmedUser(main, alan.email, alan.password, 'Alan Turing', { phone_number: alan.phone, phone_number_verified: 'true' });
    await cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: main.poolId,
        Username: alan.email,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const p = await page();
    const flow = await signIn(p, main, alan);
    await expectHeading(p, 'Enter the code we sent you');
    const text = await p.locator('main').innerText();
    assert.ok(text.includes(maskedPhone(alan.phone)), `the masked number ${maskedPhone(alan.phone)} on the page:\n${text}`);
    assert.ok(!text.includes(alan.phone), 'the full number is not on the page');
    await p.locator('#code').fill(await smsCode(alan.phone));
    await shot(p, 'mfa-sms-code');
    await submit(p, 'Sign in');
    await expectLanded(p, flow, alan);
    await p.context().close();
  });

  // d. a choice of factor -----------------------------------------------------------------------
  const katherine = { email: 'katherine@example.com', password: 'Orbit-Friendship-7', phone: '+15555550101' };
  await step('d. chooses the authenticator app from SMS and authenticator, then signs in with its code', async () => {
    await confirmedUser(main, katherine.email, katherine.password, 'Katherine Johnson', {
      phone_number: katherine.phone,
      phone_number_verified: 'true',
    });
    const signedIn = await cognito.send(
      new InitiateAuthCommand({
        ClientId: main.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: katherine.email, PASSWORD: katherine.password },
      }),
    );
    const accessToken = signedIn.AuthenticationResult.AccessToken;
    const { SecretCode } = await cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
    const authenticator = new Authenticator(SecretCode);
    const verified = await cognito.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: await authenticator.code() }));
    assert.equal(verified.Status, 'SUCCESS');
    await cognito.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: main.poolId,
        Username: katherine.email,
        SMSMfaSettings: { Enabled: true, PreferredMfa: false },
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    );

    const p = await page();
    const flow = await signIn(p, main, katherine);
    await expectHeading(p, 'Choose how to verify it\'s you');
    const factors = await p.locator('input[type=radio][name=factor]').evaluateAll((inputs) => inputs.map((i) => i.value));
    assert.deepEqual([...factors].sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    await p.getByLabel('My authenticator app').check();
    await shot(p, 'mfa-choose');
    await submit(p, 'Continue');
    await expectHeading(p, 'Enter your authenticator code');
    await p.locator('#code').fill(await authenticator.code());
    await submit(p, 'Sign in');
    await expectLanded(p, flow, katherine);
    await p.context().close();
  });

  // e. forgotten password -----------------------------------------------------------------------
  await step('e. resets a forgotten password with the e-mailed code and signs in with the new one', async () => {
    const p = await page();
    const flow = await authorize(p, main);
    await expectHeading(p, 'Sign in');
    await follow(p, 'Forgot your password?');
    await expectHeading(p, 'Forgot your password?');
    await p.locator('#username').fill(ada.email);
    await shot(p, 'forgot-password');
    await submit(p, 'Send code');

    await expectHeading(p, 'Choose a new password');
    assert.equal(new URL(p.url()).pathname, '/confirmForgotPassword');
    ada.password = 'Difference-Engine-1822';
    await p.locator('#code').fill(await mailedCode(ada.email));
    await p.locator('#new_password').fill(ada.password);
    await p.locator('#confirm_password').fill(ada.password);
    await shot(p, 'reset-password');
    await submit(p, 'Change password');

    await expectHeading(p, 'Sign in');
    assert.deepEqual(await noticeText(p), ['Your password has been changed. Sign in with the new one.']);
    assert.equal(await p.locator('#username').inputValue(), ada.email);
    await p.locator('#password').fill(ada.password);
    await submit(p, 'Sign in');
    await expectLanded(p, flow, ada);
    await p.context().close();
  });

  // f. new password required --------------------------------------------------------------------
  const margaret = { email: 'margaret@example.com', temporary: 'Temporary-Apollo-11', password: 'Apollo-Guidance-1969' };
  await step('f. replaces a temporary password on the page and lands signed in', async () => {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: main.poolId,
        Username: margaret.email,
        TemporaryPassword: margaret.temporary,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: margaret.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Margaret Hamilton' },
        ],
      }),
    );
    const p = await page();
    const flow = await signIn(p, main, margaret, { password: margaret.temporary });
    await expectHeading(p, 'Choose a new password');
    await p.locator('#new_password').fill(margaret.password);
    await p.locator('#confirm_password').fill(margaret.password);
    await shot(p, 'new-password');
    await submit(p, 'Sign in');
    await expectLanded(p, flow, margaret);
    const got = await cognito.send(new AdminGetUserCommand({ UserPoolId: main.poolId, Username: margaret.email }));
    assert.equal(got.UserStatus, 'CONFIRMED');
    await p.context().close();
  });

  // g. wrong passwords, then the lockout --------------------------------------------------------
  const eve = { email: 'eve@example.com', password: 'Right-Password-42' };
  await step('g. shows a wrong password on the page, then the lockout after five failures', async () => {
    await confirmedUser(main, eve.email, eve.password, 'Eve');
    const p = await page();
    await signIn(p, main, eve, { password: 'Wrong-Password-1' });
    await expectHeading(p, 'Sign in');
    assert.deepEqual(await errorText(p), ['Incorrect username or password.'], await describe(p));
    assert.equal(await p.locator('#username').inputValue(), eve.email, 'the username is kept');
    assert.equal(await p.locator('#password').inputValue(), '', 'the password is not');
    await shot(p, 'wrong-password');

    // Five counted failures lock the user for a second, each further one doubles the lock;
    // attempts while locked are refused with Cognito's "Password attempts exceeded".
    const answers = ['Incorrect username or password.'];
    for (let attempt = 2; attempt <= 9; attempt++) {
      await p.locator('#password').fill(`Wrong-Password-${attempt}`);
      await submit(p, 'Sign in');
      await expectHeading(p, 'Sign in');
      const errors = await errorText(p);
      assert.equal(errors.length, 1, await describe(p));
      answers.push(errors[0]);
      if (/Too many failed attempts/.test(errors[0])) break;
    }
    assert.deepEqual(answers.slice(0, 5), Array(5).fill('Incorrect username or password.'), JSON.stringify(answers));
    assert.match(answers.at(-1), /Too many failed attempts/, `no lockout after ${answers.length} attempts: ${JSON.stringify(answers)}`);
    await shot(p, 'locked-out');
    await p.context().close();
  });

  // h. logout -----------------------------------------------------------------------------------
  await step('h. a live session signs in without the page until /logout, which lands on the sign-out URL', async () => {
    const p = adaPage;
    let flow = await authorize(p, main);
    await expectLanded(p, flow, ada); // the managed-login session from step a

    await signOut(p, main);

    flow = await authorize(p, main);
    await expectHeading(p, 'Sign in');
    assert.equal(new URL(p.url()).pathname, '/login');
    await p.locator('#username').fill(ada.email);
    await p.locator('#password').fill(ada.password);
    await submit(p, 'Sign in');
    await expectLanded(p, flow, ada);

    // Signing out to sign in again: /logout with an authorization request's parameters.
    const again = new URLSearchParams({
      client_id: main.clientId,
      response_type: 'code',
      redirect_uri: callbackUrl,
      scope: 'openid email profile',
    });
    await p.goto(`${endpoint}/logout?${again}`);
    await expectHeading(p, 'Sign in');
    assert.deepEqual(await noticeText(p), ['You have signed out.']);
    await shot(p, 'signed-out');
    await p.context().close();
  });

  await step('saved a screenshot of every page', async () => {
    console.log(`screenshots:\n  ${shots.join('\n  ')}`);
    assert.equal(shots.length, new Set(shots).size, 'each page has its own name');
  });
});
