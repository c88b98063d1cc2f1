//! The server master key and everything derived from it: sealing secrets at rest
//! (AES-256-GCM) and keyed hashes of codes and tokens (HMAC-SHA256).
//!
//! The master key is never used directly. Each operation derives a 32-byte subkey with
//! HKDF-SHA256 (RFC 5869, empty salt) whose `info` names the operation and a caller-chosen
//! *purpose* string:
//!
//! * sealing: `info = "cognate seal " || purpose`, and the purpose is also the AEAD's associated
//!   data, so a box sealed for one purpose cannot be opened (or swapped in) as another;
//! * MACs: `info = "cognate mac " || purpose`.
//!
//! Sealing and MACs start from the same 32 bytes. When the deployment moves to a new master key,
//! the new key seals from its own bytes but keeps deriving MACs from the first key's (its *MAC
//! root*, kept sealed by the store): keyed hashes stored in the database and values derived from
//! them, such as device group keys, cannot be recomputed under another key.
//!
//! Sealed format (version 1): `0x01 || nonce (12 random bytes) || ciphertext || tag (16 bytes)`.

use std::fmt;
use std::sync::Arc;

use aws_lc_rs::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use aws_lc_rs::hmac;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::random::random_bytes;

/// Length in bytes of a [`MasterKey`].
pub const MASTER_KEY_LEN: usize = 32;

/// Version byte that starts every sealed box produced by [`MasterKey::seal`].
const SEAL_VERSION: u8 = 1;

/// Length of the AES-GCM authentication tag appended to the ciphertext.
const TAG_LEN: usize = 16;

/// HKDF `info` prefix of sealing subkeys.
const SEAL_LABEL: &str = "cognate seal ";

/// HKDF `info` prefix of MAC subkeys.
const MAC_LABEL: &str = "cognate mac ";

/// Purpose under which a MAC root is sealed.
const MAC_ROOT_PURPOSE: &str = "mac-root";

/// Standard alphabet; accepts input with or without `=` padding.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Errors from loading a master key, sealing, or opening a sealed box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretBoxError {
    /// The key material is not exactly 32 bytes.
    #[error("master key must be exactly 32 bytes")]
    KeyLength,
    /// The key text is not valid base64.
    #[error("master key is not valid base64")]
    KeyEncoding,
    /// The sealed box is too short, has an unknown version byte, or (for
    /// [`MasterKey::open_b64`]) is not base64.
    #[error("sealed data is malformed")]
    Malformed,
    /// Authentication failed: wrong key, wrong purpose, or tampered data.
    #[error("sealed data failed to decrypt")]
    Decrypt,
    /// The plaintext is over AES-GCM's limit of about 64 GiB.
    #[error("plaintext too large to seal")]
    TooLarge,
}

/// The server's 32-byte master key.
///
/// Cheap to clone (the bytes live behind an `Arc`), wiped from memory when the last clone is
/// dropped, and redacted in `Debug` output.
#[derive(Clone)]
pub struct MasterKey {
    bytes: Arc<Zeroizing<[u8; MASTER_KEY_LEN]>>,
    /// What MAC subkeys derive from: `bytes` itself, or an earlier master key's root given by
    /// [`MasterKey::with_sealed_mac_root`].
    mac_root: Arc<Zeroizing<[u8; MASTER_KEY_LEN]>>,
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(..)")
    }
}

impl MasterKey {
    /// Generates a fresh random master key from the operating system's CSPRNG.
    #[must_use]
    pub fn generate() -> MasterKey {
        let random = Zeroizing::new(random_bytes(MASTER_KEY_LEN));
        let mut bytes = Zeroizing::new([0_u8; MASTER_KEY_LEN]);
        bytes.copy_from_slice(&random);
        MasterKey::own_root(bytes)
    }

    /// A key whose MACs derive from its own bytes.
    fn own_root(bytes: Zeroizing<[u8; MASTER_KEY_LEN]>) -> MasterKey {
        let bytes = Arc::new(bytes);
        MasterKey {
            mac_root: Arc::clone(&bytes),
            bytes,
        }
    }

    /// Builds a master key from raw bytes, which must be exactly 32 long.
    ///
    /// # Errors
    /// [`SecretBoxError::KeyLength`] for any other length.
    pub fn from_bytes(bytes: &[u8]) -> Result<MasterKey, SecretBoxError> {
        if bytes.len() != MASTER_KEY_LEN {
            return Err(SecretBoxError::KeyLength);
        }
        let mut key = Zeroizing::new([0_u8; MASTER_KEY_LEN]);
        key.copy_from_slice(bytes);
        Ok(MasterKey::own_root(key))
    }

