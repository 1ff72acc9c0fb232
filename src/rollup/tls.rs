//! TLS to the roll-up database: encrypted without checking the server's certificate
//! (`sslmode=prefer`, `require`), as libpq does under those modes, or checked against
//! a root certificate (`verify-ca`), and the host's name too (`verify-full`). rustls
//! with ring: no system library, so Windows builds as Linux does.

use super::RollupError;
use std::path::PathBuf;

/// How the server's certificate is checked, and against which root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Verify {
    pub(super) host_name: bool,
    pub(super) root: PathBuf,
}

/// Where libpq looks for the root certificate when none is named.
pub(super) fn default_root() -> Option<PathBuf> {
    #[cfg(windows)]
    let folder = directories::BaseDirs::new().map(|d| d.config_dir().join("postgresql"));
    #[cfg(not(windows))]
    let folder = directories::BaseDirs::new().map(|d| d.home_dir().join(".postgresql"));
    folder.map(|f| f.join("root.crt"))
}

/// TLS as `sslmode=prefer` and `require` use it — encrypted, the certificate not
/// checked (libpq checks it only under `verify-ca` / `verify-full`) — or, under those,
/// checked against the root certificate, and the host's name under `verify-full`.
pub(super) fn tls_config(verify: Option<&Verify>) -> Result<rustls::ClientConfig, RollupError> {
    // ring: pure Rust and assembly, built for Windows as for Linux with no system
    // library (its provider is marked deprecated for lacking post-quantum key exchange).
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let chain = match verify {
        None => None,
        Some(verify) => {
            let roots = std::sync::Arc::new(root_store(&verify.root)?);
            let checked = rustls::client::WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| RollupError::RootCert { path: verify.root.display().to_string(), why: e.to_string() })?;
            Some((checked, verify.host_name))
        }
    };
    let verifier = std::sync::Arc::new(ServerCheck { chain, provider: provider.clone() });
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| RollupError::Address(e.to_string()))?;
    Ok(builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth())
}

/// The certificates of a root file (PEM, as libpq reads it).
fn root_store(path: &std::path::Path) -> Result<rustls::RootCertStore, RollupError> {
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let refused = |why: String| RollupError::RootCert { path: path.display().to_string(), why };
    let mut store = rustls::RootCertStore::empty();
    let certificates = CertificateDer::pem_file_iter(path).map_err(|e| refused(e.to_string()))?;
    for certificate in certificates {
        store.add(certificate.map_err(|e| refused(e.to_string()))?).map_err(|e| refused(e.to_string()))?;
    }
    if store.is_empty() {
        return Err(refused("no certificate".into()));
    }
    Ok(store)
}

/// Why the server's certificate was refused, when that is why a connection failed.
pub(super) fn certificate_refused(e: &postgres::Error) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(error) = cause {
        let inner =
            error.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()).map(|e| e as &dyn std::error::Error);
        for candidate in [Some(error), inner].into_iter().flatten() {
            if let Some(rustls::Error::InvalidCertificate(why)) = candidate.downcast_ref::<rustls::Error>() {
                return Some(why.to_string());
            }
        }
        cause = error.source();
    }
    None
}

/// What is checked of the server's certificate: nothing (`prefer`, `require`), or its
/// chain to the root, with (`verify-full`) or without (`verify-ca`) its name. The
/// handshake's signatures are checked always.
#[derive(Debug)]
struct ServerCheck {
    chain: Option<(std::sync::Arc<rustls::client::WebPkiServerVerifier>, bool)>,
    provider: std::sync::Arc<rustls::crypto::CryptoProvider>,
}

impl rustls::client::danger::ServerCertVerifier for ServerCheck {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        name: &rustls::pki_types::ServerName<'_>,
        ocsp: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        let Some((chain, host_name)) = &self.chain else {
            return Ok(rustls::client::danger::ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(NotValidForName | NotValidForNameContext { .. })) if !host_name => {
                Ok(rustls::client::danger::ServerCertVerified::assertion())
            }
            checked => checked,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}
