//! Constant-time modular exponentiation `base^exp mod n` for a fixed odd modulus, computed by
//! aws-lc's Montgomery code (`BN_mod_exp_mont_consttime`, with its x86-64/ARM assembly).
//!
//! SRP's server step raises values to its secret exponent `b`; this keeps that constant-time
//! and several times faster than a portable big-integer library. Inputs and outputs are
//! big-endian byte strings so that callers keep their own integer type.
//!
//! This is the only crate in the workspace that calls C. Everything unsafe is here: owned
//! handles freed on drop, lengths passed with every pointer, and results checked.

#![allow(
    unsafe_code,
    reason = "the FFI boundary to aws-lc; each block states its invariants in a SAFETY comment"
)]

use std::ptr::{self, NonNull};

use aws_lc_sys::{
    BN_CTX_free, BN_CTX_new, BN_MONT_CTX_free, BN_MONT_CTX_new_for_modulus, BN_bin2bn,
    BN_bn2bin_padded, BN_free, BN_from_montgomery, BN_is_odd, BN_mod_exp_mont,
    BN_mod_exp_mont_consttime, BN_mod_mul_montgomery, BN_new, BN_num_bytes, BN_to_montgomery,
    BN_ucmp, BIGNUM, BN_CTX, BN_MONT_CTX,
};

/// What can go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ModexpError {
    /// The modulus is even, zero or one.
    #[error("modulus must be odd and greater than one")]
    InvalidModulus,
    /// The base is not below the modulus.
    #[error("base must be below the modulus")]
    BaseTooLarge,
    /// The exponent is longer than a fixed-base table covers.
    #[error("exponent too large for the fixed-base table")]
    ExponentTooLarge,
    /// aws-lc could not allocate or compute.
    #[error("aws-lc failed")]
    Backend,
}

/// An owned `BIGNUM`.
struct Bn(NonNull<BIGNUM>);

impl Bn {
    fn from_be(bytes: &[u8]) -> Result<Bn, ModexpError> {
        // SAFETY: `bytes` is valid for `bytes.len()` reads; a null `ret` asks aws-lc to
        // allocate a new BIGNUM, which we own from here on.
        let raw = unsafe { BN_bin2bn(bytes.as_ptr(), bytes.len(), ptr::null_mut()) };
        NonNull::new(raw).map(Bn).ok_or(ModexpError::Backend)
    }

    fn new() -> Result<Bn, ModexpError> {
        // SAFETY: BN_new has no preconditions; a non-null result is owned by us.
        NonNull::new(unsafe { BN_new() })
            .map(Bn)
            .ok_or(ModexpError::Backend)
    }

    fn as_ptr(&self) -> *const BIGNUM {
        self.0.as_ptr()
    }

    fn to_be_padded(&self, len: usize) -> Result<Vec<u8>, ModexpError> {
        let mut out = vec![0_u8; len];
        // SAFETY: `out` is valid for `len` writes and `self` is a live BIGNUM.
        let ok = unsafe { BN_bn2bin_padded(out.as_mut_ptr(), len, self.as_ptr()) };
        if ok == 1 {
            Ok(out)
        } else {
            Err(ModexpError::Backend)
        }
    }
}

impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: we own the BIGNUM and free it exactly once.
        unsafe { BN_free(self.0.as_ptr()) }
    }
}

/// An owned `BN_CTX` (scratch space for one computation).
struct Ctx(NonNull<BN_CTX>);

impl Ctx {
    fn new() -> Result<Ctx, ModexpError> {
        // SAFETY: BN_CTX_new has no preconditions; a non-null result is owned by us.
        NonNull::new(unsafe { BN_CTX_new() })
            .map(Ctx)
            .ok_or(ModexpError::Backend)
    }
}

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: we own the BN_CTX and free it exactly once.
        unsafe { BN_CTX_free(self.0.as_ptr()) }
    }
}

/// A fixed odd modulus with its Montgomery constants, shareable between threads.
pub struct Modulus {
    n: Bn,
    mont: NonNull<BN_MONT_CTX>,
    len: usize,
}

// SAFETY: after construction neither the BIGNUM nor the BN_MONT_CTX is mutated; aws-lc reads
// them through const pointers only (BN_mod_exp_mont_consttime takes `const BN_MONT_CTX *`), so
// concurrent use from several threads is sound, as is moving them between threads.
unsafe impl Send for Modulus {}
// SAFETY: see `Send`: shared access is read-only.
unsafe impl Sync for Modulus {}

