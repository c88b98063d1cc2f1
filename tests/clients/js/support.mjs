// Shared by the client tests: records every Cognito call made through the global fetch (the
// requests are untouched) so tests can check the wire flow and print the server's answers when
// something fails, and reads the settings the Python driver passes in the environment.

import assert from 'node:assert/strict';

/** The fetch the recording wraps; use it for calls that should not be recorded. */
export const realFetch = globalThis.fetch;

/** Every Cognito call so far: `{ op, body, status, response }`. */
export const calls = [];

globalThis.fetch = async (input, init = {}) => {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  const target = headers.get('x-amz-target');
  let rec;
  if (target) {
    let body;
    try {
      body = JSON.parse(init.body);
    } catch {
      body = init.body;
    }
    rec = { op: target.split('.').pop(), body };
    calls.push(rec);
  }
  const res = await realFetch(input, init);
  if (rec) {
    rec.status = res.status;
    rec.response = await res.clone().json().catch(() => null);
  }
  return res;
};

export const callsOf = (op) => calls.filter((c) => c.op === op);
export const lastCall = (op) => callsOf(op).at(-1);
export const markCalls = () => calls.length;
export const callsSince = (mark) => calls.slice(mark);

/** Compact transcript of the calls since `since`, for assertion messages (secrets are test data). */
export function wire(since = 0) {
  return JSON.stringify(
    calls.slice(since).map((c) => ({ op: c.op, status: c.status, response: c.response })),
    null,
    1,
  );
}

/** A required environment variable. */
export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
}

/**
 * Subtests that build on each other: `const step = steps(t); step('title', async () => …)`.
 * Once a step fails, the later ones fail at once with a pointer to it.
 */
export function steps(t) {
  let ok = true;
  return (title, fn) =>
    t.test(title, async () => {
      if (!ok) throw new Error('an earlier step failed; nothing to test');
      try {
        await fn();
      } catch (e) {
        ok = false;
        throw e;
      }
    });
}

/**
 * amazon-cognito-identity-js: runs `start(callbacks)` (e.g. `user.authenticateUser(details, cb)`)
 * up to its first callback; resolves `{ kind, args, user }`.
 */
export function firstCallback(user, start) {
  return new Promise((resolve) => {
    const cb = (kind) => (...args) => resolve({ kind, args, user });
    start({
      onSuccess: cb('onSuccess'),
      onFailure: cb('onFailure'),
      newPasswordRequired: cb('newPasswordRequired'),
      mfaRequired: cb('mfaRequired'),
      totpRequired: cb('totpRequired'),
      customChallenge: cb('customChallenge'),
      mfaSetup: cb('mfaSetup'),
      selectMFAType: cb('selectMFAType'),
    });
  });
}

/** Challenges that mean a second factor was asked for. */
export const MFA_CHALLENGES = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'SELECT_MFA_TYPE', 'MFA_SETUP'];

/** RespondToAuthChallenge calls since `mark`. */
export const challengeAnswers = (mark) => callsSince(mark).filter((c) => c.op === 'RespondToAuthChallenge');

/**
 * Checks that the sign-in since `mark` went through device `deviceKey`: the password step
 * carried the key and was answered with DEVICE_SRP_AUTH, then the device SRP (its Session
 * forwarded), tokens without a new device, and no MFA. Returns the three answers
 * `[verifier, deviceSrp, devicePassword]` for client-specific checks.
 */
export function assertDeviceSignIn(mark, deviceKey) {
  const answers = challengeAnswers(mark);
  assert.deepEqual(
    answers.map((c) => [c.body.ChallengeName, c.status, c.response?.ChallengeName ?? (c.response?.AuthenticationResult ? 'tokens' : null)]),
    [
      ['PASSWORD_VERIFIER', 200, 'DEVICE_SRP_AUTH'],
      ['DEVICE_SRP_AUTH', 200, 'DEVICE_PASSWORD_VERIFIER'],
      ['DEVICE_PASSWORD_VERIFIER', 200, 'tokens'],
    ],
    wire(mark),
  );
  const [verifier, deviceSrp, devicePassword] = answers;
  assert.equal(verifier.body.ChallengeResponses.DEVICE_KEY, deviceKey);
  assert.equal(deviceSrp.body.ChallengeResponses.DEVICE_KEY, deviceKey);
  assert.equal(deviceSrp.body.Session, verifier.response.Session, 'the Session is forwarded');
  assert.equal(devicePassword.response.AuthenticationResult.NewDeviceMetadata, undefined, 'a known device is not new');
  const seen = callsSince(mark).map((c) => c.body?.ChallengeName).filter(Boolean);
  for (const mfa of MFA_CHALLENGES) assert.ok(!seen.includes(mfa), `no ${mfa}: ${wire(mark)}`);
  return answers;
}
