// Seed 001's Amplify v6 code (the paths that need no MFA) against a running Cognate, with the
// real aws-amplify package: sign-up, e-mail confirmation, SRP sign-in (Amplify's default flow:
// InitiateAuth USER_SRP_AUTH → RespondToAuthChallenge PASSWORD_VERIFIER), user info, attribute
// update, token refresh, sign-out.
//
// Driven by tests/clients/python/test_srp_clients.py, which sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID  the server and a seed-001 pool + app client (required)
//   USERNAME, PASSWORD                    a fresh e-mail address and a valid password (required)
//   CODE_URL                              GET `${CODE_URL}?to=<address>` answers (text/plain) the
//                                         newest verification code the server e-mailed to
//                                         <address>; the Python side reads its SMTP sink (required)
// By hand: COGNATE_ENDPOINT=... POOL_ID=... CLIENT_ID=... USERNAME=... PASSWORD=... CODE_URL=...
//          node --test amplify_srp.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, calls, callsOf, lastCall, markCalls, callsSince, wire, env } from './support.mjs';

// ---------------------------------------------------------------------------------------------
// Record every Cognito call the libraries make (Amplify calls the global fetch at request time),
// so the tests can check the wire flow (USER_SRP_AUTH, PASSWORD_VERIFIER, Session) and print the
// server's answers when something fails. The requests themselves are untouched.

import { Amplify } from 'aws-amplify';
import {
  signUp,
  confirmSignUp,
  signIn,
  signOut,
  getCurrentUser,
  fetchUserAttributes,
  fetchAuthSession,
  updateUserAttributes,
  fetchMFAPreference,
} from 'aws-amplify/auth';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const email = env('USERNAME');
const password = env('PASSWORD');
const codeUrl = env('CODE_URL');

async function mailedCode(address) {
  const res = await realFetch(`${codeUrl}?to=${encodeURIComponent(address)}`);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`no verification code for ${address}: HTTP ${res.status} ${text}`);
  return text;
}

