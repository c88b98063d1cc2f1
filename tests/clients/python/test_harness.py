"""Self-tests of the harness pieces that do not need the cognate binary."""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage

import pytest
import requests

import harness
from harness import PgDatabase, SmsSink, SmtpSink, add_endpoint_url, extract_code, split_commands


@pytest.fixture
def smtp():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def sms():
    sink = SmsSink().start()
    yield sink
    sink.stop()


def test_smtp_sink_receives_mail_and_extracts_code(smtp):
    msg = EmailMessage()
    msg["From"] = "no-reply@cognate.test"
    msg["To"] = "User@Example.com"
    msg["Subject"] = "Your verification code"
    msg.set_content("Your verification code is 042137. ")
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as c:
        c.send_message(msg)
    assert smtp.wait_for_code("user@example.com", timeout=10) == "042137"
    (m,) = smtp.messages
    assert m.subject == "Your verification code"
    assert m.recipients == ["user@example.com"]
    # already seen: a second wait must time out rather than return the same code again
    with pytest.raises(TimeoutError):
        smtp.wait_for_code("user@example.com", timeout=0.2)


def test_smtp_sink_returns_newest_unseen_code(smtp):
    for code in ("111111", "222222"):
        msg = EmailMessage()
        msg["From"] = "a@b.c"
        msg["To"] = "x@example.com"
        msg["Subject"] = "s"
        msg.set_content(f"Your verification code is {code}. ")
        with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as c:
            c.send_message(msg)
    assert smtp.wait_for_code("x@example.com") == "222222"
    smtp.clear()
    assert smtp.messages == []


def test_smtp_sink_decodes_base64_html_body(smtp):
    msg = EmailMessage()
    msg["From"] = "a@b.c"
    msg["To"] = "h@example.com"
    msg["Subject"] = "s"
    msg.set_content("<p>Your code: <b>987654</b></p>", subtype="html", cte="base64")
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as c:
        c.send_message(msg)
    assert smtp.wait_for_code("h@example.com") == "987654"


def test_sms_sink_receives_webhook_post(sms):
    body = {
        "phone_number": "+15551234567",
        "message": "Your MFA code is 314159",
        "user_pool_id": "us-east-1_abcdefghi",
        "purpose": "mfa",
    }
    r = requests.post(sms.url, json=body, timeout=5)
    assert r.status_code == 200
    assert sms.wait_for_code("+15551234567") == "314159"
    (m,) = sms.messages
    assert m.purpose == "mfa" and m.user_pool_id == "us-east-1_abcdefghi"
    assert m.raw == body


def test_sms_sink_can_fail_deliveries(sms):
    sms.status_code = 500
    r = requests.post(sms.url, data=json.dumps({"phone_number": "+1", "message": "x"}), timeout=5)
    assert r.status_code == 500
    assert sms.messages == [] and len(sms.requests) == 1


def test_postgres_database_lifecycle():
    db = PgDatabase().create()
    try:
        assert db.name.startswith("cognate_t_")
        assert db.exists()
        import psycopg

        with psycopg.connect(db.url, connect_timeout=5) as conn:  # an open connection must not block the drop
            conn.execute("CREATE TABLE t (x int)")
            conn.commit()
            db.drop()
        assert not db.exists()
    finally:
        db.drop()


@pytest.mark.parametrize(
    "text,code",
    [
        ("Your verification code is 123456. ", "123456"),
        ("Your MFA code is 000042", "000042"),
        ("Pool us-east-1_Ab1234567 code: 654321", "654321"),
        ("no digits here", None),
    ],
)
def test_extract_code(text, code):
    assert extract_code(text) == code


SNIPPET = """USER_POOL_ID="us-east-1_XXXXXXXXX"  # From Step 2

# Create App Client
aws cognito-idp create-user-pool-client \\
  --user-pool-id $USER_POOL_ID \\
  --policies '{
    "A": "it's # not a comment"
  }' \\
  --query 'UserPoolClient.ClientId' \\
  --output text

aws cognito-idp sign-up \\
  --user-attributes \\
    Name=name,Value="Test User"
"""


def test_add_endpoint_url_appends_to_every_aws_command():
    # a JSON argument spanning lines inside quotes belongs to the same command
    assert len(split_commands(SNIPPET.replace("it's", "its"))) == 3
    out = add_endpoint_url(SNIPPET.replace("it's", "its"))
    assert out.count('--endpoint-url "$ENDPOINT"') == 2
    assert '--output text --endpoint-url "$ENDPOINT"\n' in out
    assert 'Value="Test User" --endpoint-url "$ENDPOINT"\n' in out
    assert out.startswith('USER_POOL_ID="us-east-1_XXXXXXXXX"  # From Step 2\n')


def test_aws_cli_is_installed():
    assert harness.AWS_BIN.exists(), "run tests/clients/setup.sh"
