//! Encryption of secrets an office stores with us (IMAP passwords today; SMTP, FTP and OAuth
//! tokens later): AES-256-GCM under a key from configuration.
//!
//! A sealed value is `key id (1 byte) || nonce (12 bytes, random per value) || ciphertext+tag`.
//! The key id lets a new key be introduced later while values sealed under the old one can
//! still be opened (`Secrets::with_retired_key`). Every value is bound to a context (for
//! example `mailboxes.password:<id>`) as associated data, so a ciphertext copied into another
//! row or column does not open.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
/// The id of the first key; a rotation introduces the next one.
pub const FIRST_KEY_ID: u8 = 1;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the key is not base64 of {KEY_LEN} bytes")]
    BadKey,
    #[error("the stored value is too short to be a sealed secret")]
    Malformed,
    #[error("the stored value was sealed with key {0}, which is not configured")]
    UnknownKey(u8),
    /// A wrong key, or a value that was changed or moved to another context.
    #[error("the stored value does not open with the configured key")]
    Undecryptable,
    #[error("the key file {path}: {message}")]
    KeyFile { path: String, message: String },
}

/// The keys that seal and open stored secrets: the current one seals, every one opens what it
/// sealed. Cheap to clone; `Debug` shows key ids only.
#[derive(Clone)]
pub struct Secrets {
    current: u8,
    keys: Arc<Vec<(u8, Aes256Gcm)>>,
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<u8> = self.keys.iter().map(|(id, _)| *id).collect();
        f.debug_struct("Secrets").field("current", &self.current).field("key_ids", &ids).finish_non_exhaustive()
    }
}

impl Secrets {
    pub fn new(id: u8, key: &[u8; KEY_LEN]) -> Self {
        Self { current: id, keys: Arc::new(vec![(id, cipher(key))]) }
    }

    /// A key given as base64 (`IMMIVO_SECRET_KEY`).
    pub fn from_base64(id: u8, encoded: &SecretString) -> Result<Self, CryptoError> {
        Ok(Self::new(id, &decode_key(encoded)?))
    }

    /// Adds a key that only opens values sealed under it (after a rotation).
    pub fn with_retired_key(self, id: u8, key: &[u8; KEY_LEN]) -> Self {
        let mut keys: Vec<(u8, Aes256Gcm)> = self.keys.iter().filter(|(k, _)| *k != id).cloned().collect();
        keys.push((id, cipher(key)));
        Self { current: self.current, keys: Arc::new(keys) }
    }

    /// As `with_retired_key`, the key given as base64 (`IMMIVO_SECRET_KEYS_RETIRED`).
    pub fn with_retired_base64(self, id: u8, encoded: &SecretString) -> Result<Self, CryptoError> {
        Ok(self.with_retired_key(id, &decode_key(encoded)?))
    }

    /// The id values are sealed under now.
    pub fn current_key_id(&self) -> u8 {
        self.current
    }

    /// A fresh random key, base64-encoded (what `IMMIVO_SECRET_KEY` takes).
    pub fn generate_key() -> SecretString {
        let mut key = [0u8; KEY_LEN];
        OsRng.fill_bytes(&mut key);
        SecretString::from(STANDARD.encode(key))
    }

    /// Reads the key kept in `path`, or makes one there (readable by the owner only) when the
    /// file does not exist: development keeps stored secrets usable across restarts this way.
    pub fn load_or_create_key_file(path: &Path) -> Result<Self, CryptoError> {
        let err = |message: String| CryptoError::KeyFile { path: path.display().to_string(), message };
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_base64(FIRST_KEY_ID, &SecretString::from(text.trim().to_owned()))
                .map_err(|e| err(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
                }
                let key = Self::generate_key();
                match write_private(path, key.expose_secret().as_bytes()) {
                    Ok(()) => Self::from_base64(FIRST_KEY_ID, &key),
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::load_or_create_key_file(path),
                    Err(e) => Err(err(e.to_string())),
                }
            }
            Err(e) => Err(err(e.to_string())),
        }
    }

    /// Seals `plaintext` for `context` under the current key.
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let (id, cipher) =
            self.keys.iter().find(|(id, _)| *id == self.current).ok_or(CryptoError::UnknownKey(self.current))?;
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(&nonce, Payload { msg: plaintext, aad: context.as_bytes() })
            .map_err(|_| CryptoError::Undecryptable)?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(*id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        // A tag is 16 bytes: anything shorter than id + nonce + tag was never sealed here.
        if sealed.len() < 1 + NONCE_LEN + 16 {
            return Err(CryptoError::Malformed);
        }
        let (id, rest) = (sealed[0], &sealed[1..]);
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let (_, cipher) = self.keys.iter().find(|(k, _)| *k == id).ok_or(CryptoError::UnknownKey(id))?;
        cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: ciphertext, aad: context.as_bytes() })
            .map_err(|_| CryptoError::Undecryptable)
    }

    pub fn seal_str(&self, context: &str, secret: &SecretString) -> Result<Vec<u8>, CryptoError> {
        self.seal(context, secret.expose_secret().as_bytes())
    }

    pub fn open_str(&self, context: &str, sealed: &[u8]) -> Result<SecretString, CryptoError> {
        let bytes = self.open(context, sealed)?;
        String::from_utf8(bytes).map(SecretString::from).map_err(|_| CryptoError::Undecryptable)
    }
}

