//! Typed settings built once from the command line and shared through
//! `web::Data`.

use std::path::PathBuf;

use crate::cli::ServeArgs;

/// The clinic this instance serves; nothing clinic-specific is compiled in.
#[derive(Debug, Clone)]
pub struct Clinic {
    pub name: String,
    pub location: String,
    pub timezone: chrono_tz::Tz,
}

/// What handlers need to know about the running instance.
#[derive(Debug, Clone)]
pub struct Settings {
    pub clinic: Clinic,
    pub widget_dir: PathBuf,
}

impl From<&ServeArgs> for Settings {
    fn from(args: &ServeArgs) -> Self {
        Self {
            clinic: Clinic {
                name: args.clinic_name.clone(),
                location: args.clinic_location.clone(),
                timezone: args.timezone,
            },
            widget_dir: args.widget_dir.clone(),
        }
    }
}
