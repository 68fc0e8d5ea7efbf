//! The problems each operation answers with: those every route can give
//! (added to each operation), and for every problem answer the `code`s it
//! names, which its schema then admits alone (so the contract checks hold
//! the server to them) and which each get an example, the very body the
//! server sends.

use serde_json::{Value, json};
use solecheck_shared::{
    api::ErrorCode,
    code::CodeError,
    validate::{FieldError, FieldErrorCode},
};
use utoipa::{
    Modify,
    openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder},
};

use crate::error::ApiError;

/// Answers any route can give, so each operation lists them all: every
/// route may fail inside (500), and every route with a body refuses one that
/// is not JSON (400), too large (413) or of another media type (415).
pub struct CommonProblems;

fn problem(description: &str) -> RefOr<Response> {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
    RefOr::T(
        ResponseBuilder::new().description(description).content("application/problem+json", content).build(),
    )
}

/// What any body can be refused for with a 422.
const BODY_REFUSED: &str = "The body is not one JSON object, or a field is missing, unknown or of the wrong \
    type: `validation_failed`, with `errors[].path`. A text field holds control characters (none in one-line \
    fields; tab and line breaks only in multi-line ones): `invalid_text`, with `errors[].path`.";

/// What every staff route but the account's own, the password change and the
/// two-step set-up answers to a sign-in that must do one of those first
/// (`auth::staff`).
const CHANGE_FIRST: &str = "An account signed in with a temporary password must change it first \
    (`password_change_required`); one without two-step sign-in must set it up first while the clinic requires it \
    (`two_step_enrolment_required`).";

/// The routes a sign-in that must change its password or set up two-step
/// sign-in first can still use.
const FIRST_STEPS: [&str; 4] =
    ["/v1/auth/me", "/v1/auth/password", "/v1/auth/two-step", "/v1/auth/two-step/confirm"];

type Operation = utoipa::openapi::path::Operation;

fn uses(op: &Operation, scheme: &str) -> bool {
    op.security
        .iter()
        .flatten()
        .any(|requirement| serde_json::to_value(requirement).is_ok_and(|v| v.get(scheme).is_some()))
}

/// Makes `op`'s `status` answer name each of `codes`: `sentence` is added
/// to its description when one is missing (or is the answer's description).
fn mention(op: &mut Operation, status: &str, codes: &[ErrorCode], sentence: &str) {
    match op.responses.responses.get_mut(status) {
        Some(RefOr::T(own)) => {
            let named = codes_in(&own.description);
            if codes.iter().any(|code| !named.contains(code)) {
                let joint = if own.description.ends_with('.') { " " } else { ". " };
                own.description = format!("{}{joint}{sentence}", own.description);
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses.responses.insert(status.to_owned(), problem(sentence));
        }
    }
}

/// The `{code}` path parameter takes what `DiscountCode::parse` takes.
fn describe_code_parameters(op: &mut Operation) {
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
    for param in op.parameters.iter_mut().flatten().filter(|p| p.name == "code") {
        let schema =
            ObjectBuilder::new().schema_type(Type::String).pattern(Some(solecheck_shared::code::PATTERN));
        param.schema = Some(RefOr::T(Schema::Object(schema.build())));
    }
}

/// Paths whose answers need no database: probes and pages answer from memory.
fn without_database(path: &str) -> bool {
    !path.starts_with("/v1/") || matches!(path, "/v1/questionnaire" | "/v1/clinic")
}

/// What the tokens' extractors (`auth::staff`, `auth::visitor`) refuse with.
fn sign_in_problems(path: &str, op: &mut Operation) {
    use ErrorCode as E;
    if uses(op, "staff_token") {
        mention(
            op,
            "401",
            &[E::Unauthorized, E::TokenExpired],
            "No sign-in, or one that is not valid or \
            has ended: `unauthorized`; an access token past its time: `token_expired` (refresh it).",
        );
        mention(op, "403", &[E::AccountDisabled], "The account is disabled: `account_disabled`.");
        if op.tags.iter().flatten().any(|tag| tag == "Admin") {
            mention(op, "403", &[E::Forbidden], "A staff account on an admin's route: `forbidden`.");
        }
        if !FIRST_STEPS.contains(&path) {
            mention(op, "403", &[E::PasswordChangeRequired, E::TwoStepEnrolmentRequired], CHANGE_FIRST);
        }
    } else if uses(op, "visitor_token") {
        mention(op, "401", &[E::Unauthorized], "No token, or not one this server gave: `unauthorized`.");
    }
    if uses(op, "visitor_token") {
        mention(op, "403", &[E::Forbidden], "The token is for another check: `forbidden`.");
    }
}

impl Modify for CommonProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use ErrorCode as E;
        for (path, item) in &mut openapi.paths.paths {
            let operations =
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete];
            for op in operations.into_iter().flatten() {
                mention(
                    op,
                    "500",
                    &[E::Internal],
                    "Something failed inside; the body says nothing more: `internal`.",
                );
                if !without_database(path) {
                    mention(
                        op,
                        "503",
                        &[E::Unavailable, E::StorageFull],
                        "The database cannot be reached within \
                        2 s (`database_unavailable`) or has no room to write (`storage_full`); with Retry-After.",
                    );
                }
                if op.request_body.is_some() {
                    mention(
                        op,
                        "400",
                        &[E::InvalidJson],
                        "The body is not JSON at all, or has text after it: \
                        `invalid_json`.",
                    );
                    mention(
                        op,
                        "413",
                        &[E::PayloadTooLarge],
                        "The body is over 64 KiB: `payload_too_large`.",
                    );
                    mention(
                        op,
                        "415",
                        &[E::UnsupportedMediaType],
                        "The body is not `application/json`: \
                        `unsupported_media_type`.",
                    );
                    mention(op, "422", &[E::ValidationFailed, E::InvalidText], BODY_REFUSED);
                }
                describe_code_parameters(op);
                sign_in_problems(path, op);
            }
        }
    }
}

