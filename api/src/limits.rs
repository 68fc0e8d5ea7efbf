//! Per-client-address rate limit of the public POST routes
//! (`SOLECHECK_PUBLIC_RATE_LIMIT` per minute), as an extractor that runs before
//! the body is read. Kept in memory: it protects each process, which is what a
//! flood against one process needs.

use std::{
    future::{Ready, ready},
    net::IpAddr,
    num::NonZeroU32,
};

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use crate::{error::ApiError, startup::AppState};

/// The limiter; `None` when turned off.
pub struct PublicLimiter(Option<DefaultKeyedRateLimiter<IpAddr>>);

impl PublicLimiter {
    /// `per_minute` requests per address; 0 for no limit.
    pub fn new(per_minute: u32) -> Self {
        Self(NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))))
    }

    /// Counts one request from `address`.
    pub fn check(&self, address: Option<IpAddr>) -> Result<(), ApiError> {
        let (Some(limiter), Some(address)) = (&self.0, address) else {
            return Ok(());
        };
        limiter.check_key(&address).map_err(|not_until| {
            crate::prometheus::rate_limited(crate::prometheus::Limit::Public);
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited { retry_after: wait.as_secs().max(1) }
        })
    }

    /// Forgets idle addresses, so the table does not grow without end.
    pub fn tidy(&self) {
        if let Some(limiter) = &self.0 {
            limiter.retain_recent();
        }
    }
}

/// Put first among a public POST handler's arguments.
pub struct RateLimited;

impl FromRequest for RateLimited {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = req
            .app_data::<web::Data<AppState>>()
            .map_or(Ok(()), |state| state.limiter.check(crate::client_address::client_ip(req)));
        ready(result.map(|()| Self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_address_and_can_be_off() {
        let limiter = PublicLimiter::new(3);
        let a = Some(IpAddr::from([127, 0, 0, 1]));
        let b = Some(IpAddr::from([127, 0, 0, 2]));
        for _ in 0..3 {
            assert!(limiter.check(a).is_ok());
        }
        assert!(matches!(limiter.check(a), Err(ApiError::RateLimited { retry_after }) if retry_after >= 1));
        assert!(limiter.check(b).is_ok());
        let off = PublicLimiter::new(0);
        for _ in 0..1000 {
            assert!(off.check(a).is_ok());
        }
    }
}
