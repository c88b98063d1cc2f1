//! HTTPS: the certificate and key the server presents, from files (`--tls-cert`/`--tls-key`)
//! or, for local development, a self-signed certificate for `localhost` and the loopback
//! addresses that is made once and kept in the data folder (`--tls self-signed`).

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use anyhow::{bail, Context};
use rustls::pki_types::{pem::PemObject, CertificateDer, PrivateKeyDer};

/// Where the server's certificate comes from.
#[derive(Debug, Clone)]
pub enum Tls {
    /// A certificate chain and its private key, PEM files.
    Files { cert: PathBuf, key: PathBuf },
    /// A self-signed certificate kept in this folder (made when missing).
    SelfSigned { dir: PathBuf },
}

/// The certificate and key files to present, making the self-signed pair when needed.
pub fn files(tls: &Tls) -> anyhow::Result<(PathBuf, PathBuf)> {
    match tls {
        Tls::Files { cert, key } => Ok((cert.clone(), key.clone())),
        Tls::SelfSigned { dir } => self_signed(dir),
    }
}

/// The rustls configuration for the certificate files.
pub fn server_config(cert: &Path, key: &Path) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("reading the certificate {}", cert.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("parsing the certificate {}", cert.display()))?;
    if chain.is_empty() {
        bail!("{} holds no certificate", cert.display());
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("reading the private key {}", key.display()))?;
    let mut config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate and key do not go together")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The self-signed pair in `dir`, made the first time.
fn self_signed(dir: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let cert = dir.join("self-signed-cert.pem");
    let key = dir.join("self-signed-key.pem");
    if cert.exists() && key.exists() {
        tracing::info!(certificate = %cert.display(), "using the self-signed certificate");
        return Ok((cert, key));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let names = vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ];
    let made = rcgen::generate_simple_self_signed(names).context("making a certificate")?;
    std::fs::write(&cert, made.cert.pem())
        .with_context(|| format!("writing {}", cert.display()))?;
    write_private(&key, made.key_pair.serialize_pem().as_bytes())?;
    tracing::info!(
        certificate = %cert.display(),
        "made a self-signed certificate for localhost, 127.0.0.1 and ::1; trust it in your browser or pass it to your client"
    );
    Ok((cert, key))
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_pair_is_made_once_and_then_reused() {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let dir = std::env::temp_dir().join(format!("cognate-tls-{}", std::process::id()));
        let (cert, key) = self_signed(&dir).unwrap();
        let first = std::fs::read(&cert).unwrap();
        assert!(server_config(&cert, &key).is_ok());
        let (again, _) = self_signed(&dir).unwrap();
        assert_eq!(std::fs::read(again).unwrap(), first);
        let _ = std::fs::remove_dir_all(dir);
    }
}
