// Amplify JS v6's hosted sign-in in a real browser against Cognate served over HTTPS
// (`cognate serve --tls self-signed`): the app's "Sign in" button calls signInWithRedirect,
// Cognate's sign-in page is filled in, Amplify completes the code exchange (PKCE) back on the
// app, getCurrentUser() and fetchAuthSession() show the user and the tokens,
// fetchAuthSession({ forceRefresh: true }) refreshes them through the JSON API, and signOut()
// revokes the refresh token and passes through Cognate's /logout to the app's signed-out page;
// a new signInWithRedirect then shows the sign-in page again (the managed-login session ended).
//
// The app (amplify_redirect_app.mjs) is bundled here with esbuild and served from a small
// node:http server at http://localhost:<port>. Every request the browser sends to Cognate is
// recorded (method, URL, headers, body, status, answer) and printed when a step fails.
//
// Driven by tests/clients/python/test_amplify_redirect.py, which sets:
//   COGNATE_ENDPOINT        the server, https://… (required)
//   NODE_EXTRA_CA_CERTS     its self-signed certificate, so Node trusts it (required in practice)
//   COGNATE_SCREENSHOT_DIR  where the screenshots go (optional; a temp dir otherwise)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { build } from 'esbuild';

import { launchBrowser, newPage, screenshot } from './browser.mjs';
import { env, realFetch, steps } from './support.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const cognateOrigin = new URL(endpoint).origin;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCOPES = ['openid', 'email', 'aws.cognito.signin.user.admin'];
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

const cognito = new CognitoIdentityProviderClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

const jwtPayload = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

// ------------------------------------------------------------------------------------- the app

// Bundled for the browser at test time, into a temporary directory.
const bundleDir = mkdtempSync(path.join(tmpdir(), 'cognate-amplify-app-'));
const bundleStarted = Date.now();
await build({
  entryPoints: [path.join(HERE, 'amplify_redirect_app.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: path.join(bundleDir, 'app.js'),
  logLevel: 'warning',
});
const bundle = readFileSync(path.join(bundleDir, 'app.js'));
const bundleMs = Date.now() - bundleStarted;

/** Filled in once the pool and the app client exist; the page reads it as window.cognateConfig. */
const appConfig = {};

const app = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (pathname === '/app.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(bundle);
    return;
  }
  const title = { '/': 'Amplify app', '/signed-out': 'Signed out' }[pathname];
  if (!title) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;margin:2rem}pre{font-size:11px;white-space:pre-wrap;word-break:break-all}</style>
<script>window.cognateConfig = ${JSON.stringify(appConfig)};</script>
<script type="module" src="/app.js"></script></head>
<body><h1>${title}</h1><button id="sign-in" type="button">Sign in</button><pre id="status"></pre></body></html>`);
});
await new Promise((resolve) => app.listen(0, '127.0.0.1', resolve));
const appOrigin = `http://localhost:${app.address().port}`;
appConfig.endpoint = endpoint;
appConfig.appOrigin = appOrigin;
const callbackUrl = `${appOrigin}/`;
const signedOutUrl = `${appOrigin}/signed-out`;

// ------------------------------------------------------------------------------------- the wire

/**
 * Records what the page sends to Cognate and what it answers, and the page's console: the
 * transcript for assertion messages (the tokens are test data).
 */
function record(page) {
  const entries = [];
  const pending = [];
  const byRequest = new Map();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(cognateOrigin)) return;
    const entry = {
      method: req.method(),
      url: req.url(),
      navigation: req.isNavigationRequest(),
      target: req.headers()['x-amz-target']?.replace(TARGET_PREFIX, ''),
      body: req.postData() ?? undefined,
    };
    entries.push(entry);
    byRequest.set(req, entry);
    pending.push(req.allHeaders().then((h) => { entry.headers = h; }, () => {}));
  });
  page.on('response', (res) => {
    const entry = byRequest.get(res.request());
    if (!entry) return;
    entry.status = res.status();
    pending.push(
      (async () => {
        entry.responseHeaders = await res.allHeaders().catch(() => res.headers());
        if (entry.status >= 300 && entry.status < 400) return; // a redirect: no body
        const text = await res.text().catch(() => undefined);
        if (text === undefined) return;
        try {
          entry.response = JSON.parse(text);
        } catch {
          entry.response = entry.navigation ? `${text.length} characters of ${entry.responseHeaders['content-type']}` : text;
        }
      })(),
    );
  });
  page.on('requestfailed', (req) => {
    const entry = byRequest.get(req);
    if (entry) entry.failure = req.failure()?.errorText;
  });
  return {
    entries,
    consoleLines,
    mark: () => entries.length,
    async settle() {
      while (pending.length) await Promise.all(pending.splice(0));
    },
    since(mark) {
      return entries.slice(mark);
    },
    /** The transcript since `mark`, with the page's console and Amplify's Hub events. */
    async transcript(mark = 0) {
      await this.settle();
      const events = await page.evaluate(() => window.amplifyEvents ?? null).catch(() => '(page gone)');
      const wire = entries.slice(mark).map(({ headers, responseHeaders, ...e }) => ({
        ...e,
        requestHeaders: headers && pick(headers, ['origin', 'content-type', 'x-amz-target', 'x-amz-user-agent', 'cookie']),
        responseHeaders: responseHeaders && pick(responseHeaders, ['content-type', 'location', 'access-control-allow-origin', 'set-cookie']),
      }));
      return `\n--- at ${page.url()}\n--- requests to Cognate:\n${JSON.stringify(wire, null, 1)}\n--- Amplify Hub events: ${JSON.stringify(events)}\n--- console:\n${consoleLines.join('\n')}`;
    },
  };
}

