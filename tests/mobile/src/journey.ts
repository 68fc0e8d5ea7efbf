// The clinic's mobile app journey, through a client generated from the
// server's own /openapi.json (openapi-typescript types + openapi-fetch).
// `tsc` checks every path, parameter and body below against the document,
// so a route, field or error the document gets wrong fails the build; running
// it against the real server checks the answers.
//
//   node build/src/journey.js http://127.0.0.1:PORT
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/schema.js";

type Schemas = components["schemas"];

const base = process.argv[2];
if (!base) throw new Error("usage: journey.js BASE_URL");
const api = createClient<paths>({ baseUrl: base });

function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`mobile journey: ${what}`);
}

// CONTENT.md section 8's example, as the app would send it from Spanish.
const answers: Schemas["Answers"] = {
  questionnaire_version: "2026-11.v1",
  locale: "es",
  consent: true,
  source: "mobile",
  safety: ["night_or_rest_pain"],
  shoes: {
    left: { zones: ["heel_outer", "fore_inner"], counter: "leans_in" },
    right: { zones: [], counter: "cant_tell" },
  },
  symptoms: {
    back_pain: 4,
    back_pain_duration: "6_to_12_weeks",
    back_pain_improving: false,
    morning_stiffness: false,
    sore_places: ["knee"],
    recent_injury: false,
    gait_changing_foot_pain: false,
  },
  activity: { runs_per_week: "3_4", surface: "road", cycles: false },
  about: { age_band: "40_49", sex: "female" },
  balance: {
    left: { eyes_open: [12.5, 20.1], eyes_closed: [] },
    right: { eyes_open: [30.0], eyes_closed: [8.2] },
  },
};

async function main(): Promise<void> {
  // The questionnaire in Spanish, then cached: the same ETag answers 304.
  const questionnaire = await api.GET("/v1/questionnaire", { params: { query: { lang: "es" } } });
  check(questionnaire.data, `questionnaire: ${questionnaire.response.status}`);
  check(questionnaire.data.locale === "es" && questionnaire.data.version === answers.questionnaire_version, "Spanish document");
  const zone = questionnaire.data.shoes.zones.find((z) => z.key === "fore_inner");
  check(zone && zone.label.length > 0, "zone labels");
  const etag = questionnaire.response.headers.get("etag");
  check(etag, "ETag");
  const cached = await api.GET("/v1/questionnaire", {
    params: { query: { lang: "es" }, header: { "If-None-Match": etag } },
  });
  check(cached.response.status === 304, `cached copy: ${cached.response.status}`);

  // The clinic the app talks to.
  const clinic = await api.GET("/v1/clinic");
  check(clinic.data && clinic.data.time_zone.includes("/"), "clinic");

  // Store the check; a retry with the same key is the same check.
  const key = `mobile-${Date.now()}`;
  const created = await api.POST("/v1/assessments", { body: answers, params: { header: { "Idempotency-Key": key } } });
  check(created.data && created.response.status === 201, `assessment: ${created.response.status}`);
  const again = await api.POST("/v1/assessments", { body: answers, params: { header: { "Idempotency-Key": key } } });
  check(again.data && again.data.id === created.data.id, "idempotent retry");
  const { id, token, result } = created.data;
  check(result.referral.level === "soon" && result.plan.status === "ask_clinician_first", "scored on the server");
  const auth = { headers: { Authorization: `Bearer ${token}` }, params: { path: { id } } };

  // A check the wire format rules out: a typed problem, with the field's path.
  const refused = await api.POST("/v1/assessments", {
    body: { ...answers, symptoms: { ...answers.symptoms, back_pain: 11 } },
  });
  check(refused.error && refused.response.status === 422, "out-of-range answer refused");
  check(refused.error.code === "validation_failed", "problem code");
  check(refused.error.errors?.some((e) => e.path === "symptoms.back_pain"), "field path");

  // Offers running today, and this check's code (issued once).
  const offers = await api.GET("/v1/offers");
  check(offers.data && offers.data.active.length > 0, "an offer runs");
  const code = await api.POST("/v1/assessments/{id}/code", auth);
  check(code.data && code.response.status === 201, `code: ${code.response.status}`);
  const sameCode = await api.POST("/v1/assessments/{id}/code", auth);
  check(sameCode.response.status === 200 && sameCode.data?.code === code.data.code, "same code again");

  // Past result, exercise sessions and progress.
  const stored = await api.GET("/v1/assessments/{id}", auth);
  check(stored.data && stored.data.result.plan.items.length === result.plan.items.length, "past result");
  const first = result.plan.items[0];
  check(first, "a plan item");
  for (const sets_done of [3, 2]) {
    const logged = await api.POST("/v1/assessments/{id}/sessions", { ...auth, body: { plan_key: first.key, sets_done } });
    check(logged.data && logged.response.status === 201, `session: ${logged.response.status}`);
  }
  const notInPlan = await api.POST("/v1/assessments/{id}/sessions", { ...auth, body: { plan_key: "cycling" } });
  check(notInPlan.error?.code === "validation_failed", "only plan items can be logged");
  const progress = await api.GET("/v1/assessments/{id}/progress", auth);
  check(progress.data && progress.data.total_sessions === 2 && progress.data.current_streak_days === 1, "progress");
  check(progress.data.exercises[0]?.plan_key === first.key && progress.data.exercises[0]?.sessions === 2, "totals");

  // Erase the answers; the code still stands.
  const erased = await api.DELETE("/v1/assessments/{id}", auth);
  check(erased.response.status === 204, `erase: ${erased.response.status}`);
  const gone = await api.GET("/v1/assessments/{id}", auth);
  check(gone.error?.code === "not_found", "erased check is gone");

  console.log(`mobile journey ok: ${id} ${code.data.code}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