    /// Encodes the key as standard base64 with padding (44 characters, no newline); this is the
    /// content of the key file, which conventionally ends with a newline.
    #[must_use]
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.bytes.as_slice())
    }

    /// Parses a key from base64 text as written by [`MasterKey::to_base64`].
    ///
    /// Lenient: whitespace anywhere (leading/trailing newlines, line breaks) is ignored and the
    /// trailing `=` padding is optional.
    ///
    /// # Errors
    /// [`SecretBoxError::KeyEncoding`] if the text is not base64, [`SecretBoxError::KeyLength`] if
    /// it does not decode to 32 bytes.
    pub fn from_base64(text: &str) -> Result<MasterKey, SecretBoxError> {
        let compact: Zeroizing<String> =
            Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect());
        let decoded = Zeroizing::new(
            LENIENT_STANDARD
                .decode(compact.as_bytes())
                .map_err(|_| SecretBoxError::KeyEncoding)?,
        );
        MasterKey::from_bytes(&decoded)
    }

    /// The root of this key's MACs, sealed under `sealer` (standard base64): what the store
    /// keeps when `sealer` replaces this key, for [`MasterKey::with_sealed_mac_root`].
    ///
    /// # Errors
    /// As [`MasterKey::seal`].
    pub fn sealed_mac_root(&self, sealer: &MasterKey) -> Result<String, SecretBoxError> {
        sealer.seal_b64(MAC_ROOT_PURPOSE, self.mac_root.as_slice())
    }

    /// This key, computing MACs as the key whose root `sealed` holds (sealed under this key by
    /// [`MasterKey::sealed_mac_root`]); it still seals and opens with its own bytes.
    ///
    /// # Errors
    /// [`SecretBoxError::Decrypt`] when `sealed` was not sealed under this key,
    /// [`SecretBoxError::Malformed`] when it is not a sealed box, [`SecretBoxError::KeyLength`]
    /// when it holds no 32-byte root.
    pub fn with_sealed_mac_root(self, sealed: &str) -> Result<MasterKey, SecretBoxError> {
        let root = self.open_b64(MAC_ROOT_PURPOSE, sealed)?;
        if root.len() != MASTER_KEY_LEN {
            return Err(SecretBoxError::KeyLength);
        }
        let mut mac_root = Zeroizing::new([0_u8; MASTER_KEY_LEN]);
        mac_root.copy_from_slice(root.as_slice());
        Ok(MasterKey {
            bytes: self.bytes,
            mac_root: Arc::new(mac_root),
        })
    }

    /// Derives the 32-byte subkey for `label || purpose`: from the MAC root for MACs, from the
    /// key's own bytes for sealing.
    fn subkey(&self, label: &str, purpose: &str) -> Zeroizing<[u8; 32]> {
        let root = if label == MAC_LABEL {
            &self.mac_root
        } else {
            &self.bytes
        };
        hkdf_sha256_32(
            &[],
            root.as_slice(),
            &[label.as_bytes(), purpose.as_bytes()],
        )
    }

    /// The AES-256-GCM key for sealing with `purpose`.
    fn seal_key(&self, purpose: &str) -> LessSafeKey {
        let subkey = self.subkey(SEAL_LABEL, purpose);
        match UnboundKey::new(&AES_256_GCM, subkey.as_slice()) {
            Ok(key) => LessSafeKey::new(key),
            // The subkey is always 32 bytes, the only length AES-256-GCM requires.
            Err(_) => unreachable!("AES-256-GCM rejected a 32-byte key"),
        }
    }

    /// Encrypts and authenticates `plaintext` for `purpose`.
    ///
    /// Output: `0x01 || 12-byte random nonce || ciphertext || 16-byte tag`, i.e.
    /// `plaintext.len() + 29` bytes. The purpose string selects the subkey and is bound as
    /// associated data; pass the same purpose to [`MasterKey::open`]. Random nonces are safe for
    /// up to about 2^32 seals per purpose under one master key.
    ///
    /// # Errors
    /// [`SecretBoxError::TooLarge`] if the plaintext exceeds AES-GCM's limit of about 64 GiB.
    pub fn seal(&self, purpose: &str, plaintext: &[u8]) -> Result<Vec<u8>, SecretBoxError> {
        let key = self.seal_key(purpose);
        let mut nonce_bytes = [0_u8; NONCE_LEN];
        nonce_bytes.copy_from_slice(&random_bytes(NONCE_LEN));

        let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce_bytes);
        let mut body = plaintext.to_vec();
        key.seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(purpose.as_bytes()),
            &mut body,
        )
        .map_err(|_| SecretBoxError::TooLarge)?;
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Verifies and decrypts a box produced by [`MasterKey::seal`] with the same `purpose`.
    ///
    /// The plaintext is returned in a buffer that is wiped when dropped.
    ///
    /// # Errors
    /// [`SecretBoxError::Malformed`] if the box is too short or not version 1;
    /// [`SecretBoxError::Decrypt`] if it was sealed under another key or purpose, or altered.
    pub fn open(&self, purpose: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SecretBoxError> {
        let Some((&version, rest)) = sealed.split_first() else {
            return Err(SecretBoxError::Malformed);
        };
        if version != SEAL_VERSION || rest.len() < NONCE_LEN + TAG_LEN {
            return Err(SecretBoxError::Malformed);
        }
        let (nonce_bytes, body) = rest.split_at(NONCE_LEN);
        let nonce =
            Nonce::try_assume_unique_for_key(nonce_bytes).map_err(|_| SecretBoxError::Malformed)?;
        let key = self.seal_key(purpose);
        let mut buf = Zeroizing::new(body.to_vec());
        let plain_len = key
            .open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut buf)
            .map_err(|_| SecretBoxError::Decrypt)?
            .len();
        buf.truncate(plain_len);
        Ok(buf)
    }

    /// [`MasterKey::seal`] as standard base64 with padding: the form sealed secrets take in
    /// stored documents and in tokens handed to clients.
    ///
    /// # Errors
    /// As [`MasterKey::seal`].
    pub fn seal_b64(&self, purpose: &str, plaintext: &[u8]) -> Result<String, SecretBoxError> {
        self.seal(purpose, plaintext)
            .map(|sealed| STANDARD.encode(sealed))
    }

    /// Decodes standard base64 (padding required, no whitespace) and opens the box with
    /// [`MasterKey::open`].
    ///
    /// # Errors
    /// [`SecretBoxError::Malformed`] if the text is not base64, otherwise as [`MasterKey::open`].
    pub fn open_b64(
        &self,
        purpose: &str,
        sealed_b64: &str,
    ) -> Result<Zeroizing<Vec<u8>>, SecretBoxError> {
        let sealed = STANDARD
            .decode(sealed_b64)
            .map_err(|_| SecretBoxError::Malformed)?;
        self.open(purpose, &sealed)
    }

    /// Keyed hash of `data` for `purpose`: HMAC-SHA256 under the subkey derived with
    /// `info = "cognate mac " || purpose`.
    ///
    /// Use it to store verification codes, refresh tokens and similar bearer secrets so that a
    /// database dump alone does not reveal them; compare results with [`crate::ct::ct_eq`].
    #[must_use]
    pub fn mac(&self, purpose: &str, data: &[u8]) -> [u8; 32] {
        let subkey = self.subkey(MAC_LABEL, purpose);
        let key = hmac::Key::new(hmac::HMAC_SHA256, subkey.as_slice());
        let tag = hmac::sign(&key, data);
        let mut out = [0_u8; 32];
        out.copy_from_slice(tag.as_ref());
        out
    }

    /// [`MasterKey::mac`] as 64 lowercase hex digits: the form keyed hashes take as stored keys
    /// and ids.
    #[must_use]
    pub fn mac_hex(&self, purpose: &str, data: &[u8]) -> String {
        hex::encode(self.mac(purpose, data))
    }
}

