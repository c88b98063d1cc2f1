// openid-client (panva, the certified OpenID Connect relying party for Node) against Cognate's
// discovery document: the authorization-code flow with PKCE, state and nonce for a public
// client, ID token claims, UserInfo, refresh and RP-initiated logout.
//
// The sign-in on the hosted page is done with plain fetch, as a browser would: follow the
// redirects by hand, keep the cookies, post the form with its hidden `_csrf` field.
// Every request openid-client makes goes through a recording fetch, so a failure prints the
// exchange with the server.
//
// Driven by tests/clients/python/test_oidc_clients.py, which makes the pool, the public client
// (CallbackURLs CALLBACK, LogoutURLs SIGNED_OUT) and a confirmed user, and sets
// COGNATE_ENDPOINT, POOL_ID, CLIENT_ID, USERNAME, PASSWORD, USER_SUB, CALLBACK, SIGNED_OUT.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as client from 'openid-client';

import { env, realFetch, steps } from './support.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const username = env('USERNAME');
const password = env('PASSWORD');
const userSub = env('USER_SUB');
const callback = env('CALLBACK');
const signedOut = env('SIGNED_OUT');
const issuer = `${endpoint}/${poolId}`;

// ------------------------------------------------------------------ the wire, for messages

const exchanges = [];

/** openid-client's fetch: the real one, with request and response kept for failure messages. */
async function recordingFetch(url, options) {
  const res = await realFetch(url, options);
  const body = await res.clone().text().catch(() => '<unreadable>');
  exchanges.push({
    request: `${options?.method ?? 'GET'} ${url}`,
    requestHeaders: Object.fromEntries(new Headers(options?.headers ?? {}).entries()),
    requestBody: typeof options?.body === 'string' ? options.body : options?.body?.toString?.(),
    status: res.status,
    responseHeaders: Object.fromEntries(res.headers.entries()),
    responseBody: body.slice(0, 2000),
  });
  return res;
}

function wire(since = 0) {
  return JSON.stringify(exchanges.slice(since), null, 1);
}

/** Runs `fn`; on an error, rethrows it with openid-client's error code/cause and the wire. */
async function explained(fn) {
  const mark = exchanges.length;
  try {
    return await fn();
  } catch (e) {
    const detail = { name: e?.name, code: e?.code, message: e?.message, cause: e?.cause, error: e?.error };
    throw new Error(`${e?.message}\n${JSON.stringify(detail, null, 1)}\n--- wire ---\n${wire(mark)}`, { cause: e });
  }
}

// ------------------------------------------------------------------ a browser's sign-in

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? m[1].replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'") : undefined;
};

/** A browser's cookies and manual redirects, enough for the hosted sign-in. */
class Browser {
  jar = new Map();
  trail = [];

  async go(url, init = {}) {
    const res = await realFetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      if (value === '' || /max-age=0\b/i.test(c)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    this.trail.push(`${init.method ?? 'GET'} ${url} -> ${res.status} ${res.headers.get('location') ?? ''}`);
    return res;
  }

  /** GET `url` and follow redirects: `{ landed }` at the callback, else `{ res, url, html }`. */
  async open(url) {
    let res = await this.go(url);
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      url = new URL(res.headers.get('location'), url).href;
      if (url.startsWith(callback)) return { landed: new URL(url) };
      res = await this.go(url);
    }
    return { res, url, html: await res.text() };
  }

