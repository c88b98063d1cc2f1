"""The audit log through the real binary, with boto3 and the operator's command:

* AdminListUserAuthEvents after a sign-up, a wrong password, a sign-in with SMS MFA (a wrong code,
  then the right one), ForgotPassword and ConfirmForgotPassword: Cognito's five kinds only,
  newest first, each sign-in one event with its answers in order; a remembered device's name on
  the sign-in it proved; paging with MaxResults=1; an unknown user refused;
* AdminUpdateAuthEventFeedback, and UpdateAuthEventFeedback with a wrong token (refused) and with
  the event's token as `cognate audit export` shows it;
* `cognate audit export`: JSON lines oldest first, every kind (Confirmation, MfaChange,
  AdminAction with the admin key id, SmsSent, an unknown name's failed sign-in without a user),
  `--pool` and `--since`;
* SIGTERM, then a restart with `--audit-retention-days 1`: nothing lost, nothing recent purged.
  That old events go is proven by the store's conformance suite, with explicit times.
"""

from __future__ import annotations

import datetime
import json

import pytest

import harness
from device_helpers import (
    answer_sms_mfa,
    create_device_pool,
    device_sign_in,
    enroll_device,
    new_sms_user,
    password_sign_in,
    set_sms_mfa,
    tokens_of,
)
from helpers import create_seed_pool, make_client, new_email, new_password, password_auth, sign_in, sign_up, sign_up_and_confirm, wrong_code
from mfa_helpers import assert_code, error_of

BACKENDS = harness.backends_from_env()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


# --------------------------------------------------------------------------- reading the log


def auth_events(cognito, user, **extra) -> list[dict]:
    """Every AdminListUserAuthEvents page of `user`, newest first."""
    events, token = [], None
    while True:
        args = {"UserPoolId": user.pool_id, "Username": user.email, **extra}
        if token:
            args["NextToken"] = token
        page = cognito.admin_list_user_auth_events(**args)
        events += page["AuthEvents"]
        token = page.get("NextToken")
        if not token:
            return events


def answers(event: dict) -> list[tuple[str, str]]:
    return [(c["ChallengeName"], c["ChallengeResponse"]) for c in event["ChallengeResponses"]]


def summary(events: list[dict]) -> list[tuple[str, str]]:
    return [(e["EventType"], e["EventResponse"]) for e in events]


def exported(node, *args: str) -> list[dict]:
    """`cognate audit export <args>` on the node's storage, one event per line."""
    out = node.storage_command("audit", "export", *args).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def wrong_password_sign_in(cognito, user) -> None:
    e = error_of(password_auth, cognito, user.client_id, user.email, "Wrong-Pass-123")
    assert_code(e, "NotAuthorizedException")


# --------------------------------------------------------------------------- listing


