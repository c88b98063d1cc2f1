// amazon-cognito-identity-js trusted devices against a running Cognate: authenticateUser (SRP) →
// mfaRequired → sendMFACode → the library confirms the new device (ConfirmDevice) →
// setDeviceStatusRemembered → getDevice / listDevices → a second authenticateUser skips MFA
// through DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER → refreshSession sends the DEVICE_KEY →
// forgetDevice → MFA again; a device the server forgot is dropped and the challenge answered again.
//
// The pool is "User opt-in" (DeviceOnlyRememberedOnUserPrompt=true, ChallengeRequiredOnNewDevice=
// true). The library keeps device keys in its storage under
// `CognitoIdentityServiceProvider.<clientId>.<USER_ID_FOR_SRP>.{deviceKey,deviceGroupKey,randomPasswordKey}`;
// here that storage is an in-memory object shared by the pool and every CognitoUser (one "browser").
//
// Driven by tests/clients/python/test_devices.py, which prepares the user (SMS MFA preferred) and sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID, USERNAME (the e-mail), PASSWORD, USER_SUB, PHONE
//   SMS_CODE_URL   GET `${SMS_CODE_URL}?to=<phone>` → newest unseen SMS code (text)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, callsSince, markCalls, wire, env, steps, firstCallback, challengeAnswers, assertDeviceSignIn } from './support.mjs';

