// Amplify v6's custom sign-in against a pool whose DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse functions ask one question: CUSTOM_WITHOUT_SRP (the question
// instead of a password) and CUSTOM_WITH_SRP (the password by SRP, then the question), each
// finished with confirmSignIn({ challengeResponse }).
// Driven by tests/clients/python/test_custom_auth.py, which sets COGNATE_ENDPOINT, POOL_ID,
// CLIENT_ID, USERNAME, PASSWORD, QUESTION, ANSWER.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callsOf, markCalls, callsSince, wire, env } from './support.mjs';

import { Amplify } from 'aws-amplify';
import { signIn, confirmSignIn, signOut, getCurrentUser, fetchAuthSession } from 'aws-amplify/auth';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const username = env('USERNAME');
const password = env('PASSWORD');

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: poolId,
      userPoolClientId: env('CLIENT_ID'),
      userPoolEndpoint: endpoint,
      loginWith: { email: true },
    },
  },
});

async function answerQuestion(nextStep, since) {
  assert.equal(nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', wire(since));
  assert.equal(nextStep.additionalInfo?.question, env('QUESTION'), wire(since));
  const wrong = await confirmSignIn({ challengeResponse: 'green' });
  assert.equal(wrong.isSignedIn, false, wire(since));
  assert.equal(wrong.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', wire(since));
  const done = await confirmSignIn({ challengeResponse: env('ANSWER') });
  assert.equal(done.isSignedIn, true, wire(since));
  assert.equal(done.nextStep.signInStep, 'DONE');
  const session = await fetchAuthSession();
  assert.equal(session.tokens?.idToken?.payload?.email, username);
  assert.ok((await getCurrentUser()).userId);
  await signOut();
}

test('CUSTOM_WITHOUT_SRP: the question instead of a password', async () => {
  const since = markCalls();
  const { isSignedIn, nextStep } = await signIn({
    username,
    options: { authFlowType: 'CUSTOM_WITHOUT_SRP', clientMetadata: { via: 'amplify' } },
  });
  assert.equal(isSignedIn, false);
  await answerQuestion(nextStep, since);
  const initiate = callsSince(since).find((c) => c.op === 'InitiateAuth');
  assert.equal(initiate.body.AuthFlow, 'CUSTOM_AUTH');
  assert.equal(initiate.body.AuthParameters.SRP_A, undefined);
});

test('CUSTOM_WITH_SRP: the password by SRP, then the question', async () => {
  const since = markCalls();
  const { isSignedIn, nextStep } = await signIn({
    username,
    password,
    options: { authFlowType: 'CUSTOM_WITH_SRP' },
  });
  assert.equal(isSignedIn, false, wire(since));
  await answerQuestion(nextStep, since);
  const ops = callsSince(since).map((c) => `${c.op}:${c.body.AuthFlow ?? c.body.ChallengeName ?? ''}`);
  assert.deepEqual(ops.slice(0, 2), ['InitiateAuth:CUSTOM_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER'], wire(since));
  assert.equal(callsOf('InitiateAuth').at(-1).body.AuthParameters.CHALLENGE_NAME, 'SRP_A');
});

test('CUSTOM_WITH_SRP: a wrong password ends the sign-in', async () => {
  await assert.rejects(
    signIn({ username, password: `${password}x`, options: { authFlowType: 'CUSTOM_WITH_SRP' } }),
    (e) => e.name === 'NotAuthorizedException',
  );
});