def test_a_users_sign_ins_sign_up_and_password_reset_are_listed_newest_first(server, cognito):
    pool = create_seed_pool(cognito)
    user = new_sms_user(server, cognito, pool)

    wrong_password_sign_in(cognito, user)
    challenge = password_sign_in(cognito, user)
    assert challenge["ChallengeName"] == "SMS_MFA", challenge
    in_progress = auth_events(cognito, user)[0]
    assert (in_progress["EventType"], in_progress["EventResponse"]) == ("SignIn", "InProgress")
    assert answers(in_progress) == [("Password", "Success")]

    code = server.sms.wait_for_code(user.phone)
    e = error_of(cognito.respond_to_auth_challenge, ClientId=user.client_id, ChallengeName="SMS_MFA",
                 Session=challenge["Session"],
                 ChallengeResponses={"USERNAME": user.email, "SMS_MFA_CODE": wrong_code(code)})
    assert_code(e, "CodeMismatchException")
    done = cognito.respond_to_auth_challenge(
        ClientId=user.client_id, ChallengeName="SMS_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": user.email, "SMS_MFA_CODE": code})
    tokens_of(done)

    cognito.forgot_password(ClientId=user.client_id, Username=user.email)
    # The SMS MFA sign-in verified the phone number, which comes first in the recovery order.
    reset = server.sms.wait_for_code(user.phone)
    user.password = new_password()
    cognito.confirm_forgot_password(ClientId=user.client_id, Username=user.email,
                                    ConfirmationCode=reset, Password=user.password)

    events = auth_events(cognito, user)
    assert summary(events) == [
        ("PasswordChange", "Pass"),
        ("ForgotPassword", "Pass"),
        ("SignIn", "Pass"),
        ("SignIn", "Fail"),
        ("SignUp", "Pass"),
    ], events
    signed_in, failed = events[2], events[3]
    assert signed_in["EventId"] == in_progress["EventId"], "one event for the whole sign-in"
    assert answers(signed_in) == [("Password", "Success"), ("Mfa", "Failure"), ("Mfa", "Success")]
    assert answers(failed) == [("Password", "Failure")]
    assert len({e["EventId"] for e in events}) == len(events)
    dates = [e["CreationDate"] for e in events]
    assert dates == sorted(dates, reverse=True), dates
    for event in events:
        assert event["EventRisk"] == {"RiskDecision": "NoRisk", "RiskLevel": "Low",
                                      "CompromisedCredentialsDetected": False}
        assert event["EventContextData"]["IpAddress"] == "127.0.0.1"

    # One event a page: the same events, each once, in the same order.
    pages, token = [], None
    while True:
        args = {"UserPoolId": user.pool_id, "Username": user.email, "MaxResults": 1}
        if token:
            args["NextToken"] = token
        page = cognito.admin_list_user_auth_events(**args)
        assert len(page["AuthEvents"]) == 1, page
        pages.append(page["AuthEvents"][0]["EventId"])
        token = page.get("NextToken")
        if not token:
            break
    assert pages == [e["EventId"] for e in events]

    e = error_of(cognito.admin_list_user_auth_events, UserPoolId=user.pool_id, Username=new_email())
    assert_code(e, "UserNotFoundException")
    assert e.response["Error"]["Message"] == "User does not exist."


def test_a_remembered_device_names_the_sign_in_it_proved(server, cognito):
    pool = create_device_pool(cognito)
    user = new_sms_user(server, cognito, pool, mfa=False)
    device, _ = enroll_device(cognito, user, name="audit-laptop")
    set_sms_mfa(cognito, user, True)
    device_sign_in(cognito, user, device)
    newest = auth_events(cognito, user)[0]
    assert (newest["EventType"], newest["EventResponse"]) == ("SignIn", "Pass")
    assert newest["EventContextData"]["DeviceName"] == "audit-laptop"


# --------------------------------------------------------------------------- feedback


def test_feedback_from_an_administrator_and_from_the_event_token(server, cognito):
    pool = create_seed_pool(cognito)
    user = sign_up_and_confirm(server, cognito, pool)
    sign_in(cognito, user)
    event = auth_events(cognito, user)[0]
    assert event["EventType"] == "SignIn" and "EventFeedback" not in event

    cognito.admin_update_auth_event_feedback(UserPoolId=user.pool_id, Username=user.email,
                                             EventId=event["EventId"], FeedbackValue="Invalid")
    feedback = auth_events(cognito, user)[0]["EventFeedback"]
    assert (feedback["FeedbackValue"], feedback["Provider"]) == ("Invalid", "Admin")
    assert feedback["FeedbackDate"].timestamp() > 0

    # The public form needs the token Cognito mails in risk notifications: a wrong one is refused.
    public = make_client(server.endpoint, unsigned=True)
    e = error_of(public.update_auth_event_feedback, UserPoolId=user.pool_id, Username=user.email,
                 EventId=event["EventId"], FeedbackToken="not-the-token", FeedbackValue="Valid")
    assert_code(e, "NotAuthorizedException")
    # The export shows the event's token, for an application that mails its own notifications.
    line = next(x for x in exported(server, "--pool", user.pool_id) if x["eventId"] == event["EventId"])
    public.update_auth_event_feedback(UserPoolId=user.pool_id, Username=user.email, EventId=event["EventId"],
                                      FeedbackToken=line["feedbackToken"], FeedbackValue="Valid")
    feedback = auth_events(cognito, user)[0]["EventFeedback"]
    assert (feedback["FeedbackValue"], feedback["Provider"]) == ("Valid", "User")

    e = error_of(cognito.admin_update_auth_event_feedback, UserPoolId=user.pool_id, Username=user.email,
                 EventId="no-such-event", FeedbackValue="Valid")
    assert_code(e, "ResourceNotFoundException")
    assert e.response["Error"]["Message"] == "Auth event not found."


# --------------------------------------------------------------------------- export


