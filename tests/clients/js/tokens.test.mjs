// Tokens end to end with the real AWS SDK v3 and aws-jwt-verify against a running Cognate.
// Driven by tests/clients/python/test_js_sdk.py, which creates and confirms the user and sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID, USERNAME, PASSWORD  (required)
//   USER_SUB                                                  (optional: expected `sub`)
// Run by hand: COGNATE_ENDPOINT=... POOL_ID=... node --test tokens.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  NotAuthorizedException,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

function env(name, { optional = false } = {}) {
  const v = process.env[name];
  if (!v && !optional) throw new Error(`environment variable ${name} is required`);
  return v;
}

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const username = env('USERNAME');
const password = env('PASSWORD');
const expectedSub = env('USER_SUB', { optional: true });
const issuer = `${endpoint}/${poolId}`;
const jwksUri = `${endpoint}/${poolId}/.well-known/jwks.json`;

const client = new CognitoIdentityProviderClient({
  region: poolId.split('_')[0],
  endpoint,
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
});

// CognitoJwtVerifier insists on the AWS issuer URL, so use the generic verifier and check the
// Cognito-specific claims ourselves.
//
// aws-jwt-verify's Node fetcher only speaks https, while Cognate under test listens on plain
// http on loopback; plug in a fetcher built on the global fetch. JWKS parsing, kid lookup,
// signature and claim checks stay the library's own code.
const jwksFetches = [];
const httpFetcher = {
  async fetch(uri) {
    jwksFetches.push(uri);
    const res = await fetch(uri);
    if (!res.ok) throw new Error(`GET ${uri} -> HTTP ${res.status}: ${await res.text()}`);
    return res.arrayBuffer();
  },
};
const jwksCache = new SimpleJwksCache({ fetcher: httpFetcher });
function checkTokenUse(expected) {
  return ({ payload }) => {
    if (payload.token_use !== expected) {
      throw new Error(`token_use is ${JSON.stringify(payload.token_use)}, expected ${expected}`);
    }
  };
}
const idVerifier = JwtVerifier.create({
  issuer,
  audience: clientId,
  jwksUri,
  customJwtCheck: checkTokenUse('id'),
}, { jwksCache });
const accessVerifier = JwtVerifier.create({
  issuer,
  audience: null, // access tokens carry client_id, not aud
  jwksUri,
  customJwtCheck: checkTokenUse('access'),
}, { jwksCache });

function decodeHeader(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString());
}

function describeError(e) {
  return `${e?.name}: ${e?.message} (http ${e?.$metadata?.httpStatusCode})`;
}