impl Modulus {
    /// Prepares `n` (big-endian).
    ///
    /// # Errors
    /// [`ModexpError::InvalidModulus`] when `n` is even or below 3.
    pub fn new(n_be: &[u8]) -> Result<Modulus, ModexpError> {
        let n = Bn::from_be(n_be)?;
        // SAFETY: `n` is a live BIGNUM.
        let (odd, len) = unsafe { (BN_is_odd(n.as_ptr()) == 1, BN_num_bytes(n.as_ptr())) };
        let len = usize::try_from(len).map_err(|_| ModexpError::Backend)?;
        if !odd || (len == 1 && n_be.last().is_some_and(|b| *b < 3)) {
            return Err(ModexpError::InvalidModulus);
        }
        let ctx = Ctx::new()?;
        // SAFETY: `n` and `ctx` are live; the returned context is owned by `Modulus` and freed
        // in its Drop.
        let mont = unsafe { BN_MONT_CTX_new_for_modulus(n.as_ptr(), ctx.0.as_ptr()) };
        let mont = NonNull::new(mont).ok_or(ModexpError::Backend)?;
        Ok(Modulus { n, mont, len })
    }

    /// Length of the modulus in bytes (and of every result).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a modulus has at least one byte.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// `base^exp mod n`, big-endian and left-padded to [`Modulus::len`] bytes. Runs in time
    /// independent of the values of `base` and `exp` (not of their lengths): use it for secret
    /// exponents.
    ///
    /// # Errors
    /// [`ModexpError::BaseTooLarge`] unless `base < n`; [`ModexpError::Backend`] if aws-lc fails.
    pub fn pow(&self, base_be: &[u8], exp_be: &[u8]) -> Result<Vec<u8>, ModexpError> {
        self.exp(base_be, exp_be, true)
    }

    /// [`Modulus::pow`] for a public exponent: time may depend on the exponent's bits, and
    /// it is faster.
    ///
    /// # Errors
    /// As [`Modulus::pow`].
    pub fn pow_public_exponent(
        &self,
        base_be: &[u8],
        exp_be: &[u8],
    ) -> Result<Vec<u8>, ModexpError> {
        self.exp(base_be, exp_be, false)
    }

    fn exp(&self, base_be: &[u8], exp_be: &[u8], consttime: bool) -> Result<Vec<u8>, ModexpError> {
        let base = Bn::from_be(base_be)?;
        // SAFETY: both are live BIGNUMs.
        if unsafe { BN_ucmp(base.as_ptr(), self.n.as_ptr()) } >= 0 {
            return Err(ModexpError::BaseTooLarge);
        }
        let exp = Bn::from_be(exp_be)?;
        let out = Bn::new()?;
        let ctx = Ctx::new()?;
        let f = if consttime {
            BN_mod_exp_mont_consttime
        } else {
            BN_mod_exp_mont
        };
        // SAFETY: every pointer is a live object we own or borrow for the call; `base < n`
        // holds as both functions require; `mont` was made for `n`.
        let ok = unsafe {
            f(
                out.0.as_ptr(),
                base.as_ptr(),
                exp.as_ptr(),
                self.n.as_ptr(),
                ctx.0.as_ptr(),
                self.mont.as_ptr(),
            )
        };
        if ok != 1 {
            return Err(ModexpError::Backend);
        }
        out.to_be_padded(self.len)
    }
}

impl Modulus {
    /// `r = a·b·R⁻¹ mod n` (Montgomery multiplication) into a new BIGNUM.
    fn mont_mul(&self, a: &Bn, b: &Bn, ctx: &Ctx) -> Result<Bn, ModexpError> {
        let out = Bn::new()?;
        // SAFETY: all live; `mont` belongs to `n`; `out` is distinct from the inputs.
        let ok = unsafe {
            BN_mod_mul_montgomery(
                out.0.as_ptr(),
                a.as_ptr(),
                b.as_ptr(),
                self.mont.as_ptr(),
                ctx.0.as_ptr(),
            )
        };
        if ok == 1 {
            Ok(out)
        } else {
            Err(ModexpError::Backend)
        }
    }

