//! Typed settings built once from the command line and shared through
//! `web::Data`.

use crate::cli::ServeArgs;

/// The clinic this instance serves; nothing clinic-specific is compiled in.
#[derive(Debug, Clone)]
pub struct Clinic {
    pub name: String,
    pub location: String,
    pub phone: Option<String>,
    pub booking_url: Option<String>,
    pub timezone: chrono_tz::Tz,
}

impl Clinic {
    /// What `GET /v1/clinic` tells clients.
    pub fn info(&self) -> solecheck_shared::api::ClinicInfo {
        solecheck_shared::api::ClinicInfo {
            name: self.name.clone(),
            location: self.location.clone(),
            phone: self.phone.clone(),
            booking_url: self.booking_url.clone(),
            time_zone: self.timezone.name().to_owned(),
        }
    }
}

/// What handlers need to know about the running instance.
#[derive(Debug, Clone)]
pub struct Settings {
    pub clinic: Clinic,
    /// Seconds a staff access token lives.
    pub access_token_seconds: i64,
    /// The proxies whose forwarded client addresses are believed.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// Whether this server terminates TLS itself (`SOLECHECK_TLS_CERT`).
    pub serves_https: bool,
    /// How long checks keep their answers (`SOLECHECK_RETENTION_DAYS`).
    pub retention: crate::services::retention::Retention,
}

impl From<&ServeArgs> for Settings {
    fn from(args: &ServeArgs) -> Self {
        Self {
            clinic: Clinic {
                name: args.clinic_name.clone(),
                location: args.clinic_location.clone(),
                phone: args.clinic_phone.clone().filter(|p| !p.trim().is_empty()),
                booking_url: args.clinic_booking_url.clone(),
                timezone: args.timezone,
            },
            access_token_seconds: args.access_token_seconds,
            trusted_proxies: args.trusted_proxies.clone(),
            serves_https: false,
            retention: crate::services::retention::Retention::days(args.retention_days),
        }
    }
}