/// HKDF-SHA256 (RFC 5869) with a 32-byte output, i.e. one expand block:
/// `PRK = HMAC(salt, ikm)`, `OKM = HMAC(PRK, info || 0x01)`. `info` is given in pieces that are
/// concatenated.
fn hkdf_sha256_32(salt: &[u8], ikm: &[u8], info: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    let extract_key = hmac::Key::new(hmac::HMAC_SHA256, salt);
    let prk = Zeroizing::new(hmac::sign(&extract_key, ikm).as_ref().to_vec());
    let expand_key = hmac::Key::new(hmac::HMAC_SHA256, &prk);
    let mut ctx = hmac::Context::with_key(&expand_key);
    for piece in info {
        ctx.update(piece);
    }
    ctx.update(&[1]);
    let mut okm = Zeroizing::new([0_u8; 32]);
    okm.copy_from_slice(ctx.sign().as_ref());
    okm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed_key(byte: u8) -> MasterKey {
        MasterKey::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn hkdf_matches_rfc_5869_test_case_1() {
        let ikm = [0x0b_u8; 22];
        let salt = hex::decode("000102030405060708090a0b0c").unwrap();
        let info = hex::decode("f0f1f2f3f4f5f6f7f8f9").unwrap();
        let okm = hkdf_sha256_32(&salt, &ikm, &[&info[..4], &info[4..]]);
        assert_eq!(
            hex::encode(okm.as_slice()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
        );
    }

    #[test]
    fn hkdf_agrees_with_aws_lc_for_an_empty_salt() {
        use aws_lc_rs::hkdf;
        let ikm = [7_u8; 32];
        let info: &[&[u8]] = &[b"cognate seal ", b"purpose"];
        let mut expected = [0_u8; 32];
        hkdf::Salt::new(hkdf::HKDF_SHA256, &[])
            .extract(&ikm)
            .expand(info, hkdf::HKDF_SHA256)
            .unwrap()
            .fill(&mut expected)
            .unwrap();
        assert_eq!(*hkdf_sha256_32(&[], &ikm, info), expected);
    }

    #[test]
    fn sealed_data_opens_to_the_original_plaintext() {
        let key = MasterKey::generate();
        for plaintext in [
            &b""[..],
            b"x",
            b"a longer secret value with some bytes \x00\xff",
        ] {
            let sealed = key.seal("totp-secret", plaintext).unwrap();
            assert_eq!(sealed.len(), plaintext.len() + 29);
            assert_eq!(sealed[0], 1);
            let opened = key.open("totp-secret", &sealed).unwrap();
            assert_eq!(opened.as_slice(), plaintext);
        }
    }

    #[test]
    fn sealing_twice_gives_different_boxes() {
        let key = fixed_key(1);
        assert_ne!(
            key.seal("p", b"same").unwrap(),
            key.seal("p", b"same").unwrap()
        );
    }

    #[test]
    fn any_flipped_bit_is_detected() {
        let key = fixed_key(2);
        let sealed = key.seal("p", b"secret").unwrap();
        for i in 1..sealed.len() {
            let mut tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assert_eq!(
                key.open("p", &tampered),
                Err(SecretBoxError::Decrypt),
                "byte {i}"
            );
        }
    }

    #[test]
    fn truncated_or_unversioned_boxes_are_malformed() {
        let key = fixed_key(3);
        let sealed = key.seal("p", b"secret").unwrap();
        assert_eq!(key.open("p", &[]), Err(SecretBoxError::Malformed));
        assert_eq!(key.open("p", &sealed[..28]), Err(SecretBoxError::Malformed));
        let mut wrong_version = sealed.clone();
        wrong_version[0] = 2;
        assert_eq!(
            key.open("p", &wrong_version),
            Err(SecretBoxError::Malformed)
        );
        assert_eq!(
            key.open("p", &sealed[..sealed.len() - 1]),
            Err(SecretBoxError::Decrypt)
        );
    }

    #[test]
    fn a_box_sealed_for_one_purpose_does_not_open_for_another() {
        let key = fixed_key(4);
        let sealed = key.seal("refresh-token", b"secret").unwrap();
        assert_eq!(
            key.open("totp-secret", &sealed),
            Err(SecretBoxError::Decrypt)
        );
        assert_eq!(key.open("", &sealed), Err(SecretBoxError::Decrypt));
    }

    #[test]
    fn a_box_does_not_open_under_another_master_key() {
        let sealed = fixed_key(5).seal("p", b"secret").unwrap();
        assert_eq!(
            fixed_key(6).open("p", &sealed),
            Err(SecretBoxError::Decrypt)
        );
        assert_eq!(
            MasterKey::generate().open("p", &sealed),
            Err(SecretBoxError::Decrypt)
        );
    }

    #[test]
    fn mac_is_deterministic_and_separated_by_key_purpose_and_data() {
        let key = fixed_key(7);
        let m = key.mac("code", b"123456");
        assert_eq!(m, key.mac("code", b"123456"));
        assert_eq!(m, key.clone().mac("code", b"123456"));
        assert_ne!(m, key.mac("code", b"123457"));
        assert_ne!(m, key.mac("refresh", b"123456"));
        assert_ne!(m, fixed_key(8).mac("code", b"123456"));
    }

    #[test]
    fn mac_hex_is_the_mac_in_lowercase_hex() {
        let key = fixed_key(7);
        let text = key.mac_hex("code", b"123456");
        assert_eq!(text.len(), 64);
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(hex::decode(&text).unwrap(), key.mac("code", b"123456"));
    }

    #[test]
    fn base64_boxes_open_to_the_original_plaintext_for_their_purpose_only() {
        let key = fixed_key(10);
        let sealed = key.seal_b64("client-secret", b"secret").unwrap();
        let raw = STANDARD.decode(&sealed).unwrap();
        assert_eq!(
            key.open("client-secret", &raw).unwrap().as_slice(),
            b"secret"
        );
        assert_eq!(
            key.open_b64("client-secret", &sealed).unwrap().as_slice(),
            b"secret"
        );
        let boxed = STANDARD.encode(key.seal("client-secret", b"other").unwrap());
        assert_eq!(
            key.open_b64("client-secret", &boxed).unwrap().as_slice(),
            b"other"
        );
        assert_eq!(
            key.open_b64("totp-secret", &sealed),
            Err(SecretBoxError::Decrypt)
        );
    }

    #[test]
    fn text_that_is_not_standard_base64_is_malformed() {
        let key = fixed_key(11);
        let sealed = key.seal_b64("p", b"secret").unwrap();
        for bad in [
            "not*base64".to_string(),
            format!(" {sealed}"),
            format!("{sealed}\n"),
            sealed.trim_end_matches('=').to_string(),
            sealed.replace('+', "-").replace('/', "_"),
        ] {
            if bad == sealed {
                continue;
            }
            assert_eq!(
                key.open_b64("p", &bad),
                Err(SecretBoxError::Malformed),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn mac_and_seal_subkeys_differ_for_the_same_purpose() {
        let key = fixed_key(9);
        assert_ne!(
            *key.subkey("cognate seal ", "p"),
            *key.subkey("cognate mac ", "p")
        );
    }

    #[test]
    fn base64_round_trip_tolerates_whitespace_and_missing_padding() {
        let key = MasterKey::generate();
        let text = key.to_base64();
        assert_eq!(text.len(), 44);
        let file = format!("  {text}\n");
        let again = MasterKey::from_base64(&file).unwrap();
        assert_eq!(again.to_base64(), text);
        let wrapped = format!("{}\r\n{}", &text[..20], text[20..].trim_end_matches('='));
        assert_eq!(MasterKey::from_base64(&wrapped).unwrap().to_base64(), text);
        let sealed = key.seal("p", b"v").unwrap();
        assert_eq!(again.open("p", &sealed).unwrap().as_slice(), b"v");
    }

    #[test]
    fn bad_key_material_is_rejected() {
        assert_eq!(
            MasterKey::from_bytes(&[0; 31]).unwrap_err(),
            SecretBoxError::KeyLength
        );
        assert_eq!(
            MasterKey::from_bytes(&[0; 33]).unwrap_err(),
            SecretBoxError::KeyLength
        );
        assert_eq!(
            MasterKey::from_base64("not*base64").unwrap_err(),
            SecretBoxError::KeyEncoding
        );
        assert_eq!(
            MasterKey::from_base64("AAAA").unwrap_err(),
            SecretBoxError::KeyLength
        );
        assert_eq!(
            MasterKey::from_base64("").unwrap_err(),
            SecretBoxError::KeyLength
        );
    }

    #[test]
    fn a_key_given_an_earlier_root_hashes_like_that_key_and_seals_as_itself() {
        let (first, second, third) = (fixed_key(12), fixed_key(13), fixed_key(14));
        let root = first.sealed_mac_root(&second).unwrap();
        let rotated = second.clone().with_sealed_mac_root(&root).unwrap();
        assert_eq!(rotated.mac("code", b"1"), first.mac("code", b"1"));
        let boxed = rotated.seal("p", b"s").unwrap();
        assert_eq!(second.open("p", &boxed).unwrap().as_slice(), b"s");
        assert_eq!(first.open("p", &boxed), Err(SecretBoxError::Decrypt));
        // The root carries over a second rotation, and opens only under its sealer.
        let again = rotated.sealed_mac_root(&third).unwrap();
        let twice = third.with_sealed_mac_root(&again).unwrap();
        assert_eq!(twice.mac("code", b"1"), first.mac("code", b"1"));
        assert!(matches!(
            first.with_sealed_mac_root(&root),
            Err(SecretBoxError::Decrypt)
        ));
    }

    #[test]
    fn debug_output_does_not_reveal_the_key() {
        let key = fixed_key(0xab);
        let shown = format!("{key:?}");
        assert_eq!(shown, "MasterKey(..)");
    }
}
