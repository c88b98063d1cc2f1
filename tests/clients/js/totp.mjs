// RFC 6238 TOTP (HMAC-SHA1, 30-s step, 6 digits) from a base32 secret, for the MFA tests.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(secret) {
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of secret.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase()) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${JSON.stringify(secret)}`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export const currentStep = (now = Date.now()) => Math.floor(now / 30000);

export function totpAt(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// A code that matches none of the steps around now.
export function wrongTotp(secret) {
  const now = currentStep();
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(secret, now + d)));
  for (let n = 0; ; n++) {
    const c = String((Number(totpAt(secret, now)) + 500000 + n) % 1000000).padStart(6, '0');
    if (!valid.has(c)) return c;
  }
}

// An authenticator app that never reuses a time step: the current step's code, or the next
// step's (Cognito accepts codes within ±30 s) when the current one was used, or it waits (at
// most one step) until the clock reaches a step it has not used.
export class Authenticator {
  constructor(secret, lastStep = null) {
    this.secret = secret;
    this.lastStep = lastStep;
  }

  async code() {
    const deadline = Date.now() + 32000;
    for (;;) {
      const now = currentStep();
      for (const s of [now, now + 1]) {
        if (this.lastStep === null || s > this.lastStep) {
          this.lastStep = s;
          return totpAt(this.secret, s);
        }
      }
      if (Date.now() > deadline) throw new Error('no unused TOTP step within the wait bound');
      await new Promise((r) => setTimeout(r, Math.max(200, (now + 1) * 30000 - Date.now() + 200)));
    }
  }
}