  /**
   * Authorizes with `authorizationUrl`, signing in on the hosted page when it is shown;
   * returns the callback URL the server sends the browser back to (code and state).
   */
  async signIn(authorizationUrl) {
    const page = await this.open(authorizationUrl.href);
    if (page.landed) return page.landed;
    const { res, url, html } = page;
    assert.equal(res.status, 200, `expected the sign-in page\n${this.trail.join('\n')}\n${html.slice(0, 1000)}`);
    const formTag = html.match(/<form\b[^>]*>/i)?.[0];
    assert.ok(formTag, `no form on the sign-in page:\n${html.slice(0, 1000)}`);
    const action = new URL(attr(formTag, 'action') ?? '', url);
    assert.equal(action.pathname, '/login');
    const fields = new URLSearchParams();
    for (const [tag] of html.matchAll(/<input\b[^>]*>/gi)) {
      if (attr(tag, 'type') === 'hidden' && attr(tag, 'name')) fields.set(attr(tag, 'name'), attr(tag, 'value') ?? '');
    }
    assert.ok(fields.get('_csrf'), `no _csrf hidden field:\n${formTag}`);
    fields.set('username', username);
    fields.set('password', password);
    const posted = await this.go(action.href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    const location = posted.headers.get('location');
    assert.equal(posted.status, 303, `sign-in answered ${posted.status}\n${this.trail.join('\n')}\n${await posted.text()}`);
    assert.ok(location?.startsWith(`${callback}?`), `sign-in went to ${location}`);
    return new URL(location);
  }
}

// ------------------------------------------------------------------ the flow

test('openid-client: code flow with PKCE, userinfo, refresh and logout', async (t) => {
  const step = steps(t);
  let config;
  let verifier;
  let state;
  let nonce;
  let authorizationUrl;
  let landed;
  let tokens;
  let claims;
  const browser = new Browser();

  await step('discovery of the issuer (public client, client auth "none")', async () => {
    config = await explained(() =>
      client.discovery(new URL(issuer), clientId, undefined, client.None(), {
        execute: [client.allowInsecureRequests], // Cognate under test is http on 127.0.0.1
        [client.customFetch]: recordingFetch,
      }),
    );
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, issuer);
    assert.equal(meta.authorization_endpoint, `${endpoint}/oauth2/authorize`);
    assert.equal(meta.token_endpoint, `${endpoint}/oauth2/token`);
    assert.ok(meta.supportsPKCE('S256'), `code_challenge_methods_supported: ${meta.code_challenge_methods_supported}`);
  });

  await step('buildAuthorizationUrl with PKCE S256, state and nonce', async () => {
    verifier = client.randomPKCECodeVerifier();
    state = client.randomState();
    nonce = client.randomNonce();
    authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: callback,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    assert.equal(authorizationUrl.origin + authorizationUrl.pathname, `${endpoint}/oauth2/authorize`);
    assert.equal(authorizationUrl.searchParams.get('client_id'), clientId);
    assert.equal(authorizationUrl.searchParams.get('response_type'), 'code');
  });

  await step('sign in on the hosted page; back at the callback with code and state', async () => {
    landed = await browser.signIn(authorizationUrl);
    assert.ok(browser.trail.some((line) => line.startsWith('POST ')), `the page was not shown:\n${browser.trail.join('\n')}`);
    assert.equal(landed.searchParams.get('state'), state);
    assert.ok(landed.searchParams.get('code'));
  });

  await step('authorizationCodeGrant checks state, PKCE, the ID token and its nonce', async () => {
    tokens = await explained(() =>
      client.authorizationCodeGrant(config, landed, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      }),
    );
    assert.equal(tokens.token_type.toLowerCase(), 'bearer');
    assert.ok(tokens.access_token && tokens.id_token && tokens.refresh_token);
    assert.equal(tokens.expiresIn() > 3000, true, `expires_in ${tokens.expires_in}`);
    claims = tokens.claims();
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, clientId);
    assert.equal(claims.sub, userSub);
    assert.equal(claims.email, username);
    assert.equal(claims.nonce, nonce);
    assert.ok(claims.at_hash, 'at_hash');
    const scope = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url')).scope;
    assert.equal(scope, 'openid email profile');
  });

  await step('the code is single use: a second grant is invalid_grant', async () => {
    const err = await client
      .authorizationCodeGrant(config, landed, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce })
      .then(() => null, (e) => e);
    assert.ok(err instanceof client.ResponseBodyError, `expected a ResponseBodyError, got ${err}\n${wire(exchanges.length - 1)}`);
    assert.equal(err.error, 'invalid_grant');
    assert.equal(err.status, 400);
  });

  await step('the sign-in session gives a new code; a wrong PKCE verifier is refused', async () => {
    const again = await browser.signIn(
      client.buildAuthorizationUrl(config, {
        redirect_uri: callback,
        scope: 'openid',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
      }),
    );
    const err = await client
      .authorizationCodeGrant(config, again, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state })
      .then(() => null, (e) => e);
    assert.ok(err instanceof client.ResponseBodyError, `expected a ResponseBodyError, got ${err}`);
    assert.equal(err.error, 'invalid_grant');
  });

  await step('fetchUserInfo for the ID token subject', async () => {
    const info = await explained(() => client.fetchUserInfo(config, tokens.access_token, claims.sub));
    assert.equal(info.sub, userSub);
    assert.equal(info.email, username);
    assert.equal(info.name, 'Ada Lovelace', 'the profile scope releases the name');
  });

  await step('refreshTokenGrant gives new tokens for the same subject', async () => {
    const refreshed = await explained(() => client.refreshTokenGrant(config, tokens.refresh_token));
    assert.ok(refreshed.access_token && refreshed.id_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    const again = refreshed.claims();
    assert.equal(again.sub, userSub);
    assert.equal(again.aud, clientId);
    assert.equal(again.nonce, undefined);
    const info = await explained(() => client.fetchUserInfo(config, refreshed.access_token, userSub));
    assert.equal(info.email, username);
  });

  await step('buildEndSessionUrl → /logout lands on the registered logout URL and ends the session', async () => {
    // openid-client adds client_id and passes the given parameters through. The RP-initiated
    // logout parameter post_logout_redirect_uri is not what Cognito's /logout reads (client_id
    // and logout_uri), so the Cognito names are passed as parameters.
    const logoutUrl = client.buildEndSessionUrl(config, { client_id: clientId, logout_uri: signedOut });
    assert.equal(logoutUrl.origin + logoutUrl.pathname, `${endpoint}/logout`);
    assert.equal(logoutUrl.searchParams.get('client_id'), clientId);
    assert.equal(logoutUrl.searchParams.get('logout_uri'), signedOut);
    const res = await browser.go(logoutUrl.href);
    assert.ok([302, 303].includes(res.status), `logout answered ${res.status}: ${await res.text()}`);
    assert.equal(res.headers.get('location'), signedOut);
    // The sign-in session is over: the next authorization shows the page again.
    const page = await browser.open(client.buildAuthorizationUrl(config, { redirect_uri: callback, scope: 'openid' }).href);
    assert.equal(page.landed, undefined, `signed in without the page after logout: ${page.landed}`);
    assert.equal(new URL(page.url).pathname, '/login');
  });
});
