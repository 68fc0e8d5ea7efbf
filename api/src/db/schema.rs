// One portable schema for both backends: ids as text, timestamps as UTC
// `TIMESTAMP` (chrono `NaiveDateTime`).

diesel::table! {
    assessments (id) {
        id -> Text,
        token_hash -> Text,
        questionnaire_version -> Text,
        locale -> Text,
        source -> Text,
        answers -> Nullable<Text>,
        result -> Nullable<Text>,
        hint -> Text,
        referral_level -> Text,
        created_at -> Timestamp,
        erased_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    campaigns (id) {
        id -> Text,
        slug -> Text,
        title -> Text,
        description -> Text,
        percent_off -> Integer,
        applies_to -> Text,
        starts_on -> Date,
        ends_on -> Date,
        recurrence -> Text,
        code_life_days -> Nullable<Integer>,
        demo -> Bool,
        ended_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    staff (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        must_change_password -> Bool,
        session_epoch -> Integer,
        password_changed_at -> Nullable<Timestamp>,
        temporary_used_at -> Nullable<Timestamp>,
        totp_secret -> Nullable<Text>,
        totp_pending -> Nullable<Text>,
        totp_last_step -> Nullable<BigInt>,
        totp_enabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recovery_codes (code_hash) {
        code_hash -> Text,
        staff_id -> Text,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    security_policy (id) {
        id -> Integer,
        require_two_step -> Bool,
        updated_at -> Nullable<Timestamp>,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    codes (code) {
        code -> Text,
        assessment_id -> Text,
        campaign_id -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        redeemed_at -> Nullable<Timestamp>,
        redeemed_by -> Nullable<Text>,
        voided_at -> Nullable<Timestamp>,
        void_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        staff_id -> Text,
        family_id -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        session_epoch -> Integer,
    }
}

diesel::table! {
    login_failures (subject) {
        subject -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Text,
        at -> Timestamp,
        actor_id -> Nullable<Text>,
        action -> Text,
        code -> Nullable<Text>,
        outcome -> Text,
        reason -> Nullable<Text>,
        typed -> Text,
        normalised -> Text,
        client_address -> Nullable<Text>,
        assessment_id -> Nullable<Text>,
        route -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (key_lookup) {
        key_lookup -> Text,
        request_hash -> Text,
        assessment_id -> Text,
        sealed_token -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

// Replies kept before they were sealed; emptied at start (migration 11).
diesel::table! {
    unsealed_replies (idempotency_key) {
        idempotency_key -> Text,
        request_hash -> Text,
        assessment_id -> Text,
        token -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    exercise_sessions (id) {
        id -> Text,
        assessment_id -> Text,
        plan_key -> Text,
        performed_on -> Date,
        sets_done -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        secret -> Text,
        created_at -> Timestamp,
        retired_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    check_counts (week_start, hint, referral_level) {
        week_start -> Date,
        hint -> Text,
        referral_level -> Text,
        checks -> BigInt,
    }
}

diesel::table! {
    check_counts_zone (zone) {
        zone -> Text,
    }
}

diesel::table! {
    code_counts (campaign_id) {
        campaign_id -> Text,
        issued -> BigInt,
        redeemed -> BigInt,
    }
}

diesel::joinable!(codes -> assessments (assessment_id));
diesel::joinable!(codes -> campaigns (campaign_id));
diesel::joinable!(exercise_sessions -> assessments (assessment_id));
diesel::joinable!(idempotency_keys -> assessments (assessment_id));
diesel::joinable!(code_counts -> campaigns (campaign_id));

diesel::allow_tables_to_appear_in_same_query!(
    recovery_codes,
    security_policy,
    assessments,
    campaigns,
    staff,
    codes,
    audit_log,
    exercise_sessions,
    code_counts,
    idempotency_keys
);