    /// `a` (below n) into or out of Montgomery form.
    fn convert(&self, a: &Bn, ctx: &Ctx, into: bool) -> Result<Bn, ModexpError> {
        let out = Bn::new()?;
        let f = if into {
            BN_to_montgomery
        } else {
            BN_from_montgomery
        };
        // SAFETY: all live; `mont` belongs to `n`; `out` is distinct from `a`.
        let ok = unsafe {
            f(
                out.0.as_ptr(),
                a.as_ptr(),
                self.mont.as_ptr(),
                ctx.0.as_ptr(),
            )
        };
        if ok == 1 {
            Ok(out)
        } else {
            Err(ModexpError::Backend)
        }
    }
}

/// `g^e mod n` for a fixed base `g` and exponents up to a fixed length, by a comb of
/// precomputed powers `g^(j·256^i)` kept in Montgomery form: at most one Montgomery
/// multiplication per exponent byte. Not constant-time (the table is indexed by the exponent's
/// bytes); meant for exponents whose timing may show (the client side of tests and benchmarks).
pub struct FixedBase {
    modulus: Modulus,
    /// `rows[i][j] = g^(j·256^i)·R mod n`.
    rows: Vec<Vec<Bn>>,
    /// `R mod n`, Montgomery's one.
    one: Bn,
}

// SAFETY: like `Modulus`, the table is never mutated after construction and aws-lc only reads
// it (through const pointers), so sharing and sending between threads is sound.
unsafe impl Send for FixedBase {}
// SAFETY: see `Send`.
unsafe impl Sync for FixedBase {}

impl FixedBase {
    /// Builds the table for `g` modulo `n` (both big-endian) and exponents of at most
    /// `exponent_bytes` bytes (256 × `exponent_bytes` entries).
    ///
    /// # Errors
    /// [`ModexpError::InvalidModulus`] as [`Modulus::new`]; [`ModexpError::BaseTooLarge`]
    /// unless `g < n`.
    pub fn new(n_be: &[u8], g_be: &[u8], exponent_bytes: usize) -> Result<FixedBase, ModexpError> {
        let modulus = Modulus::new(n_be)?;
        let g = Bn::from_be(g_be)?;
        // SAFETY: both live.
        if unsafe { BN_ucmp(g.as_ptr(), modulus.n.as_ptr()) } >= 0 {
            return Err(ModexpError::BaseTooLarge);
        }
        let ctx = Ctx::new()?;
        let one = modulus.convert(&Bn::from_be(&[1])?, &ctx, true)?;
        let mut base = modulus.convert(&g, &ctx, true)?;
        let mut rows = Vec::with_capacity(exponent_bytes);
        for _ in 0..exponent_bytes {
            let mut row = Vec::with_capacity(256);
            let mut acc = modulus.convert(&Bn::from_be(&[1])?, &ctx, true)?;
            for _ in 0..256 {
                let next = modulus.mont_mul(&acc, &base, &ctx)?;
                row.push(acc);
                acc = next;
            }
            // acc = base^256: the next row's base.
            base = acc;
            rows.push(row);
        }
        Ok(FixedBase { modulus, rows, one })
    }

    /// `g^e mod n` for `e` (big-endian) of at most the table's length, padded to the modulus
    /// length.
    ///
    /// # Errors
    /// [`ModexpError::ExponentTooLarge`] when `e` has more significant bytes than the table.
    pub fn pow(&self, e_be: &[u8]) -> Result<Vec<u8>, ModexpError> {
        let significant = e_be.iter().skip_while(|b| **b == 0).count();
        if significant > self.rows.len() {
            return Err(ModexpError::ExponentTooLarge);
        }
        let ctx = Ctx::new()?;
        let mut acc: Option<Bn> = None;
        for (row, byte) in self.rows.iter().zip(e_be.iter().rev()) {
            if *byte == 0 {
                continue;
            }
            let factor = &row[usize::from(*byte)];
            acc = Some(match acc {
                None => self.modulus.mont_mul(factor, &self.one, &ctx)?,
                Some(a) => self.modulus.mont_mul(&a, factor, &ctx)?,
            });
        }
        let acc = match acc {
            Some(a) => a,
            None => self.modulus.mont_mul(&self.one, &self.one, &ctx)?,
        };
        self.modulus
            .convert(&acc, &ctx, false)?
            .to_be_padded(self.modulus.len)
    }
}

