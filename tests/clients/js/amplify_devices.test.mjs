// Amplify v6 trusted devices against a running Cognate, with the real aws-amplify package:
// signIn with MFA → Amplify confirms the new device itself (ConfirmDevice after the sign-in) →
// rememberDevice → fetchDevices → signOut → signIn completes through DEVICE_SRP_AUTH /
// DEVICE_PASSWORD_VERIFIER without an MFA step → fetchAuthSession refresh with the DeviceKey →
// forgetDevice → the next signIn asks for MFA again; a device key the server no longer knows is
// dropped and the sign-in retried (Amplify's retryOnResourceNotFoundException).
//
// Two pools:
//   "User opt-in" (DeviceOnlyRememberedOnUserPrompt=true), SMS MFA: ConfirmDevice answers
//     UserConfirmationNecessary=true and only rememberDevice() makes the device skip MFA;
//   "Always remember" (DeviceOnlyRememberedOnUserPrompt=false), TOTP MFA: no rememberDevice call.
// Both have ChallengeRequiredOnNewDevice=true (remembered devices may skip MFA).
//
// Driven by tests/clients/python/test_devices.py, which creates the pools and users and sets:
//   COGNATE_ENDPOINT
//   OPT_IN_POOL_ID, OPT_IN_CLIENT_ID, SMS_USERNAME, SMS_PASSWORD, SMS_PHONE
//                         the opt-in pool and a user with SMS MFA preferred
//   SMS_CODE_URL          GET `${SMS_CODE_URL}?to=<phone>` → newest unseen SMS code (text)
//   ALWAYS_POOL_ID, ALWAYS_CLIENT_ID, TOTP_USERNAME, TOTP_PASSWORD, TOTP_SECRET, TOTP_LAST_STEP
//                         the always-remember pool and a user with TOTP preferred, its secret and
//                         the last 30-s step whose code was used
//   USER_SUBS             JSON {username: sub}
//
// Device metadata: Amplify keeps {deviceKey, deviceGroupKey, randomPassword} in the token
// storage under `CognitoIdentityServiceProvider.<clientId>.<username>.*` (username = the sub
// Cognito answers as USER_ID_FOR_SRP); in Node that storage is core's defaultStorage with its
// in-memory fallback (see amplify_srp.test.mjs). signOut clears the tokens, not the device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, calls, markCalls, callsSince, wire, env, steps, challengeAnswers, assertDeviceSignIn } from './support.mjs';
import { Authenticator } from './totp.mjs';

import { Amplify } from 'aws-amplify';
import {
  signIn,
  confirmSignIn,
  signOut,
  getCurrentUser,
  fetchAuthSession,
  rememberDevice,
  fetchDevices,
  forgetDevice,
} from 'aws-amplify/auth';
import { defaultStorage } from 'aws-amplify/utils';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const subs = JSON.parse(env('USER_SUBS'));
const DEVICE_KEY_RE = /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Amplify names the device after navigator.userAgent (core getDeviceName). Node 20 has no
// navigator, and without a name Amplify silently skips ConfirmDevice (getNewDeviceMetadata
// swallows the error), so give Node one; Node >= 21 has its own. Set here, after the imports,
// so that module initialisation (e.g. the SRP BigInteger's browser check) is unchanged.
if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: 'cognate-client-tests (Node.js)' };
}
const deviceName = globalThis.navigator.userAgent;

