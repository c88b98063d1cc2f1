// Group claims checked the way an API checks them with aws-jwt-verify: the library's own
// Cognito claim checks (`validateCognitoJwtFields` with `groups`) after its signature check.
// Driven by tests/clients/python/test_groups.py (a user in one group) and test_triggers.py (a
// group a PreTokenGeneration function adds), which set COGNATE_ENDPOINT, POOL_ID, CLIENT_ID,
// USERNAME, PASSWORD, GROUP.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { httpJwksCache, setting as env } from './jwks.mjs';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const group = env('GROUP');
const issuer = `${endpoint}/${poolId}`;

const jwksCache = httpJwksCache();

// CognitoJwtVerifier insists on AWS's issuer URL; the generic verifier with the Cognito checks
// as its custom check is the same code path with Cognate's issuer.
function verifier(tokenUse, groups) {
  return JwtVerifier.create(
    {
      issuer,
      audience: null,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) =>
        validateCognitoJwtFields(payload, { tokenUse, clientId, groups }),
    },
    { jwksCache },
  );
}

async function signIn() {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: env('USERNAME'), PASSWORD: env('PASSWORD') },
    }),
  });
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.AuthenticationResult;
}

test('the groups option accepts members and refuses others', async () => {
  const tokens = await signIn();
  for (const [jwt, tokenUse] of [
    [tokens.AccessToken, 'access'],
    [tokens.IdToken, 'id'],
  ]) {
    const payload = await verifier(tokenUse, [group, 'someone-else']).verify(jwt);
    assert.ok(payload['cognito:groups'].includes(group), JSON.stringify(payload));
    await assert.rejects(verifier(tokenUse, 'not-my-group').verify(jwt), /group/i);
  }
});
