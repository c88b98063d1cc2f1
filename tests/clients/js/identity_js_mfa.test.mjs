// amazon-cognito-identity-js MFA: authenticateUser (SRP) with SMS MFA → mfaRequired → sendMFACode,
// and with TOTP preferred → totpRequired → sendMFACode(code, callbacks, 'SOFTWARE_TOKEN_MFA').
//
// Driven by tests/clients/python/test_mfa_clients.py, which prepares both users and sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID
//   SMS_USERNAME, SMS_PASSWORD, SMS_PHONE, SMS_CODE_URL   user with SMS MFA preferred; GET
//                                                         `${SMS_CODE_URL}?to=<phone>` → newest SMS code
//   TOTP_USERNAME, TOTP_PASSWORD, TOTP_SECRET, TOTP_LAST_STEP  user with TOTP preferred, its secret and
//                                                         the last 30-s step whose code was used
//   USER_SUBS                                             JSON {username: sub}
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, calls, callsSince, wire, env, firstCallback } from './support.mjs';
import { Authenticator, wrongTotp } from './totp.mjs';

const identity = (await import('amazon-cognito-identity-js')).default;
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const subs = JSON.parse(env('USER_SUBS'));
const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${endpoint}/` });

async function smsCode(phone) {
  const res = await realFetch(`${env('SMS_CODE_URL')}?to=${encodeURIComponent(phone)}`);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`no SMS code for ${phone}: HTTP ${res.status} ${text}`);
  return text;
}

// authenticateUser up to its first callback: resolves {kind, args, user}.
function authenticate(username, password) {
  const user = new CognitoUser({ Username: username, Pool: userPool });
  const details = new AuthenticationDetails({ Username: username, Password: password });
  return firstCallback(user, (callbacks) => user.authenticateUser(details, callbacks));
}

function sendMFACode(user, code, mfaType) {
  return new Promise((resolve) => {
    user.sendMFACode(code, {
      onSuccess: (session) => resolve({ kind: 'onSuccess', session }),
      onFailure: (err) => resolve({ kind: 'onFailure', err }),
    }, mfaType);
  });
}

function assertSession(out, username, mark) {
  assert.equal(out.kind, 'onSuccess', `${out.kind}: ${out.err?.code ?? ''} ${out.err?.message ?? ''}\n${wire(mark)}`);
  assert.equal(out.session.isValid(), true);
  const id = out.session.getIdToken().payload;
  assert.equal(id.sub, subs[username]);
  assert.equal(id.email, username);
  assert.equal(out.session.getAccessToken().payload.client_id, clientId);
}

test('amazon-cognito-identity-js: SMS MFA → mfaRequired → sendMFACode', async () => {
  const username = env('SMS_USERNAME');
  const phone = env('SMS_PHONE');
  const mark = calls.length;
  const first = await authenticate(username, env('SMS_PASSWORD'));
  assert.equal(first.kind, 'mfaRequired', `${first.kind}: ${JSON.stringify(first.args)}\n${wire(mark)}`);
  const [challengeName, params] = first.args;
  assert.equal(challengeName, 'SMS_MFA');
  assert.equal(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  assert.equal(params.CODE_DELIVERY_DESTINATION, `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`);
  const code = await smsCode(phone);

  const wrong = await sendMFACode(first.user, code === '000000' ? '111111' : '000000');
  assert.equal(wrong.kind, 'onFailure', wire(mark));
  assert.equal(wrong.err.code, 'CodeMismatchException', `${wrong.err.code}: ${wrong.err.message}`);

  const m2 = calls.length;
  const done = await sendMFACode(first.user, code);
  assertSession(done, username, m2);
  const answer = callsSince(m2).find((c) => c.op === 'RespondToAuthChallenge');
  assert.equal(answer.body.ChallengeName, 'SMS_MFA');
  assert.equal(answer.body.ChallengeResponses.SMS_MFA_CODE, code);
});

test('amazon-cognito-identity-js: TOTP → totpRequired → sendMFACode(code, callbacks, SOFTWARE_TOKEN_MFA)', async () => {
  const username = env('TOTP_USERNAME');
  const app = new Authenticator(env('TOTP_SECRET'), Number(env('TOTP_LAST_STEP')));
  const mark = calls.length;
  const first = await authenticate(username, env('TOTP_PASSWORD'));
  assert.equal(first.kind, 'totpRequired', `${first.kind}: ${JSON.stringify(first.args)}\n${wire(mark)}`);
  assert.equal(first.args[0], 'SOFTWARE_TOKEN_MFA');

  const wrong = await sendMFACode(first.user, wrongTotp(app.secret), 'SOFTWARE_TOKEN_MFA');
  assert.equal(wrong.kind, 'onFailure', wire(mark));
  assert.equal(wrong.err.code, 'CodeMismatchException', `${wrong.err.code}: ${wrong.err.message}`);

  const m2 = calls.length;
  const done = await sendMFACode(first.user, await app.code(), 'SOFTWARE_TOKEN_MFA');
  assertSession(done, username, m2);
  const answer = callsSince(m2).find((c) => c.op === 'RespondToAuthChallenge');
  assert.equal(answer.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
});
