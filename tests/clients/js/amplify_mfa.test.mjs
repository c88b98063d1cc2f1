// Seed 001's and seed 002's Amplify v6 MFA code against a running Cognate, with the real
// aws-amplify package: sign-up and e-mail confirmation, phone number + verification by SMS,
// SMS MFA (updateMFAPreference, signIn → CONFIRM_SIGN_IN_WITH_SMS_CODE → confirmSignIn), TOTP
// (setUpTOTP → getSetupUri → verifyTOTPSetup → updateMFAPreference → CONFIRM_SIGN_IN_WITH_TOTP_CODE),
// MFA selection, disabling MFA, token refresh, sign-out.
//
// Driven by tests/clients/python/test_mfa_clients.py, which sets:
//   COGNATE_ENDPOINT, POOL_ID, CLIENT_ID  the server and a seed-001 pool (software-token MFA switched
//                                         on with SetUserPoolMfaConfig) + app client (required)
//   USERNAME, PASSWORD, PHONE             a fresh e-mail address, a valid password, a fresh phone number
//   CODE_URL                              GET `${CODE_URL}?to=<address>` → newest e-mailed code (text)
//   SMS_CODE_URL                          GET `${SMS_CODE_URL}?to=<phone>` → newest SMS code (text);
//                                         `${SMS_CODE_URL}.json?to=<phone>` → {code, message, purpose}
// TOTP codes are computed here (./totp.mjs) from the shared secret Amplify hands out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { realFetch, calls, markCalls, callsSince, wire, env, steps } from './support.mjs';
import { Authenticator, currentStep, wrongTotp } from './totp.mjs';

// ---------------------------------------------------------------------------------------------
// Record every Cognito call the libraries make (Amplify calls the global fetch at request time),
// so the tests can check the wire flow (USER_SRP_AUTH, PASSWORD_VERIFIER, Session) and print the
// server's answers when something fails. The requests themselves are untouched.

import { Amplify } from 'aws-amplify';
import {
  signUp,
  confirmSignUp,
  signIn,
  confirmSignIn,
  signOut,
  getCurrentUser,
  fetchUserAttributes,
  fetchAuthSession,
  updateUserAttributes,
  updateMFAPreference,
  fetchMFAPreference,
  sendUserAttributeVerificationCode,
  confirmUserAttribute,
  setUpTOTP,
  verifyTOTPSetup,
} from 'aws-amplify/auth';

const endpoint = env('COGNATE_ENDPOINT').replace(/\/+$/, '');
const poolId = env('POOL_ID');
const clientId = env('CLIENT_ID');
const email = env('USERNAME');
const password = env('PASSWORD');
const phone = env('PHONE');
const codeUrl = env('CODE_URL');
const smsCodeUrl = env('SMS_CODE_URL');