/// The problem codes a response's description names (in backticks).
fn codes_in(description: &str) -> Vec<ErrorCode> {
    let mut codes = Vec::new();
    for code in description.split('`').skip(1).step_by(2).filter_map(ErrorCode::from_key) {
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// What a refused body's example gets wrong: the first field its schema
/// requires left out, or (a body of optional fields) a field it does not
/// know; `None` for an operation without a body.
fn refused_field(doc: &Value, op: &Value) -> Option<FieldError> {
    let schema = op.pointer("/requestBody/content/application~1json/schema")?;
    let schema = match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &doc["components"]["schemas"][name],
        None => schema,
    };
    Some(match schema["required"][0].as_str() {
        Some(name) => FieldError {
            path: name.to_owned(),
            code: FieldErrorCode::MissingField,
            message: format!("missing field `{name}` at line 1 column 2"),
        },
        None => FieldError {
            path: "note".to_owned(),
            code: FieldErrorCode::UnknownField,
            message: "unknown field `note` at line 1 column 7".to_owned(),
        },
    })
}

/// A failure that answers `code` with `status` on the operation at `path`,
/// as the server words it there; `refused` is what a refused body got wrong
/// (`None` without a body). The match is exhaustive, so a new code cannot go
/// without an example.
fn sample(code: ErrorCode, status: u16, path: &str, refused: Option<&FieldError>) -> ApiError {
    let visitor = path.starts_with("/v1/assessments/");
    let field = refused.map_or(".", |r| r.path.as_str());
    let cause = || Box::new(std::io::Error::other("an example")).into();
    match code {
        ErrorCode::InvalidJson => {
            ApiError::InvalidJson("EOF while parsing an object at line 1 column 14".into())
        }
        ErrorCode::ValidationFailed => ApiError::Validation(refused.into_iter().cloned().collect()),
        ErrorCode::InvalidText => ApiError::InvalidText(vec![FieldError {
            path: field.into(),
            code: FieldErrorCode::InvalidText,
            message: "control characters are not allowed in this field".into(),
        }]),
        ErrorCode::ConsentRequired => ApiError::ConsentRequired,
        ErrorCode::UnsupportedMediaType => ApiError::UnsupportedMediaType,
        ErrorCode::PayloadTooLarge => ApiError::PayloadTooLarge,
        ErrorCode::NotFound => ApiError::NotFound,
        ErrorCode::MethodNotAllowed => ApiError::MethodNotAllowed { allow: "GET".into() },
        ErrorCode::BadRequest => ApiError::BadRequest(
            match path {
                "/v1/questionnaire" => "unsupported lang 'fr': use en or es",
                // The list of checks shares the path, and takes no body.
                "/v1/assessments" if refused.is_some() => "Idempotency-Key must be ASCII",
                _ => "the cursor is not one this server gave out",
            }
            .into(),
        ),
        ErrorCode::Unauthorized if visitor => {
            ApiError::Unauthorized("this needs the token given when the check was saved".into())
        }
        ErrorCode::Unauthorized => ApiError::Unauthorized("use Authorization: Bearer <token>".into()),
        ErrorCode::InvalidCredentials => ApiError::InvalidCredentials,
        ErrorCode::AccountDisabled => ApiError::AccountDisabled,
        ErrorCode::PasswordChangeRequired => ApiError::PasswordChangeRequired,
        ErrorCode::TwoStepEnrolmentRequired => ApiError::TwoStepEnrolmentRequired,
        ErrorCode::OneTimeCodeRequired => ApiError::OneTimeCodeRequired,
        ErrorCode::InvalidOneTimeCode => ApiError::InvalidOneTimeCode,
        ErrorCode::TwoStepAlreadyOn => ApiError::TwoStepAlreadyOn,
        ErrorCode::TwoStepNotStarted => ApiError::TwoStepNotStarted,
        ErrorCode::TemporaryPasswordUsed => ApiError::TemporaryPasswordUsed,
        ErrorCode::TokenExpired => ApiError::TokenExpired,
        ErrorCode::EmailTaken => ApiError::EmailTaken,
        ErrorCode::SlugTaken => ApiError::SlugTaken,
        ErrorCode::NotRedeemed => ApiError::NotRedeemed,
        ErrorCode::Forbidden if visitor => ApiError::Forbidden("this token is not for this check".into()),
        ErrorCode::Forbidden => ApiError::Forbidden("this needs an admin account".into()),
        ErrorCode::RateLimited => ApiError::RateLimited { retry_after: 42 },
        ErrorCode::IdempotencyKeyReused => ApiError::IdempotencyKeyReused,
        ErrorCode::AssessmentErased => ApiError::AssessmentErased,
        ErrorCode::NotEligible => ApiError::NotEligible,
        ErrorCode::NoActiveOffer => ApiError::NoActiveOffer,
        ErrorCode::InvalidCode if status == 404 => ApiError::InvalidCode(CodeError::CheckFailed),
        ErrorCode::InvalidCode => ApiError::InvalidCode(CodeError::WrongLength { len: 9 }),
        ErrorCode::UnknownCode => ApiError::UnknownCode,
        ErrorCode::AlreadyRedeemed => ApiError::AlreadyRedeemed {
            at: "2027-01-14T16:05:09Z".into(),
            by: "desk@cruxsport.example".into(),
        },
        ErrorCode::Expired => ApiError::Expired,
        ErrorCode::Voided => ApiError::Voided,
        ErrorCode::Unavailable => ApiError::Unavailable(cause()),
        ErrorCode::StorageFull => ApiError::StorageFull(cause()),
        ErrorCode::Internal => ApiError::Internal(cause()),
    }
}

/// Every problem answer of `doc` admits only the codes its description
/// names, each with its example. The operations whose problem answers name
/// no code, or a code another status answers, as `METHOD path status`.
pub fn list_codes(doc: &mut Value) -> Vec<String> {
    let mut unlisted = Vec::new();
    let fields: Vec<(String, String, Option<FieldError>)> = operations(doc)
        .map(|(path, method, op)| (path.clone(), method.clone(), refused_field(doc, op)))
        .collect();
    for (path, method, field) in fields {
        let responses = doc["paths"][&path][&method]["responses"].as_object_mut();
        for (status, response) in responses.into_iter().flatten() {
            let codes = codes_in(response["description"].as_str().unwrap_or_default());
            let Some(media) = response.pointer_mut("/content/application~1problem+json") else { continue };
            let number: u16 = status.parse().unwrap_or_default();
            let mut examples = serde_json::Map::new();
            for code in &codes {
                let problem = sample(*code, number, &path, field.as_ref()).problem();
                if problem.status != number {
                    unlisted.push(format!("{method} {path} {status}: `{code}` answers {}", problem.status));
                }
                let example = json!({"summary": format!("{code}: {}", problem.detail), "value": problem});
                examples.insert(code.as_str().to_owned(), example);
            }
            if codes.is_empty() {
                unlisted.push(format!("{method} {path} {status}: no code named"));
            }
            media["schema"] = json!({"allOf": [
                {"$ref": "#/components/schemas/Problem"},
                // Open, so it adds only the limit on `code` to Problem's fields.
                {"type": "object", "properties": {"code": {"enum": codes}}, "additionalProperties": true},
            ]});
            media["examples"] = Value::Object(examples);
        }
    }
    unlisted
}

/// Each operation of `doc`: its path, method and body.
pub(super) fn operations(doc: &Value) -> impl Iterator<Item = (&String, &String, &Value)> {
    doc["paths"].as_object().into_iter().flatten().flat_map(|(path, item)| {
        item.as_object().into_iter().flatten().map(move |(method, op)| (path, method, op))
    })
}
