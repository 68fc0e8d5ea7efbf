//! Staff access tokens: HS256 JWTs with a fixed algorithm, `kid`, issuer,
//! audience and a short expiry (15 minutes unless configured). Keys live in the database so every API
//! process on it signs and verifies alike; an unknown `kid` triggers one reload.

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
}

fn decode_secret(row: &KeyRow) -> Option<Vec<u8>> {
    STANDARD.decode(&row.secret).ok()
}

impl KeyRing {
    /// Loads the keys, creating the first one when the database has none.
    pub fn load(conn: &mut DbConn) -> Result<Self, DbError> {
        let mut rows = staff::active_keys(conn)?;
        if rows.is_empty() {
            let mut secret = [0u8; 32];
            getrandom::fill(&mut secret).map_err(|e| DbError::Migration(e.to_string()))?;
            let row = KeyRow {
                kid: uuid::Uuid::new_v4().simple().to_string(),
                secret: STANDARD.encode(secret),
                created_at: Utc::now().naive_utc(),
                retired_at: None,
            };
            staff::insert_key(conn, &row)?;
            rows = staff::active_keys(conn)?;
        }
        let keys: HashMap<String, Vec<u8>> =
            rows.iter().filter_map(|r| decode_secret(r).map(|s| (r.kid.clone(), s))).collect();
        let current = rows
            .first()
            .and_then(|r| keys.get(&r.kid).map(|s| (r.kid.clone(), s.clone())))
            .ok_or_else(|| DbError::Migration("no usable signing key".into()))?;
        Ok(Self { keys: RwLock::new(keys), current: RwLock::new(current) })
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
        if let Ok(mut keys) = self.keys.write() {
            keys.extend(rows.iter().filter_map(|r| decode_secret(r).map(|s| (r.kid.clone(), s))));
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
