#!/usr/bin/env python3
"""Records the request and answer examples of /openapi.json from a real server.

Starts the debug build of solecheck-api on a scratch SQLite database, with its
clock set to a January morning at the clinic (libfaketime), walks through every
operation the way the widget, the app and the console call it, and writes each
operation's request body and answer to api/src/openapi/examples.json. The
document carries them (api/src/openapi/examples.rs), and a unit test checks each
against its schema: when a schema changes, that test fails until this is run
again.

    cargo build -p solecheck-api && .ci/openapi-examples.py

The tokens, secrets and passwords it records belong to the scratch server and
its throw-away key file, deleted when it ends: they open nothing anywhere.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import pathlib
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/debug/solecheck-api"
OUT = ROOT / "api/src/openapi/examples.json"
# A Tuesday in January, mid-morning in St. George (UTC-7).
START = datetime.datetime(2027, 1, 12, 16, 20, 0, tzinfo=datetime.timezone.utc)
ADMIN, DESK = "admin@cruxsport.example", "desk@cruxsport.example"
ADMIN_PASSWORD, DESK_PASSWORD = "granite-switchback-1987", "red-cliffs-morning-trail"
NEW_DESK_PASSWORD = "snow-canyon-sunrise-loop"


def faketime_lib():
    for candidate in [pathlib.Path("/usr/lib/faketime/libfaketime.so.1"), *pathlib.Path("/usr/lib").glob("*/faketime/libfaketime.so.1")]:
        if candidate.exists():
            return str(candidate)
    sys.exit("libfaketime is missing: run .ci/setup.sh --test")


class Server:
    def __init__(self, folder):
        self.env = dict(
            os.environ,
            DATABASE_URL=str(folder / "solecheck.db"),
            SOLECHECK_KEY_FILE=str(folder / "solecheck.key"),
            SOLECHECK_BIND="127.0.0.1:0",
            SOLECHECK_WORKERS="1",
            SOLECHECK_PUBLIC_RATE_LIMIT="0",
            SOLECHECK_CLINIC_PHONE="(435) 555-0142",
            SOLECHECK_CLINIC_BOOKING_URL="https://cruxsport.example/book",
            RUST_LOG="warn",
            LD_PRELOAD=faketime_lib(),
            FAKETIME="@" + START.strftime("%Y-%m-%d %H:%M:%S"),
            FAKETIME_DONT_FAKE_MONOTONIC="1",
            TZ="UTC",
        )
        self.started = time.time()
        for email, role, password in [(ADMIN, "admin", ADMIN_PASSWORD), (DESK, "staff", DESK_PASSWORD)]:
            subprocess.run([BINARY, "staff", "add", "--email", email, "--role", role],
                           env=dict(self.env, SOLECHECK_PASSWORD=password), check=True, stdout=subprocess.DEVNULL)
        self.process = subprocess.Popen([BINARY, "serve"], env=self.env, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        prefix = "SoleCheck listening on "
        if not line.startswith(prefix):
            sys.exit(f"the server did not start: {line!r}")
        self.base = line[len(prefix):]

    def now(self):
        """The server's clock: START when it began, running since."""
        return START.timestamp() + (time.time() - self.started)

    def call(self, method, path, body=None, token=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, data) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            sys.exit(f"{method} {path}: {error.code} {error.read().decode()}")
        return status, (json.loads(text) if text else None)