def test_export_writes_every_kind_oldest_first_for_a_pool_and_from_a_time(server, cognito):
    pool = create_seed_pool(cognito)
    other = create_seed_pool(cognito)
    user = new_sms_user(server, cognito, pool)
    tokens_of(answer_sms_mfa(server, cognito, user, password_sign_in(cognito, user)))
    error_of(password_auth, cognito, pool["client_id"], new_email("nobody"), "Wrong-Pass-123")
    unconfirmed = new_email()
    sign_up(cognito, pool["client_id"], unconfirmed, new_password())
    cognito.resend_confirmation_code(ClientId=pool["client_id"], Username=unconfirmed)
    sign_up_and_confirm(server, cognito, other)
    # Listing writes out what the server has queued, so the export sees it all.
    auth_events(cognito, user)

    lines = exported(server, "--pool", pool["pool_id"])
    assert lines and all(x["poolId"] == pool["pool_id"] for x in lines), lines
    seqs = [x["seq"] for x in lines]
    assert seqs == sorted(seqs), "oldest first"
    mine = [x for x in lines if x["sub"] == user.sub]
    kinds = [x["kind"] for x in mine]
    for kind in ("SignUp", "Confirmation", "MfaChange", "SignIn"):
        assert kind in kinds, kinds
    assert kinds.index("SignUp") < kinds.index("Confirmation") < kinds.index("SignIn")
    mfa = next(x for x in mine if x["kind"] == "MfaChange")
    assert mfa["detail"]["operation"] == "AdminSetUserMFAPreference"
    assert mfa["adminKeyId"] == harness.DUMMY_ACCESS_KEY
    signed_in = next(x for x in mine if x["kind"] == "SignIn")
    assert signed_in["response"] == "Pass" and signed_in["clientId"] == pool["client_id"]
    assert [c["challengeName"] for c in signed_in["challengeResponses"]] == ["Password", "Mfa"]
    assert signed_in["sourceIp"] == "127.0.0.1" and signed_in["userAgent"]
    sms = [x for x in lines if x["kind"] == "SmsSent"]
    assert any(x["detail"]["destination"].endswith(user.phone[-4:]) for x in sms), sms
    assert all(len(x["detail"]["country"]) == 2 for x in sms), sms
    nobody = [x for x in lines if x["kind"] == "SignIn" and x["sub"] is None]
    assert nobody and nobody[-1]["response"] == "Fail" and "feedbackToken" not in nobody[-1]
    assert any(x["kind"] == "ResendCode" and x["username"] for x in lines), lines

    everything = exported(server)
    assert {x["poolId"] for x in everything} >= {pool["pool_id"], other["pool_id"]}
    # From a time on: epoch seconds or RFC 3339, the events of that time and after.
    middle = lines[len(lines) // 2]["createdMs"]
    expected = [x["eventId"] for x in lines if x["createdMs"] >= middle]
    since = exported(server, "--pool", pool["pool_id"], "--since", f"{middle / 1000:.3f}")
    assert [x["eventId"] for x in since] == expected
    since = exported(server, "--pool", pool["pool_id"], "--since", rfc3339(middle))
    assert [x["eventId"] for x in since] == expected


def rfc3339(ms: int) -> str:
    """Epoch ms as an RFC 3339 time with milliseconds, UTC."""
    at = datetime.datetime.fromtimestamp(ms // 1000, tz=datetime.timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


# --------------------------------------------------------------------------- durability, retention


def test_sigterm_loses_no_event_and_a_retention_keeps_recent_ones(server_factory, backend):
    node = server_factory("--audit-retention-days", "1", backend=backend)
    cognito = make_client(node.endpoint)
    pool = create_seed_pool(cognito)
    user = sign_up_and_confirm(node, cognito, pool)
    for _ in range(20):
        sign_in(cognito, user)
    # Straight to SIGTERM: nothing has read the log, so nothing asked for it to be written.
    node.stop()
    assert "stopped with audit events still being written" not in node.log_path.read_text()
    node.start()  # purges what is older than a day, at once
    events = auth_events(make_client(node.endpoint), user)
    assert summary(events) == [("SignIn", "Pass")] * 20 + [("SignUp", "Pass")]
    lines = exported(node, "--pool", pool["pool_id"])
    assert sum(x["kind"] == "SignIn" for x in lines) == 20