async function fetchText(url) {
  const res = await realFetch(url);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${text}`);
  return text;
}

function configure(poolId, clientId, mfa) {
  Amplify.configure({
    Auth: {
      Cognito: {
        region: poolId.split('_')[0],
        userPoolId: poolId,
        userPoolClientId: clientId,
        userPoolEndpoint: endpoint, // points Amplify at Cognate
        loginWith: { email: true },
        mfa: { status: 'optional', ...mfa },
      },
    },
  });
}

// The device metadata Amplify stored for `sub` with `clientId` (null when it has none).
async function storedDevice(clientId, sub) {
  const prefix = `CognitoIdentityServiceProvider.${clientId}.${sub}`;
  const [deviceKey, deviceGroupKey, randomPassword] = await Promise.all(
    ['deviceKey', 'deviceGroupKey', 'randomPasswordKey'].map((k) => defaultStorage.getItem(`${prefix}.${k}`)),
  );
  return deviceKey || deviceGroupKey || randomPassword ? { deviceKey, deviceGroupKey, randomPassword } : null;
}

async function accessToken() {
  const { tokens } = await fetchAuthSession();
  assert.ok(tokens?.accessToken, 'signed in');
  return tokens.accessToken;
}

// A raw, unrecorded Cognito call (to change server state behind Amplify's back).
async function cognitoCall(op, body) {
  const res = await realFetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

// The wire of a sign-in that went through the device (support.mjs), and what Amplify sends
// besides: a hex SRP_A, the device key on the last step, and no ConfirmDevice.
function assertAmplifyDeviceSignIn(mark, deviceKey) {
  const [, deviceSrp, devicePassword] = assertDeviceSignIn(mark, deviceKey);
  assert.match(deviceSrp.body.ChallengeResponses.SRP_A, /^[0-9a-f]+$/);
  const p = deviceSrp.response.ChallengeParameters;
  for (const k of ['SRP_B', 'SALT', 'SECRET_BLOCK', 'USERNAME']) assert.ok(p?.[k], `${k} in ${JSON.stringify(p)}`);
  assert.equal(devicePassword.body.ChallengeResponses.DEVICE_KEY, deviceKey);
  assert.equal(callsSince(mark).filter((c) => c.op === 'ConfirmDevice').length, 0, wire(mark));
}

// After the MFA answer of a sign-in from a new device: tokens with NewDeviceMetadata, then
// Amplify's own ConfirmDevice → {deviceKey, confirm}.
function assertNewDevice(mark, expectConfirmationNecessary) {
  const answer = challengeAnswers(mark).at(-1);
  const md = answer.response?.AuthenticationResult?.NewDeviceMetadata;
  assert.ok(md, `NewDeviceMetadata expected: ${wire(mark)}`);
  assert.match(md.DeviceKey, DEVICE_KEY_RE);
  assert.ok(md.DeviceGroupKey);
  const confirm = callsSince(mark).find((c) => c.op === 'ConfirmDevice');
  assert.ok(confirm, `Amplify calls ConfirmDevice: ${wire(mark)}`);
  assert.equal(confirm.status, 200, wire(mark));
  assert.equal(confirm.body.DeviceKey, md.DeviceKey);
  assert.equal(confirm.body.DeviceName, deviceName);
  assert.ok(confirm.body.DeviceSecretVerifierConfig?.PasswordVerifier && confirm.body.DeviceSecretVerifierConfig?.Salt);
  assert.equal(confirm.response.UserConfirmationNecessary, expectConfirmationNecessary, wire(mark));
  return md;
}

test('Amplify v6, user opt-in pool, SMS MFA: rememberDevice skips MFA, forgetDevice brings it back', async (t) => {
  const clientId = env('OPT_IN_CLIENT_ID');
  const username = env('SMS_USERNAME');
  const password = env('SMS_PASSWORD');
  const phone = env('SMS_PHONE');
  const sub = subs[username];
  const smsCode = () => fetchText(`${env('SMS_CODE_URL')}?to=${encodeURIComponent(phone)}`);
  configure(env('OPT_IN_POOL_ID'), clientId, { smsEnabled: true });
  const step = steps(t);
  let deviceKey;

  await step('signIn → SMS code → confirmSignIn; Amplify confirms the new device (UserConfirmationNecessary)', async () => {
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    assert.equal(challengeAnswers(mark)[0].body.ChallengeResponses.DEVICE_KEY, undefined, 'no device yet');
    const m2 = markCalls();
    assert.deepEqual(await confirmSignIn({ challengeResponse: await smsCode() }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, wire(m2));
    deviceKey = assertNewDevice(m2, true).DeviceKey;
    assert.equal((await accessToken()).payload.device_key, deviceKey);
    const stored = await storedDevice(clientId, sub);
    assert.equal(stored?.deviceKey, deviceKey, 'Amplify keeps the device under the sub');
    assert.ok(stored.deviceGroupKey && stored.randomPassword);
  });

  await step('fetchDevices before rememberDevice: the device is not listed (not remembered)', async () => {
    assert.deepEqual(await fetchDevices(), []);
  });

  await step('signOut → signIn from the known, not remembered device → SMS MFA still', async () => {
    await signOut();
    assert.equal((await storedDevice(clientId, sub))?.deviceKey, deviceKey, 'signOut keeps the device');
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    const verifier = challengeAnswers(mark)[0];
    assert.equal(verifier.body.ChallengeResponses.DEVICE_KEY, deviceKey);
    assert.equal(verifier.response.ChallengeName, 'SMS_MFA', wire(mark));
    const m2 = markCalls();
    assert.equal((await confirmSignIn({ challengeResponse: await smsCode() })).isSignedIn, true, wire(m2));
    const answer = challengeAnswers(m2).at(-1);
    assert.equal(answer.body.ChallengeResponses.DEVICE_KEY, deviceKey);
    assert.equal(answer.response.AuthenticationResult.NewDeviceMetadata, undefined, wire(m2));
    assert.equal(callsSince(m2).filter((c) => c.op === 'ConfirmDevice').length, 0);
    assert.equal((await accessToken()).payload.device_key, deviceKey);
  });

  await step('rememberDevice → fetchDevices lists it, remembered', async () => {
    const mark = markCalls();
    await rememberDevice();
    const update = callsSince(mark).find((c) => c.op === 'UpdateDeviceStatus');
    assert.equal(update?.status, 200, wire(mark));
    assert.equal(update.body.DeviceKey, deviceKey);
    assert.equal(update.body.DeviceRememberedStatus, 'remembered');
    const devices = await fetchDevices();
    assert.equal(devices.length, 1, JSON.stringify(devices));
    const [d] = devices;
    assert.equal(d.id, deviceKey);
    assert.equal(d.name, deviceName);
    assert.equal(d.attributes['dev:device_remembered_status'], 'remembered');
    assert.equal(d.attributes.device_name, deviceName);
    assert.equal(d.attributes.last_ip_used, '127.0.0.1');
    const recent = (date) => date instanceof Date && Math.abs(date.getTime() - Date.now()) < 10 * 60 * 1000;
    assert.ok(recent(d.createDate) && recent(d.lastModifiedDate), JSON.stringify(d));
    assert.ok(d.lastAuthenticatedDate === undefined || recent(d.lastAuthenticatedDate), JSON.stringify(d));
  });

  await step('signOut → signIn: no MFA step, the device signs in with DEVICE_SRP_AUTH', async () => {
    await signOut();
    const mark = markCalls();
    assert.deepEqual(await signIn({ username, password }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, wire(mark));
    assertAmplifyDeviceSignIn(mark, deviceKey);
    assert.equal((await getCurrentUser()).userId, sub);
    assert.equal((await accessToken()).payload.device_key, deviceKey);
  });

  await step('fetchAuthSession({ forceRefresh: true }) refreshes with the DeviceKey', async () => {
    const before = await accessToken();
    await new Promise((r) => setTimeout(r, 1100));
    const mark = markCalls();
    const after = (await fetchAuthSession({ forceRefresh: true })).tokens?.accessToken;
    const refresh = callsSince(mark).find((c) => ['GetTokensFromRefreshToken', 'InitiateAuth'].includes(c.op));
    assert.ok(refresh, wire(mark));
    assert.equal(refresh.status, 200, wire(mark));
    assert.equal(refresh.body.DeviceKey ?? refresh.body.AuthParameters?.DEVICE_KEY, deviceKey);
    assert.ok(after && after.payload.iat > before.payload.iat, wire(mark));
    assert.equal(after.payload.device_key, deviceKey);
  });

  await step('forgetDevice → ForgetDevice on the wire, gone from Amplify’s storage', async () => {
    const mark = markCalls();
    await forgetDevice();
    const forget = callsSince(mark).find((c) => c.op === 'ForgetDevice');
    assert.equal(forget?.status, 200, wire(mark));
    assert.equal(forget.body.DeviceKey, deviceKey);
    assert.equal(await storedDevice(clientId, sub), null);
  });

  await step('signOut → signIn asks for the SMS code again; a new device is confirmed', async () => {
    await signOut();
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    assert.equal(challengeAnswers(mark)[0].body.ChallengeResponses.DEVICE_KEY, undefined);
    const m2 = markCalls();
    assert.equal((await confirmSignIn({ challengeResponse: await smsCode() })).isSignedIn, true, wire(m2));
    const next = assertNewDevice(m2, true).DeviceKey;
    assert.notEqual(next, deviceKey);
    deviceKey = next;
  });

  await step('a device the server forgot behind Amplify’s back: ResourceNotFoundException, Amplify drops it and retries', async () => {
    const forgot = await cognitoCall('ForgetDevice', { AccessToken: (await accessToken()).toString(), DeviceKey: deviceKey });
    assert.equal(forgot.status, 200, JSON.stringify(forgot.body));
    await signOut();
    assert.equal((await storedDevice(clientId, sub))?.deviceKey, deviceKey, 'Amplify still has the stale key');
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    const [stale, retry] = challengeAnswers(mark);
    assert.equal(stale.body.ChallengeResponses.DEVICE_KEY, deviceKey);
    assert.equal(stale.status, 400, wire(mark));
    assert.equal(stale.response?.__type?.split('#').pop(), 'ResourceNotFoundException', wire(mark));
    assert.match(stale.response.message ?? stale.response.Message, /Device does not exist\./);
    assert.equal(retry.body.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(retry.body.ChallengeResponses.DEVICE_KEY, undefined);
    assert.equal(retry.body.Session, stale.body.Session, 'the retry answers the same challenge');
    assert.equal(retry.response.ChallengeName, 'SMS_MFA', wire(mark));
    const m2 = markCalls();
    assert.equal((await confirmSignIn({ challengeResponse: await smsCode() })).isSignedIn, true, wire(m2));
    assertNewDevice(m2, true);
    await signOut();
  });
});

test('Amplify v6, always-remember pool, TOTP: no rememberDevice needed', async (t) => {
  const clientId = env('ALWAYS_CLIENT_ID');
  const username = env('TOTP_USERNAME');
  const password = env('TOTP_PASSWORD');
  const sub = subs[username];
  const app = new Authenticator(env('TOTP_SECRET'), Number(env('TOTP_LAST_STEP')));
  configure(env('ALWAYS_POOL_ID'), clientId, { totpEnabled: true });
  const step = steps(t);
  let deviceKey;

  await step('signIn → TOTP → confirmSignIn; ConfirmDevice answers UserConfirmationNecessary=false', async () => {
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    const m2 = markCalls();
    assert.equal((await confirmSignIn({ challengeResponse: await app.code() })).isSignedIn, true, wire(m2));
    deviceKey = assertNewDevice(m2, false).DeviceKey;
    assert.equal((await storedDevice(clientId, sub))?.deviceKey, deviceKey);
  });

  await step('fetchDevices lists the device as remembered without a rememberDevice call', async () => {
    const devices = await fetchDevices();
    assert.deepEqual(devices.map((d) => [d.id, d.attributes['dev:device_remembered_status']]), [[deviceKey, 'remembered']]);
    assert.equal(calls.filter((c) => c.op === 'UpdateDeviceStatus' && c.body.DeviceKey === deviceKey).length, 0);
  });

  await step('signOut → signIn: DEVICE_SRP_AUTH, no TOTP step', async () => {
    await signOut();
    const mark = markCalls();
    assert.deepEqual(await signIn({ username, password }), { isSignedIn: true, nextStep: { signInStep: 'DONE' } }, wire(mark));
    assertAmplifyDeviceSignIn(mark, deviceKey);
    assert.equal((await accessToken()).payload.device_key, deviceKey);
  });

  await step('forgetDevice → signOut → signIn asks for a TOTP code again', async () => {
    const m0 = markCalls();
    await forgetDevice();
    assert.equal(callsSince(m0).find((c) => c.op === 'ForgetDevice')?.status, 200, wire(m0));
    assert.equal(await storedDevice(clientId, sub), null);
    await signOut();
    const mark = markCalls();
    const out = await signIn({ username, password });
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    const m2 = markCalls();
    assert.equal((await confirmSignIn({ challengeResponse: await app.code() })).isSignedIn, true, wire(m2));
    const next = assertNewDevice(m2, false).DeviceKey;
    assert.notEqual(next, deviceKey);
    assert.deepEqual((await fetchDevices()).map((d) => d.id), [next]);
    await signOut();
  });
});