const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]));

// ------------------------------------------------------------------------------------- the test

test('Amplify JS v6 signInWithRedirect in Chromium against Cognate over HTTPS', async (t) => {
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await new Promise((resolve) => app.close(resolve));
    rmSync(bundleDir, { recursive: true, force: true });
  });
  const step = steps(t);
  const shots = [];
  const shot = async (page, name) => shots.push(await screenshot(page, name));

  const user = { username: 'amplify-ada', email: 'ada@example.com', password: 'Analytical-Engine-1843' };
  let poolId;
  let clientId;
  let page;
  let wire;
  let signedIn; // window.result after the redirect sign-in
  let refreshed; // the session after forceRefresh

  /** Waits for the app page to settle after a load: its window.result. */
  async function appResult(mark) {
    try {
      await page.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
    } catch (e) {
      assert.fail(`the app did not settle (${e.message}) ${await wire.transcript(mark)}`);
    }
    return page.evaluate(() => window.result);
  }

  /** `window.app.<name>(...args)` in the page: `{ ok }` or `{ error }`. */
  const call = (name, ...args) => page.evaluate(([n, a]) => window.app[n](...a), [name, args]);

  /** Clicks the app's "Sign in" button: signInWithRedirect takes the browser to Cognate's /login. */
  async function clickSignIn(mark) {
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    try {
      await page.waitForURL((u) => u.origin === cognateOrigin && u.pathname === '/login', { timeout: 15_000 });
      await page.waitForLoadState('load');
    } catch (e) {
      const error = await page.evaluate(() => window.signInError).catch(() => undefined);
      assert.fail(`no sign-in page after signInWithRedirect (${e.message}; error ${JSON.stringify(error)}) ${await wire.transcript(mark)}`);
    }
  }

  await step('makes the pool, the app client (code flow, PKCE, no secret) and a user; Node trusts the certificate', async () => {
    assert.equal(new URL(endpoint).protocol, 'https:', 'the server is served over HTTPS');
    assert.notEqual(process.env.NODE_TLS_REJECT_UNAUTHORIZED, '0', 'certificates are verified');
    const health = await realFetch(`${endpoint}/health`); // verified against NODE_EXTRA_CA_CERTS
    assert.equal(health.status, 200);

    const pool = await cognito.send(new CreateUserPoolCommand({ PoolName: 'Amplify redirect' }));
    poolId = pool.UserPool.Id;
    const client = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'Amplify app',
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: SCOPES,
        CallbackURLs: [callbackUrl],
        LogoutURLs: [signedOutUrl],
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: true,
      }),
    );
    clientId = client.UserPoolClient.ClientId;
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: user.username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await cognito.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: user.username, Password: user.password, Permanent: true }),
    );
    Object.assign(appConfig, { userPoolId: poolId, userPoolClientId: clientId });
    console.log(`app ${appOrigin} (bundle ${bundle.length} bytes, ${bundleMs} ms), Cognate ${endpoint}`);
  });

  await step('the app\'s Sign in button (signInWithRedirect) opens Cognate\'s sign-in page over HTTPS', async () => {
    page = await newPage(browser, { viewport: { width: 480, height: 800 } });
    wire = record(page);
    await page.goto(callbackUrl);
    const before = await appResult(0);
    assert.equal(before.signedIn, false, JSON.stringify(before));

    const mark = wire.mark();
    await clickSignIn(mark);
    await wire.settle();
    const authorize = wire.since(mark).find((e) => e.navigation && new URL(e.url).pathname === '/oauth2/authorize');
    assert.ok(authorize, `no /oauth2/authorize ${await wire.transcript(mark)}`);
    const q = new URL(authorize.url).searchParams;
    assert.equal(authorize.url.startsWith(`https://${new URL(endpoint).host}/oauth2/authorize?`), true, authorize.url);
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), clientId);
    assert.equal(q.get('redirect_uri'), callbackUrl);
    assert.equal(q.get('scope'), SCOPES.join(' '));
    assert.equal(q.get('identity_provider'), 'COGNITO');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.match(q.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(q.get('state'), 'a state');

    const url = new URL(page.url());
    assert.equal(url.protocol, 'https:');
    const h1 = (await page.locator('main h1').innerText()).trim();
    assert.equal(h1, 'Sign in', await wire.transcript(mark));
    const login = wire.since(mark).find((e) => e.navigation && new URL(e.url).pathname === '/login');
    assert.equal(login?.status, 200, await wire.transcript(mark));
    await shot(page, 'amplify-sign-in');
  });

  await step('fills in the form; back on the app Amplify exchanges the code and is signed in', async () => {
    const mark = wire.mark();
    await page.locator('#username').fill(user.username);
    await page.locator('#password').fill(user.password);
    await Promise.all([
      page.waitForURL((u) => u.origin === appOrigin, { timeout: 15_000 }),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    signedIn = await appResult(mark);
    const trail = await wire.transcript(mark);
    assert.equal(signedIn.signedIn, true, `${JSON.stringify(signedIn)} ${trail}`);

    // the code exchange Amplify made: /oauth2/token, authorization_code with the PKCE verifier
    const token = wire.since(mark).find((e) => new URL(e.url).pathname === '/oauth2/token');
    assert.ok(token, `no /oauth2/token ${trail}`);
    assert.equal(token.method, 'POST');
    assert.equal(token.status, 200, trail);
    const form = new URLSearchParams(token.body);
    assert.equal(form.get('grant_type'), 'authorization_code');
    assert.equal(form.get('client_id'), clientId);
    assert.equal(form.get('redirect_uri'), callbackUrl);
    assert.ok(form.get('code_verifier'), 'PKCE verifier sent');
    assert.equal(token.responseHeaders['access-control-allow-origin'] !== undefined, true, `CORS answer ${trail}`);
    assert.equal(token.response.token_type, 'Bearer');

    const events = await page.evaluate(() => window.amplifyEvents.map((e) => e.event));
    assert.ok(events.includes('signInWithRedirect'), JSON.stringify(events));
    assert.ok(events.includes('signedIn'), JSON.stringify(events));
    assert.ok(!events.includes('signInWithRedirect_failure'), JSON.stringify(events));
    assert.equal(page.url(), callbackUrl, 'Amplify took the code out of the address bar');

    // getCurrentUser() and fetchAuthSession()
    assert.equal(signedIn.username, user.username);
    assert.ok(signedIn.idTokenPayload, `fetchAuthSession() gave no ID token: ${JSON.stringify(signedIn)}\n/oauth2/token answered fields ${Object.keys(token.response)} ${trail}`);
    assert.ok(signedIn.accessTokenPayload, `fetchAuthSession() gave no access token: ${JSON.stringify(signedIn)} ${trail}`);
    const id = signedIn.idTokenPayload;
    const access = signedIn.accessTokenPayload;
    assert.equal(signedIn.userId, id.sub);
    assert.equal(signedIn.userSub, id.sub);
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, clientId);
    assert.equal(id.email, user.email);
    assert.equal(id.iss, `${endpoint}/${poolId}`, 'the issuer is the HTTPS public URL');
    assert.equal(id['cognito:username'], user.username);
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, user.username);
    assert.equal(access.sub, id.sub);
    assert.deepEqual(access.scope.split(' ').sort(), [...SCOPES].sort(), `access token scope ${access.scope}`);
    assert.equal(signedIn.idToken, token.response.id_token, 'Amplify keeps the tokens /oauth2/token gave');
    assert.equal(signedIn.accessToken, token.response.access_token);

    // the access token works on the JSON API (GetUser at userPoolEndpoint)
    const attrs = await call('attributes');
    assert.equal(attrs.error, undefined, `fetchUserAttributes: ${JSON.stringify(attrs.error)} ${await wire.transcript(mark)}`);
    assert.equal(attrs.ok.email, user.email);
    assert.equal(attrs.ok.sub, id.sub);
    await shot(page, 'amplify-signed-in');
  });

  await step('fetchAuthSession({ forceRefresh: true }) gets new tokens with the refresh token', async () => {
    const mark = wire.mark();
    const out = await call('session', true);
    const trail = await wire.transcript(mark);
    assert.equal(out.error, undefined, `forceRefresh: ${JSON.stringify(out.error)} ${trail}`);
    refreshed = out.ok;

    const calls = wire.since(mark).filter((e) => e.target);
    assert.deepEqual(calls.map((e) => [e.target, e.status]), [['GetTokensFromRefreshToken', 200]], trail);
    const [refresh] = calls;
    assert.equal(refresh.url.replace(/\/+$/, ''), endpoint, 'sent to userPoolEndpoint');
    assert.equal(JSON.parse(refresh.body).ClientId, clientId);
    assert.ok(refresh.responseHeaders['access-control-allow-origin'], `CORS answer ${trail}`);

    assert.notEqual(refreshed.accessToken, signedIn.accessToken, 'a new access token');
    assert.notEqual(refreshed.idToken, signedIn.idToken, 'a new ID token');
    const id = refreshed.idTokenPayload;
    const access = refreshed.accessTokenPayload;
    assert.notEqual(access.jti, signedIn.accessTokenPayload.jti);
    assert.ok(access.iat >= signedIn.accessTokenPayload.iat);
    assert.equal(id.sub, signedIn.idTokenPayload.sub);
    assert.equal(id.aud, clientId);
    assert.equal(id.email, user.email);
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, user.username);
    assert.deepEqual(access.scope.split(' ').sort(), [...SCOPES].sort(), `the refreshed access token keeps the scopes: ${access.scope}`);

    const events = await page.evaluate(() => window.amplifyEvents.map((e) => e.event));
    assert.ok(events.includes('tokenRefresh'), JSON.stringify(events));
    assert.ok(!events.includes('tokenRefresh_failure'), JSON.stringify(events));

    // the session now holds the new tokens, and they work on the JSON API
    const again = await call('session', false);
    assert.equal(again.ok?.accessToken, refreshed.accessToken);
    const attrs = await call('attributes');
    assert.equal(attrs.error, undefined, `fetchUserAttributes after refresh: ${JSON.stringify(attrs.error)} ${await wire.transcript(mark)}`);
    assert.equal(attrs.ok.email, user.email);
  });

  await step('signOut() revokes the refresh token and passes through https://…/logout to the signed-out page', async () => {
    // the managed-login session is live: /oauth2/authorize answers with a code, no form
    const authorizeUrl = () => {
      const verifier = randomBytes(32).toString('base64url');
      return `${endpoint}/oauth2/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        redirect_uri: callbackUrl,
        scope: 'openid',
        state: `probe-${randomBytes(4).toString('hex')}`,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      })}`;
    };
    const live = await page.context().request.get(authorizeUrl(), { maxRedirects: 0 });
    const liveTo = new URL(live.headers().location ?? '', endpoint);
    assert.equal(`${liveTo.origin}${liveTo.pathname}`, callbackUrl, `with the session cookie, straight back with a code: ${live.status()} ${live.headers().location}`);
    assert.ok(liveTo.searchParams.get('code'));

    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('CognitoIdentityServiceProvider.') && k.endsWith('.refreshToken')).map((k) => localStorage.getItem(k)),
    );
    assert.equal(stored.length, 1, 'Amplify keeps one refresh token in localStorage');
    const [refreshToken] = stored;
    assert.ok(refreshed.accessTokenPayload.origin_jti, 'the access token has origin_jti (Amplify revokes only then)');

    const mark = wire.mark();
    await page.evaluate(() => {
      window.app.signOut(); // navigates away; nothing to wait for in the page
    });
    try {
      await page.waitForURL(signedOutUrl, { timeout: 15_000 });
      await page.waitForLoadState('load');
    } catch (e) {
      assert.fail(`not on the signed-out page (${e.message}) ${await wire.transcript(mark)}`);
    }
    const trail = await wire.transcript(mark);

    const revoke = wire.since(mark).filter((e) => e.target === 'RevokeToken');
    assert.deepEqual(revoke.map((e) => e.status), [200], `one RevokeToken, answered 200 ${trail}`);
    assert.equal(JSON.parse(revoke[0].body).Token, refreshToken);

    const logout = wire.since(mark).filter((e) => e.navigation && new URL(e.url).pathname === '/logout');
    assert.equal(logout.length, 1, `one navigation to /logout ${trail}`);
    const lq = new URL(logout[0].url);
    assert.equal(lq.origin, cognateOrigin);
    assert.equal(lq.protocol, 'https:');
    assert.equal(lq.searchParams.get('client_id'), clientId);
    assert.equal(lq.searchParams.get('logout_uri'), signedOutUrl);
    assert.ok([302, 303, 307].includes(logout[0].status), `a redirect from /logout ${trail}`);
    assert.equal(logout[0].responseHeaders.location, signedOutUrl);

    const after = await appResult(mark);
    assert.equal(after.signedIn, false, JSON.stringify(after));
    assert.equal((await page.locator('h1').innerText()).trim(), 'Signed out');
    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('CognitoIdentityServiceProvider.')));
    assert.deepEqual(left, [], 'no tokens left in localStorage');

    // the revoked refresh token is refused
    await assert.rejects(
      cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } })),
      (e) => e.name === 'NotAuthorizedException',
    );
    // and the managed-login session is over: /oauth2/authorize shows the form again
    const ended = await page.context().request.get(authorizeUrl(), { maxRedirects: 0 });
    const endedTo = new URL(ended.headers().location ?? '', endpoint);
    assert.equal(endedTo.pathname, '/login', `after /logout, the sign-in page: ${ended.status()} ${ended.headers().location}`);
    await shot(page, 'amplify-signed-out');
  });

  await step('a new signInWithRedirect shows the sign-in page again, and signs in', async () => {
    const mark = wire.mark();
    await clickSignIn(mark);
    assert.equal((await page.locator('main h1').innerText()).trim(), 'Sign in', await wire.transcript(mark));
    await shot(page, 'amplify-sign-in-again');
    await page.locator('#username').fill(user.username);
    await page.locator('#password').fill(user.password);
    await Promise.all([
      page.waitForURL((u) => u.origin === appOrigin, { timeout: 15_000 }),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    const again = await appResult(mark);
    assert.equal(again.signedIn, true, `${JSON.stringify(again)} ${await wire.transcript(mark)}`);
    assert.equal(again.username, user.username);
    assert.notEqual(again.accessTokenPayload.origin_jti, refreshed.accessTokenPayload.origin_jti, 'a new session');
    await page.context().close();
  });

  await step('saved the screenshots', async () => {
    const requests = wire.entries.map((e) => {
      const u = new URL(e.url);
      return `${e.method} ${u.pathname}${e.target ? ` ${e.target}` : ''} -> ${e.status ?? e.failure}`;
    });
    console.log(`what the browser sent to Cognate:\n  ${requests.join('\n  ')}`);
    console.log(`screenshots:\n  ${shots.join('\n  ')}`);
    assert.equal(shots.length, 4);
  });
});