impl From<CryptoError> for crate::Error {
    fn from(e: CryptoError) -> Self {
        crate::Error::Internal(format!("secret store: {e}"))
    }
}

fn cipher(key: &[u8; KEY_LEN]) -> Aes256Gcm {
    Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(key))
}

fn decode_key(encoded: &SecretString) -> Result<[u8; KEY_LEN], CryptoError> {
    let bytes = STANDARD.decode(encoded.expose_secret().trim()).map_err(|_| CryptoError::BadKey)?;
    bytes.try_into().map_err(|_| CryptoError::BadKey)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(byte: u8) -> Secrets {
        Secrets::new(FIRST_KEY_ID, &[byte; KEY_LEN])
    }

    #[test]
    fn round_trip_with_a_fresh_nonce_each_time() {
        let s = secrets(7);
        let a = s.seal("mailboxes.password:1", b"Geheim-123").unwrap();
        let b = s.seal("mailboxes.password:1", b"Geheim-123").unwrap();
        assert_ne!(a, b, "a new nonce per value");
        assert_eq!(a[0], FIRST_KEY_ID);
        assert!(!a.windows(10).any(|w| w == b"Geheim-123"), "no plaintext in the sealed value");
        assert_eq!(s.open("mailboxes.password:1", &a).unwrap(), b"Geheim-123");
        assert_eq!(s.open_str("mailboxes.password:1", &b).unwrap().expose_secret(), "Geheim-123");
    }

    #[test]
    fn tampering_and_other_contexts_are_detected() {
        let s = secrets(7);
        let sealed = s.seal("ctx", b"secret").unwrap();
        for i in 1..sealed.len() {
            let mut changed = sealed.clone();
            changed[i] ^= 0x01;
            assert_eq!(s.open("ctx", &changed), Err(CryptoError::Undecryptable), "byte {i} flipped");
        }
        assert_eq!(s.open("other-ctx", &sealed), Err(CryptoError::Undecryptable));
        assert_eq!(s.open("ctx", &sealed[..10]), Err(CryptoError::Malformed));
        let mut other_id = sealed.clone();
        other_id[0] = 9;
        assert_eq!(s.open("ctx", &other_id), Err(CryptoError::UnknownKey(9)));
    }

    #[test]
    fn a_wrong_key_does_not_open() {
        let sealed = secrets(7).seal("ctx", b"secret").unwrap();
        assert_eq!(secrets(8).open("ctx", &sealed), Err(CryptoError::Undecryptable));
    }

    #[test]
    fn a_retired_key_still_opens_what_it_sealed() {
        let old = secrets(7).seal("ctx", b"secret").unwrap();
        let rotated = Secrets::new(2, &[9; KEY_LEN]).with_retired_key(FIRST_KEY_ID, &[7; KEY_LEN]);
        assert_eq!(rotated.open("ctx", &old).unwrap(), b"secret");
        assert_eq!(rotated.seal("ctx", b"new").unwrap()[0], 2, "new values use the current key");
    }

    #[test]
    fn keys_from_base64_and_debug_hides_them() {
        let key = Secrets::generate_key();
        let s = Secrets::from_base64(FIRST_KEY_ID, &key).unwrap();
        assert!(!format!("{s:?}").contains(key.expose_secret()));
        assert_eq!(Secrets::from_base64(1, &SecretString::from("c2hvcnQ=")).unwrap_err(), CryptoError::BadKey);
        assert_eq!(Secrets::from_base64(1, &SecretString::from("not base64!")).unwrap_err(), CryptoError::BadKey);
    }

    #[test]
    fn the_development_key_file_is_made_once_and_private() {
        let dir = std::env::temp_dir().join(format!("immivo-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("secret.key");
        let first = Secrets::load_or_create_key_file(&path).unwrap();
        let sealed = first.seal("ctx", b"survives a restart").unwrap();
        let again = Secrets::load_or_create_key_file(&path).unwrap();
        assert_eq!(again.open("ctx", &sealed).unwrap(), b"survives a restart");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(&path, "garbage").unwrap();
        assert!(matches!(Secrets::load_or_create_key_file(&path), Err(CryptoError::KeyFile { .. })));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
