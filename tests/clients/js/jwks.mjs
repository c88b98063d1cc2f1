// aws-jwt-verify's Node fetcher speaks only https; Cognate under test is plain http on
// loopback, so the JWKS is fetched with the global fetch. Everything else (JWKS parsing, kid
// lookup, signature and claim checks) stays the library's own code.
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

/** A JWKS cache for aws-jwt-verify that fetches over plain http. */
export function httpJwksCache() {
  return new SimpleJwksCache({
    fetcher: {
      async fetch(uri) {
        const res = await fetch(uri);
        if (!res.ok) throw new Error(`GET ${uri} -> HTTP ${res.status}`);
        return res.arrayBuffer();
      },
    },
  });
}

/** A required setting from the Python driver. */
export function setting(name) {
  const v = process.env[name];
  if (!v) throw new Error(`environment variable ${name} is required`);
  return v;
}
