// The browser side of amplify_redirect.test.mjs: a one-page app using Amplify JS v6's hosted
// sign-in ("signInWithRedirect") against Cognate. Not a test file of its own: the test bundles
// it with esbuild (platform browser) and serves it from a small node:http server, with the
// settings in `window.cognateConfig` (set by the page before this script runs):
//   { userPoolId, userPoolClientId, endpoint: 'https://127.0.0.1:PORT', appOrigin: 'http://localhost:APP' }
//
// What it exposes for Playwright:
//   window.result         set once the page has settled after loading: { signedIn, username,
//                         userId, idTokenPayload, accessTokenPayload, ... } or { signedIn: false, error }
//   window.amplifyEvents  the Hub 'auth' events so far, e.g. signInWithRedirect, signedIn, signedOut
//   window.app            the Amplify calls: signIn(), session(forceRefresh), user(), attributes(), signOut()
// and the same in the DOM: button#sign-in (calls signInWithRedirect), pre#status (window.result).

import { Amplify } from 'aws-amplify';
// Completes an in-flight redirect sign-in (the `?code=` on this page) once Amplify is
// configured; signInWithRedirect imports it too, imported here as the docs ask for a
// multi-page / redirect setup.
import 'aws-amplify/auth/enable-oauth-listener';
import { fetchAuthSession, fetchUserAttributes, getCurrentUser, signInWithRedirect, signOut } from 'aws-amplify/auth';
import { Hub } from 'aws-amplify/utils';

const config = window.cognateConfig;
const endpoint = new URL(config.endpoint);

/** An error as plain data (Amplify's AuthError carries name, message, recoverySuggestion, underlyingError). */
function describeError(e) {
  if (!e || typeof e !== 'object') return { message: String(e) };
  return {
    name: e.name,
    message: e.message,
    recoverySuggestion: e.recoverySuggestion,
    underlyingError: e.underlyingError ? describeError(e.underlyingError) : undefined,
  };
}

const events = [];
window.amplifyEvents = events;
Hub.listen('auth', ({ payload }) => {
  events.push({ event: payload.event, error: payload.data?.error ? describeError(payload.data.error) : undefined });
  render();
});

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: config.userPoolId,
      userPoolClientId: config.userPoolClientId,
      // the JSON API (GetTokensFromRefreshToken, RevokeToken, GetUser) on Cognate's origin
      userPoolEndpoint: endpoint.origin,
      loginWith: {
        oauth: {
          domain: endpoint.host, // Amplify prefixes https://
          scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
          redirectSignIn: [`${config.appOrigin}/`],
          redirectSignOut: [`${config.appOrigin}/signed-out`],
          responseType: 'code',
        },
      },
    },
  },
});

/** What fetchAuthSession gave, as plain data (the raw tokens too, for the test's own checks). */
function sessionData(session) {
  const { tokens } = session;
  return {
    userSub: session.userSub,
    idToken: tokens?.idToken?.toString(),
    accessToken: tokens?.accessToken?.toString(),
    idTokenPayload: tokens?.idToken?.payload,
    accessTokenPayload: tokens?.accessToken?.payload,
  };
}

/** Runs `fn`; resolves `{ ok: value }` or `{ error }` so Playwright gets the failure as data. */
async function attempt(fn) {
  try {
    return { ok: await fn() };
  } catch (e) {
    return { error: describeError(e) };
  }
}

window.app = {
  signIn: () => attempt(() => signInWithRedirect()),
  session: (forceRefresh = false) => attempt(async () => sessionData(await fetchAuthSession({ forceRefresh }))),
  user: () => attempt(async () => ({ ...(await getCurrentUser()) })),
  attributes: () => attempt(() => fetchUserAttributes()),
  signOut: () => attempt(() => signOut()),
};

function render() {
  const status = document.getElementById('status');
  if (!status) return;
  // the claims, not the raw tokens (those stay in window.result)
  const { idToken, accessToken, ...shown } = window.result ?? {};
  status.textContent = JSON.stringify({ result: window.result ? shown : null, events }, null, 1);
}

document.getElementById('sign-in').addEventListener('click', async () => {
  const out = await window.app.signIn();
  if (out.error) {
    window.signInError = out.error;
    render();
  }
});

// On load: getCurrentUser waits for an in-flight redirect sign-in (the code exchange) to settle.
(async () => {
  const user = await attempt(() => getCurrentUser());
  if (user.error) {
    window.result = { signedIn: false, error: user.error };
  } else {
    const session = await attempt(async () => sessionData(await fetchAuthSession()));
    window.result = session.error
      ? { signedIn: false, username: user.ok.username, error: session.error }
      : { signedIn: true, username: user.ok.username, userId: user.ok.userId, ...session.ok };
  }
  window.result.url = window.location.href;
  render();
})();
