// amazon-cognito-identity-js SRP sign-in (CognitoUser.authenticateUser with AuthenticationDetails:
// InitiateAuth USER_SRP_AUTH → RespondToAuthChallenge PASSWORD_VERIFIER) against a running Cognate.
//
// Driven by tests/clients/python/test_srp_clients.py, which creates and confirms the user and sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID, USERNAME (the e-mail), PASSWORD, USER_SUB  (required)
// By hand: COGNATE_ENDPOINT=... POOL_ID=... node --test identity_js_srp.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calls, callsSince, wire, env } from './support.mjs';
// support.mjs records the Cognito calls: the library uses the global fetch (isomorphic-unfetch
// keeps an existing one).

// CommonJS package: use the default export.
const identity = (await import('amazon-cognito-identity-js')).default;
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const email = env('USERNAME');
const password = env('PASSWORD');
const sub = env('USER_SUB');

// Node: the library talks to `endpoint` with the global fetch (Node >= 18).
const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${endpoint}/` });

// authenticateUser as a promise; every callback other than onSuccess/onFailure is unexpected
// for a user without MFA.
function authenticate(username, pw) {
  const user = new CognitoUser({ Username: username, Pool: userPool });
  const details = new AuthenticationDetails({ Username: username, Password: pw });
  return new Promise((resolve, reject) => {
    const unexpected = (what) => (...args) => reject(new Error(`unexpected ${what}: ${JSON.stringify(args)}`));
    user.authenticateUser(details, {
      onSuccess: (session, userConfirmationNecessary) => resolve({ user, session, userConfirmationNecessary }),
      onFailure: (err) => reject(err),
      newPasswordRequired: unexpected('newPasswordRequired'),
      mfaRequired: unexpected('mfaRequired'),
      totpRequired: unexpected('totpRequired'),
      customChallenge: unexpected('customChallenge'),
      mfaSetup: unexpected('mfaSetup'),
      selectMFAType: unexpected('selectMFAType'),
    });
  });
}

const promisify = (fn) => new Promise((resolve, reject) => fn((err, out) => (err ? reject(err) : resolve(out))));

function srpExchange(mark) {
  const recent = callsSince(mark);
  const init = recent.find((c) => c.op === 'InitiateAuth');
  const resp = recent.find((c) => c.op === 'RespondToAuthChallenge');
  assert.ok(init, wire(mark));
  assert.equal(init.body.AuthFlow, 'USER_SRP_AUTH');
  assert.match(init.body.AuthParameters.SRP_A, /^[0-9a-f]+$/);
  assert.equal(init.body.AuthParameters.PASSWORD, undefined);
  assert.equal(init.response?.ChallengeName, 'PASSWORD_VERIFIER', wire(mark));
  assert.ok(resp, wire(mark));
  assert.equal(resp.body.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(resp.body.Session, init.response.Session, 'identity-js forwards the challenge Session');
  return { init, resp };
}

test('amazon-cognito-identity-js authenticateUser (SRP)', async (t) => {
  let signedIn;

  await t.test('onSuccess: session tokens belong to the user', async () => {
    const mark = calls.length;
    let out;
    try {
      out = await authenticate(email, password);
    } catch (e) {
      assert.fail(`authenticateUser failed: ${e?.code ?? e?.name}: ${e?.message}\n${wire(mark)}`);
    }
    signedIn = out;
    const { session, user } = out;
    assert.equal(session.isValid(), true);
    const id = session.getIdToken().payload;
    assert.equal(id.email, email);
    assert.equal(id.sub, sub);
    assert.equal(id['cognito:username'], sub);
    assert.equal(id.aud, clientId);
    assert.equal(id.token_use, 'id');
    assert.equal(id.iss, `${endpoint}/${poolId}`);
    const access = session.getAccessToken().payload;
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, sub);
    assert.ok(session.getRefreshToken().getToken(), 'a refresh token');
    // identity-js switches the user to USER_ID_FOR_SRP (the internal username)
    assert.equal(user.getUsername(), sub);
    const { init } = srpExchange(mark);
    assert.equal(init.body.AuthParameters.USERNAME, email);
    assert.equal(init.response.ChallengeParameters.USER_ID_FOR_SRP, sub);
  });

  const needSignIn = () => assert.ok(signedIn, 'sign-in failed earlier; nothing to test');

  await t.test('getUserAttributes after sign-in', async () => {
    needSignIn();
    const attrs = await promisify((cb) => signedIn.user.getUserAttributes(cb));
    const map = Object.fromEntries(attrs.map((a) => [a.getName(), a.getValue()]));
    assert.equal(map.email, email);
    assert.equal(map.sub, sub);
    assert.equal(map.email_verified, 'true');
    assert.ok(map.name, JSON.stringify(map));
  });

  await t.test('the pool remembers the user: getCurrentUser().getSession() from storage', async () => {
    needSignIn();
    const current = userPool.getCurrentUser();
    assert.ok(current, 'a current user in the library storage');
    assert.equal(current.getUsername(), sub);
    const session = await promisify((cb) => current.getSession(cb));
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().payload.email, email);
  });

  await t.test('refreshSession with the refresh token', async () => {
    needSignIn();
    await new Promise((r) => setTimeout(r, 1100)); // new iat
    const mark = calls.length;
    const fresh = await promisify((cb) => signedIn.user.refreshSession(signedIn.session.getRefreshToken(), cb));
    assert.equal(fresh.isValid(), true);
    assert.notEqual(fresh.getAccessToken().getJwtToken(), signedIn.session.getAccessToken().getJwtToken());
    assert.equal(fresh.getIdToken().payload.sub, sub);
    assert.equal(callsSince(mark).find((c) => c.op === 'InitiateAuth')?.body.AuthFlow, 'REFRESH_TOKEN_AUTH', wire(mark));
  });

  await t.test('the typed username is case-insensitive; the SRP identity is the sub', async () => {
    const mark = calls.length;
    const out = await authenticate(email.toUpperCase(), password).catch((e) =>
      assert.fail(`authenticateUser failed: ${e?.code}: ${e?.message}\n${wire(mark)}`),
    );
    assert.equal(out.session.getIdToken().payload.sub, sub);
    srpExchange(mark);
  });

  await t.test('wrong password → onFailure NotAuthorizedException', async () => {
    const mark = calls.length;
    await assert.rejects(authenticate(email, `${password}x`), (e) => {
      assert.equal(e?.code, 'NotAuthorizedException', `${e?.code}: ${e?.message}\n${wire(mark)}`);
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
    assert.equal(callsSince(mark).find((c) => c.op === 'InitiateAuth')?.response?.ChallengeName, 'PASSWORD_VERIFIER');
  });

  await t.test('right password again after a failure', async () => {
    const out = await authenticate(email, password);
    assert.equal(out.session.getIdToken().payload.email, email);
  });
});