def totp(secret, at):
    """RFC 6238 as authenticator apps do it: SHA-1, 6 digits, 30 s."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def main():
    if not BINARY.exists():
        sys.exit("build it first: cargo build -p solecheck-api")
    examples = {}

    with tempfile.TemporaryDirectory() as folder:
        server = Server(pathlib.Path(folder))

        def record(op, method, path, body=None, token=None, headers=None):
            status, answer = server.call(method, path, body, token, headers)
            entry = examples.setdefault(op, {"responses": {}})
            if body is not None:
                entry["request"] = body
            if answer is not None:
                entry["responses"][str(status)] = answer
            return answer

        try:
            record("healthz", "GET", "/healthz")
            record("readyz", "GET", "/readyz")
            record("get_questionnaire", "GET", "/v1/questionnaire?lang=en")
            record("get_clinic", "GET", "/v1/clinic")

            admin = record("login", "POST", "/v1/auth/login", {"email": ADMIN, "password": ADMIN_PASSWORD})["access_token"]
            today = datetime.datetime.fromtimestamp(server.now(), datetime.timezone(datetime.timedelta(hours=-7))).date()
            # The clinic's own campaigns (January massage, August packages) come
            # with the database; an admin plans a spring one.
            campaign = record("create_campaign", "POST", "/v1/campaigns", {
                "slug": "spring-gait-check",
                "title": "Spring running gait check",
                "description": "Getting ready for race season? 15% off a running gait assessment through April.",
                "percent_off": 15,
                "applies_to": "a running gait assessment",
                "starts_on": f"{today.year}-04-01",
                "ends_on": f"{today.year}-04-30",
                "recurrence": "none",
                "code_life_days": 30,
            }, token=admin)
            record("update_campaign", "PATCH", f"/v1/campaigns/{campaign['id']}", {"percent_off": 20}, token=admin)
            record("list_campaigns", "GET", "/v1/campaigns?limit=20", token=admin)
            record("get_offers", "GET", "/v1/offers")

            answers = EXAMPLE_ANSWERS
            created = record("create_assessment", "POST", "/v1/assessments", answers,
                             headers={"Idempotency-Key": "3f6c1e0a-8d2b-4c7e-9a51-2b7d04c9e8f3"})
            check, visitor = created["id"], created["token"]
            record("get_assessment", "GET", f"/v1/assessments/{check}", token=visitor)
            issued = record("issue_code", "POST", f"/v1/assessments/{check}/code", {"campaign": "new-year-massage"}, token=visitor)
            # Asked again (the visitor reloads the page): the same code, 200.
            record("issue_code", "POST", f"/v1/assessments/{check}/code", {"campaign": "new-year-massage"}, token=visitor)
            plan_key = created["result"]["plan"]["items"][0]["key"]
            record("log_session", "POST", f"/v1/assessments/{check}/sessions",
                   {"plan_key": plan_key, "performed_on": today.isoformat(), "sets_done": 2}, token=visitor)
            record("get_progress", "GET", f"/v1/assessments/{check}/progress", token=visitor)
            record("export_assessment", "GET", f"/v1/assessments/{check}/export", token=visitor)

            desk_pair = server.call("POST", "/v1/auth/login", {"email": DESK, "password": DESK_PASSWORD})[1]
            desk = desk_pair["access_token"]
            record("me", "GET", "/v1/auth/me", token=desk)
            code = issued["code"]
            record("get_code", "GET", f"/v1/codes/{code}", token=desk)
            record("redeem_code", "POST", f"/v1/codes/{code}/redeem", token=desk)
            record("unredeem_code", "POST", f"/v1/codes/{code}/unredeem",
                   {"reason": "Redeemed at the desk by mistake; the visit was rebooked for next week."}, token=admin)
            record("refresh", "POST", "/v1/auth/refresh", {"refresh_token": desk_pair["refresh_token"]})

            # A second visitor, whose code is voided and whose check is erased by phone.
            second = server.call("POST", "/v1/assessments", dict(answers, safety=[]),
                                 headers={"Idempotency-Key": "b41d7e92-05c3-4f8a-a6e0-7c2f19d3b5a4"})[1]
            other = server.call("POST", f"/v1/assessments/{second['id']}/code", {"campaign": "new-year-massage"}, token=second["token"])[1]
            record("void_code", "POST", f"/v1/codes/{other['code']}/void",
                   {"reason": "Issued twice for the same visit; the visitor keeps the other code."}, token=admin)
            record("erase_check", "POST", f"/v1/codes/{other['code']}/erase-check",
                   {"reason": "The visitor phoned on 12 January and asked us to erase her answers."}, token=admin)
            record("code_audit", "GET", f"/v1/codes/{code}/audit", token=admin)
            record("audit_log", "GET", "/v1/audit?limit=3", token=admin)
            record("list_assessments", "GET", "/v1/assessments?limit=2", token=admin)
            record("get_stats", "GET", "/v1/stats", token=admin)

            # The admin turns two-step sign-in on for their own account, then
            # requires it of everyone; the desk sets it up too, and loses the phone.
            setup = record("begin", "POST", "/v1/auth/two-step", {"current_password": ADMIN_PASSWORD}, token=admin)
            record("confirm", "POST", "/v1/auth/two-step/confirm", {"code": totp(setup["secret"], server.now())}, token=admin)
            record("get_policy", "GET", "/v1/security", token=admin)
            record("set_policy", "PUT", "/v1/security", {"require_two_step": True}, token=admin)
            desk_setup = server.call("POST", "/v1/auth/two-step", {"current_password": DESK_PASSWORD}, token=desk)[1]
            server.call("POST", "/v1/auth/two-step/confirm", {"code": totp(desk_setup["secret"], server.now())}, token=desk)
            desk_id = server.call("GET", "/v1/auth/me", token=desk)[1]["id"]
            record("turn_off", "DELETE", f"/v1/staff/{desk_id}/two-step", token=admin)
            record("change_password", "POST", "/v1/auth/password",
                   {"current_password": DESK_PASSWORD, "new_password": NEW_DESK_PASSWORD}, token=desk)

            added = record("create_staff", "POST", "/v1/staff",
                           {"email": "frontdesk2@cruxsport.example", "password": "desert-willow-lantern", "role": "staff"}, token=admin)
            record("update_staff", "PATCH", f"/v1/staff/{added['id']}", {"role": "admin"}, token=admin)
            record("reset_password", "POST", f"/v1/staff/{added['id']}/password-reset", token=admin)
            record("list_staff", "GET", "/v1/staff?limit=20", token=admin)
            fresh = server.call("POST", "/v1/auth/login", {"email": DESK, "password": NEW_DESK_PASSWORD})[1]
            record("logout", "POST", "/v1/auth/logout", {"refresh_token": fresh["refresh_token"]})
            record("delete_assessment", "DELETE", f"/v1/assessments/{check}", token=visitor)
        finally:
            server.process.terminate()
            server.process.wait()

    # What /readyz answers while the database is down, which this walk does
    # not cause: the same body with the outage's name.
    ready = examples["readyz"]["responses"]["200"]
    examples["readyz"]["responses"]["503"] = dict(ready, status="database_unavailable")
    OUT.write_text(json.dumps(examples, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(examples)} operations recorded in {OUT.relative_to(ROOT)}")


# The example body of CONTENT.md section 8 (shared/src/fixtures.rs example_json).
EXAMPLE_ANSWERS = {
    "questionnaire_version": "2026-11.v1",
    "locale": "en",
    "consent": True,
    "source": "widget",
    "safety": ["night_or_rest_pain"],
    "shoes": {
        "left": {"zones": ["heel_outer", "fore_inner"], "counter": "leans_in"},
        "right": {"zones": [], "counter": "cant_tell"},
    },
    "symptoms": {
        "back_pain": 4,
        "back_pain_duration": "6_to_12_weeks",
        "back_pain_improving": False,
        "morning_stiffness": False,
        "sore_places": ["knee"],
        "recent_injury": False,
        "gait_changing_foot_pain": False,
    },
    "activity": {"runs_per_week": "3_4", "surface": "road", "cycles": False},
    "about": {"age_band": "40_49", "sex": "female"},
    "balance": {
        "left": {"eyes_open": [12.5, 20.1], "eyes_closed": []},
        "right": {"eyes_open": [30.0], "eyes_closed": [8.2]},
    },
}

if __name__ == "__main__":
    main()
