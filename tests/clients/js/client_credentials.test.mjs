// client_credentials tokens from Cognate's /oauth2/token, verified with aws-jwt-verify the way
// an API gateway or service verifies them: signature against the JWKS, issuer, token_use
// "access", client_id and the required scope.
// Driven by tests/clients/python/test_oauth_token.py, which makes the resource server and the
// confidential client and sets COGNATE_ENDPOINT, POOL_ID, CLIENT_ID, CLIENT_SECRET.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { JwtVerifier } from 'aws-jwt-verify';
import { httpJwksCache, setting as env } from './jwks.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const clientSecret = env('CLIENT_SECRET');
const issuer = `${endpoint}/${poolId}`;

const jwksCache = httpJwksCache();

function verifier(scope) {
  return JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      scope,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error(`token_use ${payload.token_use}`);
        if (payload.client_id !== clientId) throw new Error(`client_id ${payload.client_id}`);
      },
    },
    { jwksCache },
  );
}

async function token(scope) {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) body.set('scope', scope);
  const res = await fetch(`${endpoint}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body,
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.access_token;
}

test('a client_credentials token verifies with its scope', async () => {
  const jwt = await token('orders/read');
  const payload = await verifier('orders/read').verify(jwt);
  assert.equal(payload.iss, issuer);
  assert.equal(payload.sub, clientId);
  assert.equal(payload.scope, 'orders/read');
});

test('a token without the required scope is refused', async () => {
  const jwt = await token('orders/read');
  await assert.rejects(verifier('orders/write').verify(jwt), /scope/i);
});

test('a token whose signature was tampered with is refused', async () => {
  const jwt = await token();
  const [h, p, s] = jwt.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
  payload.scope = 'orders/read orders/write orders/admin';
  const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  await assert.rejects(verifier('orders/admin').verify(forged));
});
