//! Staff access tokens: HS256 JWTs with a fixed algorithm, `kid`, issuer,
//! audience and a short expiry (15 minutes unless configured). Keys live in the database so every API
//! process on it signs and verifies alike; an unknown `kid` triggers one reload.
//! Each key is sealed with the key file (`vault`) bound to its `kid`, so a copy
//! of the database cannot sign a token; keys an earlier version kept as they
//! were are sealed at start.

use std::{collections::HashMap, sync::RwLock};

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::{
    db::{
        Db, DbConn, DbError,
        staff::{self, KeyRow},
    },
    error::ApiError,
    vault::{Vault, VaultError},
};

/// The only algorithm accepted.
pub const ALGORITHM: Algorithm = Algorithm::HS256;
const ISSUER: &str = "solecheck";
const AUDIENCE: &str = "solecheck-staff";

/// What a staff access token says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// Staff id.
    pub sub: String,
    /// The role at sign-in; the database's current role is what counts.
    pub role: solecheck_shared::api::Role,
    pub iat: i64,
    pub exp: i64,
    /// The account's session epoch at sign-in (`db::staff::StaffRow`): a
    /// password change or reset moves it on, which ends this token at once.
    /// Tokens signed before the field existed read as epoch 0.
    #[serde(default)]
    pub epoch: i32,
}

/// The signing keys known to this process.
pub struct KeyRing {
    keys: RwLock<HashMap<String, Vec<u8>>>,
    current: RwLock<(String, Vec<u8>)>,
    vault: Vault,
}

/// Why the keys cannot be loaded at start.
#[derive(Debug, thiserror::Error)]
pub enum KeyRingError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    #[error(
        "the token signing keys do not open with this key file (SOLECHECK_KEY_FILE): {0}. Put back the key \
         file this database was used with; if no copy of it is left, run `solecheck-api key-file-lost` \
         (every staff member then signs in again and sets two-step up again)"
    )]
    Vault(#[from] VaultError),
    #[error("no randomness for a new signing key: {0}")]
    Random(#[from] getrandom::Error),
}

/// What a key is sealed for: its own `kid`, so no row opens as another.
fn context(kid: &str) -> String {
    format!("signing-key:{kid}")
}

/// Whether a stored key is sealed (base64 never holds a `.`).
fn is_sealed(secret: &str) -> bool {
    secret.starts_with(crate::vault::SEALED_PREFIX)
}

/// Seals the keys an earlier version kept as they were; how many.
fn seal_plain_keys(conn: &mut DbConn, vault: &Vault) -> Result<usize, KeyRingError> {
    crate::db::write_transaction(conn, |conn| {
        let plain: Vec<KeyRow> =
            staff::all_keys(conn)?.into_iter().filter(|r| !is_sealed(&r.secret)).collect();
        for row in &plain {
            let secret = STANDARD.decode(&row.secret).map_err(|_| VaultError::Open)?;
            staff::set_key_secret(conn, &row.kid, &vault.seal(&secret, &context(&row.kid))?)?;
        }
        Ok(plain.len())
    })
}

impl KeyRing {
    /// Loads the keys, sealing any kept plain and creating the first one when
    /// the database has none. A key that does not open stops the start: the
    /// key file is not the one the keys were sealed with.
    pub fn load(conn: &mut DbConn, vault: Vault) -> Result<Self, KeyRingError> {
        let sealed = seal_plain_keys(conn, &vault)?;
        if sealed > 0 {
            tracing::info!(sealed, "token signing keys of an earlier version sealed");
        }
        let mut rows = staff::active_keys(conn)?;
        if rows.is_empty() {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret)?;
            let kid = uuid::Uuid::new_v4().simple().to_string();
            let row = KeyRow {
                secret: vault.seal(&secret, &context(&kid))?,
                kid,
                created_at: Utc::now().naive_utc(),
                retired_at: None,
            };
            staff::insert_key(conn, &row)?;
            rows = staff::active_keys(conn)?;
        }
        let keys = rows
            .iter()
            .map(|r| Ok((r.kid.clone(), vault.open(&r.secret, &context(&r.kid))?)))
            .collect::<Result<HashMap<_, _>, VaultError>>()?;
        let current = rows
            .first()
            .and_then(|r| keys.get(&r.kid).map(|s| (r.kid.clone(), s.clone())))
            .ok_or(KeyRingError::Vault(VaultError::Open))?;
        Ok(Self { keys: RwLock::new(keys), current: RwLock::new(current), vault })
    }

    /// Signs claims with the current key, valid for `lifetime` seconds.
    pub fn sign(
        &self,
        staff_id: &str,
        role: solecheck_shared::api::Role,
        epoch: i32,
        now: DateTime<Utc>,
        lifetime: i64,
    ) -> Result<String, ApiError> {
        let (kid, secret) = self
            .current
            .read()
            .map_err(|_| ApiError::internal(std::io::Error::other("key lock poisoned")))?
            .clone();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: staff_id.into(),
            role,
            iat: now.timestamp(),
            exp: now.timestamp() + lifetime,
            epoch,
        };
        let mut header = Header::new(ALGORITHM);
        header.kid = Some(kid);
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(&secret)).map_err(ApiError::internal)
    }

    fn secret(&self, kid: &str) -> Option<Vec<u8>> {
        self.keys.read().ok().and_then(|k| k.get(kid).cloned())
    }

    async fn reload(&self, db: &Db) -> Result<(), ApiError> {
        let rows = db.run(|conn| staff::active_keys(conn).map_err(ApiError::from)).await?;
        // Another process made these; one that does not open is refused as unknown.
        let opened = rows
            .iter()
            .filter_map(|r| self.vault.open(&r.secret, &context(&r.kid)).ok().map(|s| (r.kid.clone(), s)));
        if let Ok(mut keys) = self.keys.write() {
            keys.extend(opened);
        }
        Ok(())
    }

    /// Verifies a token: algorithm, key id, signature, issuer, audience, expiry.
    pub async fn verify(&self, db: &Db, token: &str) -> Result<Claims, ApiError> {
        let invalid = || ApiError::Unauthorized("the access token is not valid; sign in again".into());
        let header = jsonwebtoken::decode_header(token).map_err(|_| invalid())?;
        if header.alg != ALGORITHM {
            return Err(invalid());
        }
        let kid = header.kid.ok_or_else(invalid)?;
        let secret = match self.secret(&kid) {
            Some(secret) => secret,
            None => {
                self.reload(db).await?;
                self.secret(&kid).ok_or_else(invalid)?
            }
        };
        let mut validation = Validation::new(ALGORITHM);
        validation.leeway = 5;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(&secret), &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => ApiError::TokenExpired,
                _ => invalid(),
            })
    }
}
