//! `/v1/offers` (public) and `/v1/campaigns` (admins).

use actix_web::{HttpResponse, web};
use chrono::Utc;
use solecheck_shared::api::{CampaignInput, CampaignPatch};
#[allow(unused_imports)]
use solecheck_shared::api::{CampaignView, Offers, Page, Problem};

use super::body::Body;
use crate::{
    auth::Admin,
    error::ApiError,
    services::{campaigns as service, paging::PageQuery},
    startup::AppState,
};

/// List the offers running today and the next to start
#[utoipa::path(get, path = "/v1/offers", tag = "Visitor and app",
    responses((status = 200, description = "Offers running today (clinic time) and the next one", body = Offers)))]
pub async fn get_offers(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let offers = service::offers(&state.db, state.settings.clinic.timezone, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(offers))
}

/// List campaigns
///
/// Newest first, with the cursor paging of the other lists.
#[utoipa::path(get, path = "/v1/campaigns", tag = "Admin", security(("staff_token" = [])),
    params(PageQuery),
    responses((status = 200, description = "Campaigns by first day, then slug", body = Page<CampaignView>),
        (status = 400, description = "A bad cursor or limit: `bad_request`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json")))]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    _admin: Admin,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let page =
        service::list(&state.db, state.settings.clinic.timezone, query.into_inner(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a campaign
#[utoipa::path(post, path = "/v1/campaigns", tag = "Admin", security(("staff_token" = [])), request_body = CampaignInput,
    responses((status = 201, description = "Created", body = CampaignView),
        (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`slug_taken`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed` with field paths", body = Problem, content_type = "application/problem+json")))]
pub async fn create_campaign(
    state: web::Data<AppState>,
    _admin: Admin,
    body: Body<CampaignInput>,
) -> Result<HttpResponse, ApiError> {
    let campaign = service::create(&state.db, state.settings.clinic.timezone, &body, Utc::now()).await?;
    Ok(HttpResponse::Created().json(campaign))
}

/// Change or end a campaign
///
/// Send only the fields that change; `{"ended": true}` ends the campaign today.
#[utoipa::path(patch, path = "/v1/campaigns/{id}", tag = "Admin", security(("staff_token" = [])),
    params(("id" = String, Path)), request_body = CampaignPatch,
    responses((status = 200, description = "Saved", body = CampaignView),
        (status = 400, description = "`invalid_json`", body = Problem, content_type = "application/problem+json"), (status = 401, description = "`unauthorized`", body = Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed` with field paths", body = Problem, content_type = "application/problem+json")))]
pub async fn update_campaign(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<String>,
    body: Body<CampaignPatch>,
) -> Result<HttpResponse, ApiError> {
    let (tz, id, patch) = (state.settings.clinic.timezone, path.into_inner(), body.into_inner());
    Ok(HttpResponse::Ok().json(service::update(&state.db, tz, id, patch, Utc::now()).await?))
}
