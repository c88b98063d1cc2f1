// Amplify v6 (the real aws-amplify package) answering a TOTP sign-in with one of Cognate's
// recovery codes: signIn → CONFIRM_SIGN_IN_WITH_TOTP_CODE → confirmSignIn({ challengeResponse:
// <recovery code> }) → signed in. Each code works once: the same code on a later sign-in is
// CodeMismatchException, an unused one signs in. Recovery codes are Cognate's own feature
// (Cognito has none); Amplify passes the typed text through as SOFTWARE_TOKEN_MFA_CODE.
//
// Driven by tests/clients/python/test_amplify_recovery_code.py, which sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID  the server, a pool with software-token MFA on and an
//                                         app client (SRP allowed)
//   USERNAME, PASSWORD, USER_SUB          a confirmed user (e-mail as username) whose verified
//                                         authenticator app is the preferred MFA
//   RECOVERY_CODES                        JSON array: the user's fresh set from
//                                         POST /cognate/recovery-codes (ten unused codes)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, markCalls, callsSince, wire, env, steps } from './support.mjs';

import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, signOut, getCurrentUser, fetchAuthSession } from 'aws-amplify/auth';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const username = env('USERNAME');
const password = env('PASSWORD');
const sub = env('USER_SUB');
const recoveryCodes = JSON.parse(env('RECOVERY_CODES'));

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: poolId,
      userPoolClientId: clientId,
      userPoolEndpoint: endpoint,
      loginWith: { email: true },
      mfa: { status: 'optional', totpEnabled: true, smsEnabled: false },
    },
  },
});

function isError(name, mark) {
  return (e) => {
    assert.equal(e?.name, name, `expected ${name}, got ${e?.name}: ${e?.message}\n${wire(mark)}`);
    return true;
  };
}

/** Cognate's GET /cognate/recovery-codes with an access token (not a Cognito call). */
async function remaining(accessToken) {
  const res = await realFetch(`${endpoint}/cognate/recovery-codes`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.Remaining;
}

/** signIn up to the authenticator-code step (Amplify's default SRP flow). */
async function signInToTotpStep() {
  const mark = markCalls();
  const out = await signIn({ username, password });
  assert.equal(out.isSignedIn, false, wire(mark));
  assert.deepEqual(out.nextStep, { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }, `${JSON.stringify(out)}\n${wire(mark)}`);
  const verifier = callsSince(mark).find((c) => c.op === 'RespondToAuthChallenge');
  assert.equal(verifier.body.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(verifier.response.ChallengeName, 'SOFTWARE_TOKEN_MFA', wire(mark));
}

/** confirmSignIn with `code`; checks it went out verbatim as SOFTWARE_TOKEN_MFA_CODE. */
async function confirmWith(code) {
  const mark = markCalls();
  try {
    return await confirmSignIn({ challengeResponse: code });
  } finally {
    const answers = callsSince(mark).filter((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(answers.length, 1, `one RespondToAuthChallenge, no client-side rejection or VerifySoftwareToken\n${wire(mark)}`);
    assert.equal(answers[0].body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(answers[0].body.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE, code);
  }
}

async function assertSignedIn(mark) {
  const user = await getCurrentUser();
  assert.equal(user.userId, sub);
  assert.equal(user.username, sub);
  assert.equal(user.signInDetails?.loginId, username);
  const { tokens } = await fetchAuthSession();
  assert.ok(tokens?.accessToken && tokens?.idToken, wire(mark));
  assert.equal(tokens.accessToken.payload.sub, sub);
  assert.equal(tokens.accessToken.payload.client_id, clientId);
  assert.equal(tokens.accessToken.payload.scope, 'aws.cognito.signin.user.admin');
  assert.equal(tokens.idToken.payload.email, username);
  return tokens;
}

test('Amplify v6: a recovery code in confirmSignIn finishes a TOTP sign-in, once', async (t) => {
  const step = steps(t);
  const [first, second] = recoveryCodes;
  assert.equal(recoveryCodes.length, 10);
  assert.match(first, /^[a-z0-9]{5}-[a-z0-9]{5}$/);

  await step('signIn → CONFIRM_SIGN_IN_WITH_TOTP_CODE; confirmSignIn(recovery code) → isSignedIn', async () => {
    await signInToTotpStep();
    const mark = markCalls();
    const out = await confirmWith(first);
    assert.deepEqual(out, { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, wire(mark));
    const tokens = await assertSignedIn(mark);
    assert.equal(await remaining(tokens.accessToken.toString()), 9);
  });

  await step('signOut, signIn again: the same recovery code is CodeMismatchException', async () => {
    await signOut();
    await assert.rejects(getCurrentUser(), isError('UserUnAuthenticatedException'));
    await signInToTotpStep();
    const mark = markCalls();
    await assert.rejects(confirmWith(first), isError('CodeMismatchException', mark));
    const answer = callsSince(mark).find((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(answer.status, 400);
    assert.equal((await fetchAuthSession()).tokens, undefined, 'no tokens after the refused code');
  });

  await step('a fresh signIn with a second, unused recovery code → isSignedIn; 8 codes left', async () => {
    await signInToTotpStep();
    const mark = markCalls();
    const out = await confirmWith(second);
    assert.deepEqual(out, { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, wire(mark));
    const tokens = await assertSignedIn(mark);
    assert.equal(await remaining(tokens.accessToken.toString()), 8);
    await signOut();
  });
});