const identity = (await import('amazon-cognito-identity-js')).default;
const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const email = env('USERNAME');
const password = env('PASSWORD');
const sub = env('USER_SUB');
const phone = env('PHONE');
const DEVICE_KEY_RE = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The library's storage interface (setItem/getItem/removeItem/clear) over a Map. */
class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  setItem(key, value) {
    this.items.set(key, String(value));
    return this.items.get(key);
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  removeItem(key) {
    return this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

const storage = new MemoryStorage();
const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${endpoint}/`, Storage: storage });
const storedDeviceKey = () => storage.getItem(`CognitoIdentityServiceProvider.${clientId}.${sub}.deviceKey`);

async function smsCode() {
  const res = await realFetch(`${env('SMS_CODE_URL')}?to=${encodeURIComponent(phone)}`);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`no SMS code for ${phone}: HTTP ${res.status} ${text}`);
  return text;
}

// authenticateUser up to its first callback, with a fresh CognitoUser (as a new page load would):
// resolves {kind, args, user}.
function authenticate() {
  const user = new CognitoUser({ Username: email, Pool: userPool, Storage: storage });
  const details = new AuthenticationDetails({ Username: email, Password: password });
  return firstCallback(user, (callbacks) => user.authenticateUser(details, callbacks));
}

function sendMFACode(user, code) {
  return new Promise((resolve) => {
    user.sendMFACode(code, {
      onSuccess: (session, userConfirmationNecessary) => resolve({ kind: 'onSuccess', session, userConfirmationNecessary }),
      onFailure: (err) => resolve({ kind: 'onFailure', err }),
    });
  });
}

// A {onSuccess, onFailure} method of CognitoUser as a promise.
const callbacks = (fn) => new Promise((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));

const show = (out) => `${out.kind}: ${out.err?.code ?? ''} ${out.err?.message ?? ''} ${JSON.stringify(out.args ?? '')}`;

// SMS MFA sign-in from a browser without a (known) device: mfaRequired → code → onSuccess with
// a newly confirmed device → {user, session, deviceKey}.
async function mfaSignIn(mark) {
  const first = await authenticate();
  assert.equal(first.kind, 'mfaRequired', `${show(first)}\n${wire(mark)}`);
  assert.equal(first.args[0], 'SMS_MFA');
  const m2 = markCalls();
  const done = await sendMFACode(first.user, await smsCode());
  assert.equal(done.kind, 'onSuccess', `${show(done)}\n${wire(m2)}`);
  const md = challengeAnswers(m2).at(-1).response?.AuthenticationResult?.NewDeviceMetadata;
  assert.ok(md, `NewDeviceMetadata expected: ${wire(m2)}`);
  assert.match(md.DeviceKey, DEVICE_KEY_RE);
  const confirm = callsSince(m2).find((c) => c.op === 'ConfirmDevice');
  assert.equal(confirm?.status, 200, wire(m2));
  assert.equal(confirm.body.DeviceKey, md.DeviceKey);
  assert.equal(confirm.body.DeviceName, 'nodejs');
  assert.equal(confirm.response.UserConfirmationNecessary, true, 'user opt-in pool');
  assert.equal(done.userConfirmationNecessary, true, 'passed on to onSuccess');
  assert.equal(first.user.deviceKey, md.DeviceKey);
  assert.equal(storedDeviceKey(), md.DeviceKey, 'the library keeps the device under the sub');
  assert.equal(done.session.getAccessToken().payload.device_key, md.DeviceKey);
  return { user: first.user, session: done.session, deviceKey: md.DeviceKey };
}

test('amazon-cognito-identity-js: remember, sign in with the device, forget', async (t) => {
  const step = steps(t);
  let current; // {user, session, deviceKey}

  await step('authenticateUser → mfaRequired → sendMFACode; the library confirms the device', async () => {
    const mark = markCalls();
    current = await mfaSignIn(mark);
    const verifier = challengeAnswers(mark)[0];
    assert.equal(verifier.body.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(verifier.body.ChallengeResponses.DEVICE_KEY, undefined, 'no device yet');
  });

  await step('getDevice: not remembered; setDeviceStatusRemembered → remembered; listDevices lists it', async () => {
    const { user, deviceKey } = current;
    const status = (out) =>
      Object.fromEntries(out.Device.DeviceAttributes.map((a) => [a.Name, a.Value]))['dev:device_remembered_status'];
    const before = await callbacks((cb) => user.getDevice(cb));
    assert.equal(before.Device.DeviceKey, deviceKey);
    assert.equal(status(before), 'not_remembered');
    assert.equal(await callbacks((cb) => user.setDeviceStatusRemembered(cb)), 'SUCCESS');
    assert.equal(status(await callbacks((cb) => user.getDevice(cb))), 'remembered');
    const list = await new Promise((resolve, reject) => user.listDevices(60, null, { onSuccess: resolve, onFailure: reject }));
    assert.deepEqual(list.Devices.map((d) => d.DeviceKey), [deviceKey]);
    const attrs = Object.fromEntries(list.Devices[0].DeviceAttributes.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.device_name, 'nodejs');
    assert.equal(typeof list.Devices[0].DeviceCreateDate, 'number', 'epoch seconds');
  });

  await step('a new authenticateUser skips MFA: PASSWORD_VERIFIER(DEVICE_KEY) → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER', async () => {
    const mark = markCalls();
    const out = await authenticate();
    assert.equal(out.kind, 'onSuccess', `${show(out)}\n${wire(mark)}`);
    const [, deviceSrp, devicePassword] = assertDeviceSignIn(mark, current.deviceKey);
    assert.equal(deviceSrp.body.ChallengeResponses.USERNAME, sub);
    assert.equal(devicePassword.body.Session, deviceSrp.response.Session);
    const session = out.args[0];
    assert.equal(session.getIdToken().payload.sub, sub);
    assert.equal(session.getAccessToken().payload.device_key, current.deviceKey);
    current = { ...current, user: out.user, session };
  });

  await step('refreshSession sends the DEVICE_KEY and gets new tokens for the device', async () => {
    const { user, session, deviceKey } = current;
    await new Promise((r) => setTimeout(r, 1100));
    const mark = markCalls();
    const next = await new Promise((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
    );
    const init = callsSince(mark).find((c) => c.op === 'InitiateAuth');
    assert.equal(init.body.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.equal(init.body.AuthParameters.DEVICE_KEY, deviceKey);
    assert.equal(init.status, 200, wire(mark));
    assert.ok(next.getAccessToken().payload.iat > session.getAccessToken().payload.iat);
    assert.equal(next.getAccessToken().payload.device_key, deviceKey);
    current = { ...current, session: next };
  });

  await step('forgetDevice → the server and the storage forget it', async () => {
    const { user, deviceKey } = current;
    const mark = markCalls();
    assert.equal(await callbacks((cb) => user.forgetDevice(cb)), 'SUCCESS');
    const forget = callsSince(mark).find((c) => c.op === 'ForgetDevice');
    assert.equal(forget.body.DeviceKey, deviceKey);
    assert.equal(forget.status, 200, wire(mark));
    assert.equal(storedDeviceKey(), null);
  });

  await step('the next authenticateUser asks for MFA again and confirms a new device', async () => {
    const mark = markCalls();
    const before = current.deviceKey;
    current = await mfaSignIn(mark);
    assert.equal(challengeAnswers(mark)[0].body.ChallengeResponses.DEVICE_KEY, undefined);
    assert.notEqual(current.deviceKey, before);
  });

  await step('a device the server forgot: ResourceNotFoundException, the library drops it and answers again', async () => {
    const stale = current.deviceKey;
    assert.equal(await callbacks((cb) => current.user.forgetSpecificDevice(stale, cb)), 'SUCCESS');
    assert.equal(storedDeviceKey(), stale, 'forgetSpecificDevice leaves the storage alone');
    const mark = markCalls();
    const out = await authenticate();
    assert.equal(out.kind, 'mfaRequired', `${show(out)}\n${wire(mark)}`);
    const [first, retry] = challengeAnswers(mark);
    assert.equal(first.body.ChallengeResponses.DEVICE_KEY, stale);
    assert.equal(first.status, 400, wire(mark));
    assert.equal(first.response?.__type?.split('#').pop(), 'ResourceNotFoundException', wire(mark));
    assert.match(first.response.message ?? first.response.Message, /Device does not exist\./);
    // identity-js sends the very same answer again with DEVICE_KEY: null
    assert.equal(retry.body.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(retry.body.ChallengeResponses.DEVICE_KEY, null);
    assert.equal(retry.body.Session, first.body.Session);
    assert.equal(retry.body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE, first.body.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE);
    assert.equal(retry.response.ChallengeName, 'SMS_MFA', wire(mark));
    assert.equal(storedDeviceKey(), null, 'the stale key is gone');
    const m2 = markCalls();
    const done = await sendMFACode(out.user, await smsCode());
    assert.equal(done.kind, 'onSuccess', `${show(done)}\n${wire(m2)}`);
    assert.ok(challengeAnswers(m2).at(-1).response?.AuthenticationResult?.NewDeviceMetadata, wire(m2));
  });
});