impl Drop for Modulus {
    fn drop(&mut self) {
        // SAFETY: we own the Montgomery context and free it exactly once.
        unsafe { BN_MONT_CTX_free(self.mont.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use num_bigint::BigUint;
    use rand::RngCore;

    use super::*;

    fn random(len: usize) -> Vec<u8> {
        let mut v = vec![0_u8; len];
        rand::thread_rng().fill_bytes(&mut v);
        v
    }

    #[test]
    fn agrees_with_num_bigint_on_random_inputs() {
        for (n_len, e_len) in [(8, 4), (48, 32), (384, 32), (384, 384)] {
            let mut n = random(n_len);
            n[0] |= 0x80;
            n[n_len - 1] |= 1;
            let modulus = Modulus::new(&n).unwrap();
            let big_n = BigUint::from_bytes_be(&n);
            for _ in 0..8 {
                let base = BigUint::from_bytes_be(&random(n_len)) % &big_n;
                let exp = random(e_len);
                let got = modulus.pow(&base.to_bytes_be(), &exp).unwrap();
                let want = base.modpow(&BigUint::from_bytes_be(&exp), &big_n);
                assert_eq!(got.len(), n_len);
                assert_eq!(BigUint::from_bytes_be(&got), want);
                let public = modulus
                    .pow_public_exponent(&base.to_bytes_be(), &exp)
                    .unwrap();
                assert_eq!(public, got);
            }
        }
    }

    #[test]
    fn edge_values() {
        let modulus = Modulus::new(&[0x01, 0x01]).unwrap(); // 257
        assert_eq!(modulus.pow(&[5], &[]).unwrap(), vec![0, 1]);
        assert_eq!(modulus.pow(&[0], &[3]).unwrap(), vec![0, 0]);
        assert_eq!(modulus.pow(&[2], &[8]).unwrap(), vec![1, 0]); // 2^8 = 256 = -1
        assert_eq!(
            modulus.pow(&[0x01, 0x01], &[1]),
            Err(ModexpError::BaseTooLarge)
        );
        assert!(matches!(
            Modulus::new(&[0x10]),
            Err(ModexpError::InvalidModulus)
        ));
        assert!(matches!(
            Modulus::new(&[1]),
            Err(ModexpError::InvalidModulus)
        ));
    }

    #[test]
    fn fixed_base_agrees_with_num_bigint() {
        let mut n = random(384);
        n[0] |= 0x80;
        n[383] |= 1;
        let big_n = BigUint::from_bytes_be(&n);
        let table = FixedBase::new(&n, &[2], 32).unwrap();
        for e in [
            vec![],
            vec![0, 0, 5],
            vec![1; 32],
            random(32),
            random(20),
            vec![0xff; 32],
        ] {
            let got = table.pow(&e).unwrap();
            let want = BigUint::from(2_u32).modpow(&BigUint::from_bytes_be(&e), &big_n);
            assert_eq!(BigUint::from_bytes_be(&got), want, "{e:?}");
            assert_eq!(got.len(), 384);
        }
        let mut long = vec![1_u8; 33];
        assert_eq!(table.pow(&long), Err(ModexpError::ExponentTooLarge));
        long[0] = 0;
        assert!(table.pow(&long).is_ok(), "leading zero bytes do not count");
    }

    #[test]
    #[ignore = "micro-benchmark"]
    fn timing_3072_bit_modulus_256_bit_exponent() {
        let mut n = random(384);
        n[0] |= 0x80;
        n[383] |= 1;
        let modulus = Modulus::new(&n).unwrap();
        let big_n = BigUint::from_bytes_be(&n);
        let base = BigUint::from_bytes_be(&random(384)) % &big_n;
        let (base_be, exp) = (base.to_bytes_be(), random(32));
        let rounds = 200_u32;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(modulus.pow(&base_be, &exp).unwrap());
        }
        let aws = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(modulus.pow_public_exponent(&base_be, &exp).unwrap());
        }
        let public = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
        let e = BigUint::from_bytes_be(&exp);
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(base.modpow(&e, &big_n));
        }
        let num = start.elapsed().as_secs_f64() * 1000.0 / f64::from(rounds);
        println!(
            "3072-bit, 256-bit exponent: aws-lc {aws:.3} ms (public exponent {public:.3} ms), \
             num-bigint {num:.3} ms"
        );
    }
}