async function fetchText(url) {
  const res = await realFetch(url);
  const text = (await res.text()).trim();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${text}`);
  return text;
}
const mailedCode = (address) => fetchText(`${codeUrl}?to=${encodeURIComponent(address)}`);
const smsCode = (to) => fetchText(`${smsCodeUrl}?to=${encodeURIComponent(to)}`);
const smsMessage = async (to) => JSON.parse(await fetchText(`${smsCodeUrl}.json?to=${encodeURIComponent(to)}`));
const maskedPhone = `+${'*'.repeat(phone.length - 5)}${phone.slice(-4)}`;

const import_meta_env = {
  VITE_AWS_REGION: poolId.split('_')[0],
  VITE_MFA_SMS_USER_POOL_ID: poolId,
  VITE_MFA_SMS_CLIENT_ID: clientId,
};

// =============================================================================================
// Seed 001 (Step 6, Step 7, "Enable TOTP") and seed 002 code, verbatim except where marked CHANGED.
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

    return { success: true, userId }
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

async function confirmMFACode(mfaCode) {
  try {
    const { isSignedIn } = await confirmSignIn({
      challengeResponse: mfaCode
    })

    console.log('MFA confirmed, signed in:', isSignedIn)
    return { success: true, isSignedIn }
  } catch (error) {
    console.error('MFA confirmation error:', error)
    throw error
  }
}

async function enableSMSMFA(phoneNumber) {
  try {
    // First, add/update phone number attribute if not already set
    if (phoneNumber) {
      await updateUserAttributes({
        userAttributes: {
          phone_number: phoneNumber // E.164 format: +15551234567
        }
      })
    }

    // Enable SMS MFA
    await updateMFAPreference({
      sms: 'PREFERRED'
    })

    console.log('SMS MFA enabled')
    return { success: true }
  } catch (error) {
    console.error('Enable MFA error:', error)
    throw error
  }
}

async function disableMFA() {
  try {
    await updateMFAPreference({
      sms: 'DISABLED',
      totp: 'DISABLED'
    })

    console.log('MFA disabled')
    return { success: true }
  } catch (error) {
    console.error('Disable MFA error:', error)
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

// Step 1: Request verification code
async function requestPhoneVerification() {
  try {
    await sendUserAttributeVerificationCode({ // CHANGED: verifyUserAttribute is not in Amplify v6
      userAttributeKey: 'phone_number'
    })

    console.log('Verification code sent to phone')
    return { success: true }
  } catch (error) {
    console.error('Request verification error:', error)
    throw error
  }
}

// Step 2: Confirm with code
async function confirmPhoneVerification(code) {
  try {
    await confirmUserAttribute({
      userAttributeKey: 'phone_number',
      confirmationCode: code
    })

    console.log('Phone number verified')
    return { success: true }
  } catch (error) {
    console.error('Confirm verification error:', error)
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

// seed 001 "Enable TOTP (Authenticator App) MFA"
// Step 1: Generate TOTP secret
async function setupTOTP() {
  try {
    const totpSetupDetails = await setUpTOTP()

    // Display QR code to user
    const qrCodeUrl = totpSetupDetails.getSetupUri('MyApp')

    return {
      success: true,
      secretCode: totpSetupDetails.sharedSecret,
      qrCodeUrl
    }
  } catch (error) {
    console.error('TOTP setup error:', error)
    throw error
  }
}

// Step 2: Verify TOTP code from authenticator app
async function verifyTOTP(totpCode) {
  try {
    await verifyTOTPSetup({ code: totpCode })

    // Enable TOTP as preferred MFA
    await updateMFAPreference({
      totp: 'PREFERRED'
    })

    console.log('TOTP MFA enabled')
    return { success: true }
  } catch (error) {
    console.error('TOTP verification error:', error)
    throw error
  }
}

// seed 002 mfa-preference.js
async function setMFAPreference(preferTotp) {
  if (preferTotp) {
    await updateMFAPreference({
      totp: 'PREFERRED',
      sms: 'ENABLED'
    });
  } else {
    await updateMFAPreference({
      sms: 'PREFERRED',
      totp: 'ENABLED'
    });
  }
}

// seed 002 mfa-sign-in.js
async function signInWithMFA(email, password) {
  // Step 1: Initial sign-in
  const signInResult = await signIn({
    username: email,
    password: password
  });

  // Step 2: Check if MFA is required
  if (signInResult.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_TOTP_CODE') {
    console.log('TOTP code required');
    // Prompt user for their authenticator code
    return { requiresMFA: true, mfaType: 'TOTP' };
  }

  if (signInResult.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE') {
    console.log('SMS code sent to:', signInResult.nextStep.codeDeliveryDetails);
    return { requiresMFA: true, mfaType: 'SMS' };
  }

  // No MFA required
  console.log('Sign-in complete');
  return { requiresMFA: false };
}

// =============================================================================================

function isError(name) {
  return (e) => {
    assert.equal(e?.name, name, `expected ${name}, got ${e?.name}: ${e?.message}\n${wire()}`);
    return true;
  };
}

const sorted = (a) => [...(a ?? [])].sort();

test('seed 001/002 Amplify v6 MFA flows', async (t) => {
  configureMFASMS();
  const name = 'MFA Tester';
  let userId;
  const step = steps(t);
  let app; // the TOTP authenticator

  await step('signUp (seed signup) + confirmSignUp with the e-mailed code (seed confirmEmail)', async () => {
    const out = await signup(email, password, name);
    userId = out.userId;
    assert.equal(out.success, true);
    assert.deepEqual(await confirmEmail(email, await mailedCode(email)), { success: true });
  });

  await step('signIn without MFA (seed login) → isSignedIn', async () => {
    const mark = markCalls();
    assert.deepEqual(await login(email, password), { success: true, isSignedIn: true }, wire(mark));
    assert.deepEqual(await getMFAStatus(), { enabled: [], preferred: undefined });
  });

  await step('seed enableSMSMFA(phone): updateUserAttributes(phone_number) + updateMFAPreference({sms: PREFERRED})', async () => {
    const mark = markCalls();
    assert.deepEqual(await enableSMSMFA(phone), { success: true }, wire(mark));
    const set = callsSince(mark).find((c) => c.op === 'SetUserMFAPreference');
    assert.deepEqual(set.body.SMSMfaSettings, { Enabled: true, PreferredMfa: true });
    assert.equal(set.status, 200, wire(mark));
    assert.deepEqual(await getMFAStatus(), { enabled: ['SMS'], preferred: 'SMS' });
  });

  await step('phone verification: sendUserAttributeVerificationCode → SMS → confirmUserAttribute', async () => {
    assert.deepEqual(await requestPhoneVerification(), { success: true });
    const code = await smsCode(phone);
    assert.match(code, /^\d{6}$/);
    assert.deepEqual(await confirmPhoneVerification(code), { success: true });
    const info = await getCurrentUserInfo();
    assert.deepEqual(info, {
      userId,
      username: userId,
      email,
      name,
      phoneNumber: phone,
      emailVerified: true,
      phoneVerified: true,
      mfaEnabled: ['SMS'],
      mfaPreferred: 'SMS',
    });
  });

  await step('signOut, signIn → CONFIRM_SIGN_IN_WITH_SMS_CODE with codeDeliveryDetails', async () => {
    assert.deepEqual(await logout(), { success: true });
    const mark = markCalls();
    const out = await signIn({ username: email, password });
    assert.equal(out.isSignedIn, false, wire(mark));
    assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `${JSON.stringify(out)}\n${wire(mark)}`);
    assert.deepEqual(out.nextStep.codeDeliveryDetails, { deliveryMedium: 'SMS', destination: maskedPhone });
    // Amplify's default flow: the SMS_MFA challenge answers the SRP PASSWORD_VERIFIER step
    const verifier = callsSince(mark).find((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(verifier.body.ChallengeName, 'PASSWORD_VERIFIER');
    assert.equal(verifier.response.ChallengeName, 'SMS_MFA', wire(mark));
    const sms = await smsMessage(phone);
    assert.equal(sms.message, `Your MFA code is ${sms.code}`);
    assert.equal(sms.purpose, 'mfa');
    // a wrong code first: CodeMismatchException, and the sign-in can go on
    await assert.rejects(confirmMFACode(sms.code === '000000' ? '111111' : '000000'), isError('CodeMismatchException'));
    const m2 = markCalls();
    assert.deepEqual(await confirmMFACode(sms.code), { success: true, isSignedIn: true }, wire(m2));
    const answer = callsSince(m2).find((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(answer.body.ChallengeName, 'SMS_MFA');
    assert.equal(answer.body.ChallengeResponses.SMS_MFA_CODE, sms.code);
    assert.equal((await getCurrentUser()).userId, userId);
  });

  await step('setUpTOTP (seed setupTOTP) and getSetupUri("MyApp", email) (seed 002)', async () => {
    const mark = markCalls();
    const out = await setupTOTP();
    assert.equal(out.success, true, wire(mark));
    const secret = out.secretCode;
    assert.match(secret, /^[A-Z2-7]{16,}=*$/);
    // Amplify builds otpauth://totp/MyApp:<account>?secret=<SecretCode>&issuer=MyApp; without an
    // account name it uses JSON.stringify(cognito:username), quotes included (Amplify's quirk).
    const qr = new URL(out.qrCodeUrl.toString());
    assert.equal(qr.protocol, 'otpauth:');
    assert.equal(qr.searchParams.get('secret'), secret);
    assert.equal(qr.searchParams.get('issuer'), 'MyApp');
    assert.ok(decodeURIComponent(qr.pathname).includes(userId), qr.toString());
    const details = await setUpTOTP(); // a new pending secret replaces the previous one
    assert.match(details.sharedSecret, /^[A-Z2-7]{16,}=*$/);
    const uri = details.getSetupUri('MyApp', email);
    assert.equal(uri.toString(), `otpauth://totp/MyApp:${email}?secret=${details.sharedSecret}&issuer=MyApp`);
    app = new Authenticator(details.sharedSecret);
  });

  await step('verifyTOTPSetup with a wrong code is refused; seed verifyTOTP(code) → TOTP preferred', async () => {
    await assert.rejects(verifyTOTPSetup({ code: wrongTotp(app.secret) }), (e) => {
      assert.ok(['EnableSoftwareTokenMFAException', 'CodeMismatchException'].includes(e?.name), `${e?.name}: ${e?.message}`);
      return true;
    });
    const mark = markCalls();
    assert.deepEqual(await verifyTOTP(await app.code()), { success: true }, wire(mark));
    const verify = callsSince(mark).find((c) => c.op === 'VerifySoftwareToken');
    assert.equal(verify.response?.Status, 'SUCCESS', wire(mark));
    const pref = await fetchMFAPreference();
    assert.deepEqual(sorted(pref.enabled), ['SMS', 'TOTP']);
    assert.equal(pref.preferred, 'TOTP');
  });

  await step('seed 002 setMFAPreference(true) → fetchMFAPreference {enabled: [SMS, TOTP], preferred: TOTP}', async () => {
    await setMFAPreference(true);
    const pref = await fetchMFAPreference();
    assert.deepEqual(sorted(pref.enabled), ['SMS', 'TOTP']);
    assert.equal(pref.preferred, 'TOTP');
  });

  await step('signOut, signIn (seed 002 signInWithMFA) → TOTP; confirmSignIn with a fresh code', async () => {
    assert.deepEqual(await logout(), { success: true });
    assert.deepEqual(await signInWithMFA(email, password), { requiresMFA: true, mfaType: 'TOTP' }, wire());
    await assert.rejects(confirmMFACode(wrongTotp(app.secret)), isError('CodeMismatchException'));
    const code = await app.code(); // never the step used by verifyTOTPSetup
    const mark = markCalls();
    assert.deepEqual(await confirmMFACode(code), { success: true, isSignedIn: true }, wire(mark));
    const answer = callsSince(mark).find((c) => c.op === 'RespondToAuthChallenge');
    assert.equal(answer.body.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(answer.body.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE, code);
    // the same code cannot sign in again within its step (Cognito: "Your software token has
    // already been used once."), and the sign-in can go on
    assert.deepEqual(await logout(), { success: true });
    assert.deepEqual(await login(email, password), { success: false, mfaRequired: true, nextStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    if (currentStep() <= app.lastStep + 1) {
      await assert.rejects(confirmMFACode(code), isError('ExpiredCodeException'));
    }
    assert.deepEqual(await confirmMFACode(await app.code()), { success: true, isSignedIn: true }, wire());
  });

  await step('fetchAuthSession({ forceRefresh: true }) after an MFA sign-in: new tokens, no challenge', async () => {
    const before = (await fetchAuthSession()).tokens.accessToken;
    await new Promise((r) => setTimeout(r, 1100));
    const mark = markCalls();
    const s = await fetchAuthSession({ forceRefresh: true });
    const after = s.tokens?.accessToken;
    assert.ok(after, wire(mark));
    assert.notEqual(after.toString(), before.toString());
    assert.ok(after.payload.iat > before.payload.iat);
    assert.equal(after.payload.sub, userId);
    assert.equal((await fetchUserAttributes()).sub, userId);
  });

  await step('both enabled, none preferred → CONTINUE_SIGN_IN_WITH_MFA_SELECTION → TOTP', async () => {
    await updateMFAPreference({ sms: 'NOT_PREFERRED', totp: 'NOT_PREFERRED' });
    const pref = await fetchMFAPreference();
    assert.deepEqual(sorted(pref.enabled), ['SMS', 'TOTP']);
    assert.equal(pref.preferred, undefined);
    assert.deepEqual(await logout(), { success: true });
    const mark = markCalls();
    const out = await signIn({ username: email, password });
    assert.equal(out.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', `${JSON.stringify(out)}\n${wire(mark)}`);
    assert.deepEqual(sorted(out.nextStep.allowedMFATypes), ['SMS', 'TOTP']);
    const next = await confirmSignIn({ challengeResponse: 'TOTP' });
    assert.equal(next.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', wire(mark));
    assert.deepEqual(await confirmMFACode(await app.code()), { success: true, isSignedIn: true }, wire(mark));
  });

  await step('seed disableMFA → signOut → signIn completes without a challenge', async () => {
    assert.deepEqual(await disableMFA(), { success: true });
    assert.deepEqual(await getMFAStatus(), { enabled: [], preferred: undefined });
    assert.deepEqual(await logout(), { success: true });
    const mark = markCalls();
    assert.deepEqual(await login(email, password), { success: true, isSignedIn: true }, wire(mark));
    assert.equal((await getCurrentUser()).userId, userId);
    const s = await fetchAuthSession({ forceRefresh: true });
    assert.equal(s.tokens?.accessToken?.payload.sub, userId);
    assert.deepEqual(await logout(), { success: true });
  });
});