test('USER_PASSWORD_AUTH, GetUser, refresh, verify tokens, GlobalSignOut', async (t) => {
  let auth;
  let internalUsername;

  await t.test('InitiateAuth USER_PASSWORD_AUTH returns tokens', async () => {
    const out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    assert.equal(out.ChallengeName, undefined, JSON.stringify(out));
    auth = out.AuthenticationResult;
    assert.ok(auth, `no AuthenticationResult: ${JSON.stringify(out)}`);
    assert.equal(typeof auth.AccessToken, 'string');
    assert.equal(typeof auth.IdToken, 'string');
    assert.equal(typeof auth.RefreshToken, 'string');
    assert.equal(auth.TokenType, 'Bearer');
    assert.equal(auth.ExpiresIn, 3600);
  });

  const needAuth = () => assert.ok(auth, 'InitiateAuth failed earlier; nothing to test');

  await t.test('GetUser with the access token', async () => {
    needAuth();
    const out = await client.send(new GetUserCommand({ AccessToken: auth.AccessToken }));
    internalUsername = out.Username;
    assert.ok(internalUsername, JSON.stringify(out));
    const attrs = Object.fromEntries(out.UserAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.email, username);
    assert.ok(attrs.sub, JSON.stringify(out));
    if (expectedSub) {
      assert.equal(attrs.sub, expectedSub);
      // e-mail-as-username pool: the internal username is the sub
      assert.equal(internalUsername, expectedSub);
    }
  });

  await t.test('ID token verifies against the JWKS', async () => {
    needAuth();
    const p = await idVerifier.verify(auth.IdToken);
    assert.equal(p.iss, issuer);
    assert.equal(p.aud, clientId);
    assert.equal(p.token_use, 'id');
    assert.equal(p['cognito:username'], internalUsername);
    assert.equal(p.email, username);
    if (expectedSub) assert.equal(p.sub, expectedSub);
    assert.equal(p.client_id, undefined);
  });

  await t.test('access token verifies against the JWKS', async () => {
    needAuth();
    const p = await accessVerifier.verify(auth.AccessToken);
    assert.equal(p.iss, issuer);
    assert.equal(p.token_use, 'access');
    assert.equal(p.client_id, clientId);
    assert.equal(p.username, internalUsername);
    assert.equal(p.aud, undefined);
    assert.ok(String(p.scope).split(' ').includes('aws.cognito.signin.user.admin'), `scope: ${p.scope}`);
    assert.equal(p.exp - p.iat, 3600);
  });

  await t.test('JWKS is served at the pool URL; ID and access tokens use different RS256 keys', async () => {
    needAuth();
    assert.ok(jwksFetches.includes(jwksUri), `verifier fetched ${JSON.stringify(jwksFetches)}`);
    const res = await fetch(jwksUri);
    assert.equal(res.status, 200);
    const { keys } = await res.json();
    const idHeader = decodeHeader(auth.IdToken);
    const accessHeader = decodeHeader(auth.AccessToken);
    assert.equal(idHeader.alg, 'RS256');
    assert.equal(accessHeader.alg, 'RS256');
    for (const h of [idHeader, accessHeader]) {
      const k = keys.find((k) => k.kid === h.kid);
      assert.ok(k, `kid ${h.kid} not in JWKS ${JSON.stringify(keys)}`);
      assert.equal(k.kty, 'RSA');
      assert.equal(k.alg, 'RS256');
      assert.equal(k.use, 'sig');
    }
    assert.notEqual(idHeader.kid, accessHeader.kid, 'Cognito signs ID and access tokens with different keys');
  });

  await t.test('a token with a tampered payload is rejected', async () => {
    needAuth();
    const [h, payload, s] = auth.AccessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.username = 'someone-else';
    const forged = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
    await assert.rejects(accessVerifier.verify(forged));
  });

  await t.test('REFRESH_TOKEN_AUTH issues new ID and access tokens', async () => {
    needAuth();
    const out = await client.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: clientId,
        AuthParameters: { REFRESH_TOKEN: auth.RefreshToken },
      }),
    );
    const r = out.AuthenticationResult;
    assert.ok(r, JSON.stringify(out));
    assert.equal(r.RefreshToken, undefined, 'no new refresh token without rotation');
    assert.equal(r.TokenType, 'Bearer');
    assert.equal(r.ExpiresIn, 3600);
    const id = await idVerifier.verify(r.IdToken);
    const access = await accessVerifier.verify(r.AccessToken);
    const firstAccess = await accessVerifier.verify(auth.AccessToken);
    assert.equal(access.client_id, clientId);
    assert.equal(access.sub, firstAccess.sub);
    assert.equal(id['cognito:username'], internalUsername);
    assert.equal(access.auth_time, firstAccess.auth_time, 'auth_time survives refresh');
    if (firstAccess.origin_jti !== undefined) {
      assert.equal(access.origin_jti, firstAccess.origin_jti, 'origin_jti survives refresh');
    }
    const me = await client.send(new GetUserCommand({ AccessToken: r.AccessToken }));
    assert.equal(me.Username, internalUsername);
  });

  await t.test('GlobalSignOut revokes the access and refresh tokens', async () => {
    needAuth();
    await client.send(new GlobalSignOutCommand({ AccessToken: auth.AccessToken }));
    await assert.rejects(
      client.send(new GetUserCommand({ AccessToken: auth.AccessToken })),
      (e) => {
        assert.ok(e instanceof NotAuthorizedException, describeError(e));
        return true;
      },
    );
    await assert.rejects(
      client.send(
        new InitiateAuthCommand({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: clientId,
          AuthParameters: { REFRESH_TOKEN: auth.RefreshToken },
        }),
      ),
      (e) => {
        assert.ok(e instanceof NotAuthorizedException, describeError(e));
        return true;
      },
    );
  });
});