// A raw Cognito call (no library) for checks after sign-out.
async function cognitoCall(op, body) {
  const res = await realFetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const import_meta_env = {
  VITE_AWS_REGION: poolId.split('_')[0],
  VITE_MFA_SMS_USER_POOL_ID: poolId,
  VITE_MFA_SMS_CLIENT_ID: clientId,
};

// =============================================================================================
// Seed 001, Step 6 and Step 7, copied verbatim except where marked `CHANGED`.
//
// Token storage in Node: Amplify.configure() wires the singleton cognitoUserPoolsTokenProvider to
// core's defaultStorage, which falls back to an InMemoryStorage when there is no
// window.localStorage (aws-amplify Amplify.mjs → selectSsrKeyValueStorage; core
// storage/utils.mjs getLocalStorageWithFallback), so the seed's configure works unchanged.
// =============================================================================================

const configureMFASMS = () => {
  Amplify.configure({
    Auth: {
      Cognito: {
        region: import_meta_env.VITE_AWS_REGION, // CHANGED: import.meta.env.* → test env
        userPoolId: import_meta_env.VITE_MFA_SMS_USER_POOL_ID,
        userPoolClientId: import_meta_env.VITE_MFA_SMS_CLIENT_ID,
        userPoolEndpoint: endpoint, // CHANGED: added, points Amplify at Cognate

        loginWith: {
          email: true
        },

        passwordFormat: {
          minLength: 8,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSpecialCharacters: false
        },

        mfa: {
          status: 'optional',
          smsEnabled: true,
          totpEnabled: true
        }
      }
    }
  })
}

// The seed's signup() exactly as written. Amplify v6's signUp() takes attributes as
// `options.userAttributes`; the top-level `attributes` member is ignored, so this sends no
// UserAttributes at all (see the first test).
async function seedSignupVerbatim(email, password, name, phoneNumber = null) {
  try {
    const attributes = {
      email,
      name
    }

    // Phone number is optional but required for SMS MFA
    if (phoneNumber) {
      attributes.phone_number = phoneNumber // E.164 format: +15551234567
    }

    const { userId, nextStep } = await signUp({
      username: email,
      password,
      attributes
    })

    console.log('User ID:', userId)
    console.log('Next step:', nextStep)

    return { success: true, userId }
  } catch (error) {
    console.error('Sign up error:', error)
    throw error
  }
}

async function signup(email, password, name, phoneNumber = null) {
  try {
    const attributes = {
      email,
      name
    }

    // Phone number is optional but required for SMS MFA
    if (phoneNumber) {
      attributes.phone_number = phoneNumber // E.164 format: +15551234567
    }

    const { userId, nextStep } = await signUp({
      username: email,
      password,
      options: { userAttributes: attributes } // CHANGED: was `attributes` (ignored by Amplify v6)
    })

    console.log('User ID:', userId)
    console.log('Next step:', nextStep)

    return { success: true, userId, nextStep } // CHANGED: nextStep returned for the assertions
  } catch (error) {
    console.error('Sign up error:', error)
    throw error
  }
}

async function confirmEmail(email, code) {
  try {
    const { isSignUpComplete } = await confirmSignUp({
      username: email,
      confirmationCode: code
    })

    console.log('Sign up confirmed:', isSignUpComplete)
    return { success: true }
  } catch (error) {
    console.error('Confirmation error:', error)
    throw error
  }
}

async function login(email, password) {
  try {
    const { isSignedIn, nextStep } = await signIn({
      username: email,
      password
    })

    if (nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE') {
      console.log('MFA required - SMS code sent')
      return {
        success: false,
        mfaRequired: true,
        nextStep: nextStep.signInStep
      }
    }

    if (nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') {
      console.log('MFA required - TOTP code needed')
      return {
        success: false,
        mfaRequired: true,
        nextStep: nextStep.signInStep
      }
    }

    console.log('Signed in:', isSignedIn)
    return { success: true, isSignedIn }
  } catch (error) {
    console.error('Sign in error:', error)
    throw error
  }
}

async function getMFAStatus() {
  try {
    const mfaPreference = await fetchMFAPreference()

    return {
      enabled: mfaPreference.enabled || [],
      preferred: mfaPreference.preferred
    }
  } catch (error) {
    console.error('Get MFA status error:', error)
    throw error
  }
}

async function getCurrentUserInfo() {
  try {
    const user = await getCurrentUser()
    const attributes = await fetchUserAttributes()
    const mfaStatus = await getMFAStatus()

    return {
      userId: user.userId,
      username: user.username,
      email: attributes.email,
      name: attributes.name,
      phoneNumber: attributes.phone_number,
      emailVerified: attributes.email_verified === 'true',
      phoneVerified: attributes.phone_number_verified === 'true',
      mfaEnabled: mfaStatus.enabled,
      mfaPreferred: mfaStatus.preferred
    }
  } catch (error) {
    console.error('Get user error:', error)
    throw error
  }
}

async function logout() {
  try {
    await signOut()
    return { success: true }
  } catch (error) {
    console.error('Sign out error:', error)
    throw error
  }
}

// =============================================================================================

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = /^[0-9a-fA-F]+$/;
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

function isError(name, message) {
  return (e) => {
    assert.equal(e?.name, name, `expected ${name}, got ${e?.name}: ${e?.message}\n${wire()}`);
    if (message !== undefined) assert.equal(e.message, message);
    return true;
  };
}

// Checks the SRP exchange recorded since `mark`: InitiateAuth(USER_SRP_AUTH, SRP_A) answered with a
// PASSWORD_VERIFIER challenge, then RespondToAuthChallenge(PASSWORD_VERIFIER) with the Session of
// that challenge (Amplify forwards it when there is one). Returns both records.
function assertSrpExchange(mark, { sub, typedUsername }) {
  const recent = callsSince(mark);
  const init = recent.find((c) => c.op === 'InitiateAuth');
  assert.ok(init, `no InitiateAuth call\n${wire(mark)}`);
  assert.equal(init.body.AuthFlow, 'USER_SRP_AUTH', 'Amplify signs in with SRP by default');
  assert.equal(init.body.AuthParameters.USERNAME, typedUsername);
  assert.match(init.body.AuthParameters.SRP_A, HEX);
  assert.equal(init.body.AuthParameters.PASSWORD, undefined, 'SRP never sends the password');
  assert.equal(init.status, 200, wire(mark));
  const ch = init.response;
  assert.equal(ch.ChallengeName, 'PASSWORD_VERIFIER', wire(mark));
  const p = ch.ChallengeParameters;
  for (const k of ['SALT', 'SRP_B', 'SECRET_BLOCK', 'USER_ID_FOR_SRP', 'USERNAME']) {
    assert.ok(p[k], `ChallengeParameters.${k} missing: ${JSON.stringify(p)}`);
  }
  assert.match(p.SALT, HEX);
  assert.match(p.SRP_B, HEX);
  assert.match(p.SECRET_BLOCK, B64);
  if (sub) {
    // e-mail-as-username pool: the internal username is the sub
    assert.equal(p.USER_ID_FOR_SRP, sub);
    assert.equal(p.USERNAME, sub);
  }
  const resp = recent.find((c) => c.op === 'RespondToAuthChallenge');
  assert.ok(resp, `no RespondToAuthChallenge call\n${wire(mark)}`);
  assert.equal(resp.body.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(resp.body.ChallengeResponses.USERNAME, p.USER_ID_FOR_SRP);
  assert.equal(resp.body.ChallengeResponses.PASSWORD_CLAIM_SECRET_BLOCK, p.SECRET_BLOCK);
  assert.equal(resp.body.Session, ch.Session, 'Amplify forwards the challenge Session');
  return { init, resp };
}

test('seed 001 Amplify v6 flow with SRP sign-in', async (t) => {
  configureMFASMS();
  const name = 'Amplify Tester';
  let userId;
  let signedIn = false;
  let firstSession;

  await t.test("seed signup() verbatim: Amplify v6 drops top-level `attributes`, the pool's required name is missing", async () => {
    const mark = markCalls();
    await assert.rejects(seedSignupVerbatim(email, password, name), (e) => {
      assert.equal(e?.name, 'InvalidParameterException', `${e?.name}: ${e?.message}\n${wire(mark)}`);
      assert.match(e.message, /name: The attribute is required/);
      return true;
    });
    const call = lastCall('SignUp');
    assert.equal(call.body.UserAttributes, undefined, 'Amplify sent no attributes');
  });

  await t.test('signUp with options.userAttributes {email, name}', async () => {
    const out = await signup(email, password, name);
    assert.equal(out.success, true);
    userId = out.userId;
    assert.match(userId, UUID);
    assert.equal(out.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const cdd = out.nextStep.codeDeliveryDetails;
    assert.equal(cdd.deliveryMedium, 'EMAIL');
    assert.equal(cdd.attributeName, 'email');
    assert.ok(cdd.destination && cdd.destination !== email, `destination is masked: ${cdd.destination}`);
    const attrs = Object.fromEntries(lastCall('SignUp').body.UserAttributes.map((a) => [a.Name, a.Value]));
    assert.deepEqual(attrs, { email, name });
  });

  const needUser = () => assert.ok(userId, 'signUp failed earlier; nothing to test');

  await t.test('signIn before confirmation → nextStep CONFIRM_SIGN_UP', async () => {
    needUser();
    const out = await signIn({ username: email, password });
    assert.equal(out.isSignedIn, false, JSON.stringify(out));
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_UP', `${JSON.stringify(out)}\n${wire()}`);
  });

  await t.test('confirmSignUp with the e-mailed code (seed confirmEmail)', async () => {
    needUser();
    const code = await mailedCode(email);
    assert.match(code, /^\d{6}$/);
    assert.deepEqual(await confirmEmail(email, code), { success: true });
  });

  await t.test('signIn (seed login, default flow = SRP) → isSignedIn', async () => {
    needUser();
    const mark = markCalls();
    const out = await login(email, password);
    assert.deepEqual(out, { success: true, isSignedIn: true }, wire(mark));
    signedIn = true;
    const { resp } = assertSrpExchange(mark, { sub: userId, typedUsername: email });
    assert.equal(resp.status, 200);
    const ar = resp.response.AuthenticationResult;
    assert.ok(ar?.AccessToken && ar?.IdToken && ar?.RefreshToken, wire(mark));
  });

  const needSignIn = () => assert.ok(signedIn, 'sign-in failed earlier; nothing to test');

  await t.test('getCurrentUser: userId = sub, username = internal username (the sub), SRP sign-in details', async () => {
    needSignIn();
    const u = await getCurrentUser();
    assert.equal(u.userId, userId);
    assert.equal(u.username, userId, 'e-mail-as-username pool: cognito:username is the sub');
    assert.equal(u.signInDetails?.loginId, email);
    assert.equal(u.signInDetails?.authFlowType, 'USER_SRP_AUTH');
  });

  await t.test('seed getCurrentUserInfo (user without MFA)', async () => {
    needSignIn();
    const info = await getCurrentUserInfo();
    assert.deepEqual(info, {
      userId,
      username: userId,
      email,
      name,
      phoneNumber: undefined,
      emailVerified: true,
      phoneVerified: false,
      mfaEnabled: [],
      mfaPreferred: undefined,
    });
  });

  await t.test('fetchUserAttributes', async () => {
    needSignIn();
    const attrs = await fetchUserAttributes();
    assert.equal(attrs.sub, userId);
    assert.equal(attrs.email, email);
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs.name, name);
  });

  await t.test('fetchAuthSession: tokens of this client and user', async () => {
    needSignIn();
    const s = await fetchAuthSession();
    firstSession = s;
    assert.equal(s.userSub, userId);
    const access = s.tokens?.accessToken?.payload;
    const id = s.tokens?.idToken?.payload;
    assert.ok(access && id, JSON.stringify(s));
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, userId);
    assert.equal(access.iss, `${endpoint}/${poolId}`);
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, clientId);
    assert.equal(id.sub, userId);
    assert.equal(id.email, email);
    assert.equal(id.name, name);
    assert.equal(id['cognito:username'], userId);
  });

  await t.test('updateUserAttributes(name) → DONE, fetchUserAttributes sees it', async () => {
    needSignIn();
    const out = await updateUserAttributes({ userAttributes: { name: 'Renamed Tester' } });
    assert.equal(out.name?.isUpdated, true, JSON.stringify(out));
    assert.equal(out.name?.nextStep?.updateAttributeStep, 'DONE');
    assert.equal((await fetchUserAttributes()).name, 'Renamed Tester');
  });

  await t.test('fetchAuthSession({ forceRefresh: true }) gets new tokens with the refresh token', async () => {
    needSignIn();
    assert.ok(firstSession, 'no session from the previous step');
    await new Promise((r) => setTimeout(r, 1100)); // new iat
    const mark = markCalls();
    const s = await fetchAuthSession({ forceRefresh: true });
    const refreshCalls = callsSince(mark).filter(
      (c) => c.op === 'GetTokensFromRefreshToken' || (c.op === 'InitiateAuth' && /REFRESH_TOKEN/.test(c.body.AuthFlow)),
    );
    assert.equal(refreshCalls.length, 1, wire(mark));
    assert.equal(refreshCalls[0].status, 200, wire(mark));
    const before = firstSession.tokens.accessToken;
    const after = s.tokens?.accessToken;
    assert.ok(after, JSON.stringify(s));
    assert.notEqual(after.toString(), before.toString(), 'a new access token');
    assert.ok(after.payload.iat > before.payload.iat);
    assert.equal(after.payload.sub, userId);
    assert.equal(after.payload.client_id, clientId);
    assert.equal(s.tokens.idToken.payload.name, 'Renamed Tester', 'refreshed ID token carries current attributes');
    // The refreshed tokens work: GetUser with the new access token.
    assert.equal((await fetchUserAttributes()).sub, userId);
  });

  await t.test('signOut (seed logout) revokes the session', async () => {
    needSignIn();
    const refreshToken = callsOf('RespondToAuthChallenge').find((c) => c.response?.AuthenticationResult)
      ?.response.AuthenticationResult.RefreshToken;
    const current = await fetchAuthSession();
    const accessToken = current.tokens.accessToken.toString();
    const mark = markCalls();
    assert.deepEqual(await logout(), { success: true });
    signedIn = false;
    await assert.rejects(getCurrentUser(), isError('UserUnAuthenticatedException'));
    const after = await fetchAuthSession();
    assert.equal(after.tokens, undefined);
    // Amplify revokes the refresh token (RevokeToken) when the tokens carry origin_jti, which
    // Cognito puts in every token of a client with token revocation enabled (seed 001 has it).
    const revoke = callsSince(mark).find((c) => c.op === 'RevokeToken');
    assert.ok(revoke, `signOut did not call RevokeToken\n${wire(mark)}`);
    assert.equal(revoke.status, 200, wire(mark));
    const r1 = await cognitoCall('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: refreshToken });
    assert.equal(r1.body?.__type?.split('#').pop(), 'NotAuthorizedException', JSON.stringify(r1));
    const r2 = await cognitoCall('GetUser', { AccessToken: accessToken });
    assert.equal(r2.body?.__type?.split('#').pop(), 'NotAuthorizedException', JSON.stringify(r2));
  });

  await t.test('signIn with a wrong password → NotAuthorizedException', async () => {
    needUser();
    const mark = markCalls();
    await assert.rejects(login(email, `${password}x`), isError('NotAuthorizedException', 'Incorrect username or password.'));
    // The failure comes from the PASSWORD_VERIFIER step, after a regular challenge.
    const init = callsSince(mark).find((c) => c.op === 'InitiateAuth');
    assert.equal(init?.response?.ChallengeName, 'PASSWORD_VERIFIER', wire(mark));
  });

  await t.test('signIn of an unknown user → NotAuthorizedException (PreventUserExistenceErrors ENABLED)', async () => {
    const mark = markCalls();
    await assert.rejects(
      login(`nobody-${Date.now()}@example.com`, password),
      isError('NotAuthorizedException', 'Incorrect username or password.'),
    );
    const init = callsSince(mark).find((c) => c.op === 'InitiateAuth');
    assert.equal(init?.response?.ChallengeName, 'PASSWORD_VERIFIER', `a challenge like a real user's\n${wire(mark)}`);
  });

  await t.test('signIn again after the failures (SRP) and sign out', async () => {
    needUser();
    const mark = markCalls();
    assert.deepEqual(await login(email, password), { success: true, isSignedIn: true }, wire(mark));
    assertSrpExchange(mark, { sub: userId, typedUsername: email });
    assert.equal((await getCurrentUser()).userId, userId);
    assert.deepEqual(await logout(), { success: true });
  });
});
