"""The console's SMS page and dev inbox, driven the way a browser without script drives them:
a `requests.Session` that keeps the console's cookies, reads each form's `_csrf` field out of
the page and posts the form, on both backends.

* the SMS page of a new account (in the sandbox, 1 USD limit), its sandbox destination numbers
  (the one-time password read from the dev inbox, a wrong one refused beside its field);
* seed 000's "Exit SMS sandbox" request: a missing answer is named next to its field and the
  typed answers stay, the complete request waits for the operator, whose approval answers in
  AWS support's words and leaves the account out of the sandbox with a MonthlySpendLimit of
  50, as `aws sns` / boto3 read it;
* the dev inbox listing the sign-up code email of a server whose email sender is `log`, and
  saying what to do on a server whose senders are real carriers.
"""

from __future__ import annotations

import html
import re

import pytest
import requests

import harness
from console_forms import csrf_token
from sms_helpers import sns_client, us_phone

BACKENDS = harness.backends_from_env()
PASSWORD = "TestPass123!"
APPROVAL = (
    "Thank you for submitting your request to increase your SMS monthly spending limits. "
    "Your new SMS monthly spending limit of $50 USD was implemented in Asia Pacific (Singapore) region."
)
# Seed 000's request, answered for a sign-in service.
REQUEST = {
    "company": "Example Corp",
    "company_url": "https://example.com",
    "region": "ap-southeast-1",
    "monthly_spend": "50",
    "service_name": "Example sign-in",
    "relationship": "Our own app: one-time passwords for users who turned on SMS MFA.",
    "service_url": "https://app.example.com",
    "opt_in": "Users add their phone number in Settings > Security and confirm it with a code.",
    "launch_date": "2025-07-01",
    "origination": "SenderID",
    "registered": "1",
    "countries": "SG, US",
    "message_type": "Transactional",
    "per_day": "1000",
    "per_second": "1",
    "templates": "Your verification code is {####}",
    "urls": "",
    "domains": "",
}
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CODE = re.compile(r"<strong>(\d{4,8})</strong>")


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


class Console:
    """The console of one server, as a browser session sees it."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.http = requests.Session()
        self.page = ""

    def get(self, path: str, status: int = 200) -> str:
        r = self.http.get(self.endpoint + path, allow_redirects=False, timeout=30)
        assert r.status_code == status, f"GET {path}: {r.status_code}\n{r.text[:3000]}"
        self.page = r.text
        return r.text

    def post(self, path: str, fields: dict[str, str], status: int = 303) -> requests.Response:
        """Posts a form of the page last read, with that page's CSRF token; a 303 is followed
        (its page becomes the page last read)."""
        data = {"_csrf": csrf_token(self.page), **fields}
        r = self.http.post(self.endpoint + path, data=data, allow_redirects=False, timeout=30)
        assert r.status_code == status, f"POST {path}: {r.status_code}\n{r.text[:3000]}"
        if status == 303:
            location = r.headers["Location"]
            assert location.startswith("/console/"), location
            self.get(location)
        else:
            self.page = r.text
        return r

    @property
    def text(self) -> str:
        """The page last read, entities decoded."""
        return html.unescape(self.page)

    def inbox_code_to(self, recipient: str, timeout: float = 10) -> str:
        """The code of the newest message to `recipient` on the dev inbox (polled: codes may
        go out just after the answer that sends them)."""

        def newest():
            self.get("/console/inbox")
            for row in _ROW.findall(self.page):
                if recipient in html.unescape(row):
                    m = _CODE.search(row)
                    return m.group(1) if m else None
            return None

        return harness.poll(newest, timeout, interval=0.1, what=f"a code to {recipient} on the dev inbox")


def _log_sender_node(server_factory, backend):
    """A server whose email and SMS senders are `log` (the development default), with a new
    SMS account (in the sandbox). The harness gives its servers an SMTP sink, so its
    `--email-sender smtp` is taken out of the command line."""
    srv = server_factory(
        "--email-sender", "log", "--sms-sender", "log", backend=backend, sms_sandbox=True, start=False
    )
    command = srv.command

    def with_log_email():
        args = command()
        at = args.index("--email-sender")
        assert args[at + 1 : at + 3] == ["smtp", "--smtp-url"], args
        del args[at : at + 4]
        return args

    srv.command = with_log_email
    srv.start()
    return srv


def test_exit_sandbox_request_approved_from_the_console(server_factory, backend):
    node = _log_sender_node(server_factory, backend)
    sns = sns_client(node.endpoint)
    console = Console(node.endpoint)

    console.get("/console/sms")
    assert "<h1>SMS</h1>" in console.page
    assert "In the SMS sandbox" in console.text
    assert re.search(r"Account spend limit</dt>\s*<dd>1 USD</dd>", console.page), console.page
    assert "Exit SMS sandbox" in console.text
    assert "Nothing was spent on SMS in" in console.text

    # a sandbox destination number: its one-time password goes out (to the dev inbox here)
    phone = us_phone()
    console.post("/console/sms/sandbox-numbers", {"phone": phone})
    assert f"A verification code was sent to {phone}" in console.text
    assert "Pending verification" in console.text
    otp = console.inbox_code_to(phone)
    console.get("/console/sms")
    wrong = "000000" if otp != "000000" else "111111"
    console.post("/console/sms/sandbox-numbers/verify", {"phone": phone, "code": wrong}, status=400)
    assert "Invalid one-time password." in console.text
    assert f'value="{wrong}"' in console.page, "the code typed stays in its field"
    console.post("/console/sms/sandbox-numbers/verify", {"phone": phone, "code": otp})
    assert f"{phone} is verified" in console.text
    assert {"PhoneNumber": phone, "Status": "Verified"} in sns.list_sms_sandbox_phone_numbers()["PhoneNumbers"]

    # the request form: the server's region by default
    console.get("/console/sms/exit-sandbox")
    assert "<h1>Exit SMS sandbox</h1>" in console.page
    assert 'name="region" type="text" value="us-east-1"' in console.page, console.page

    # a missing answer: 400, named beside its field, the other answers kept
    incomplete = {k: v for k, v in REQUEST.items() if k != "company"}
    console.post("/console/sms/exit-sandbox", incomplete, status=400)
    assert "Enter the company name." in console.text
    assert 'value="https://example.com"' in console.page
    assert REQUEST["opt_in"] in console.text
    assert 'value="ap-southeast-1"' in console.page
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True

    # the complete request waits for the operator's decision
    response = console.post("/console/sms/exit-sandbox", REQUEST)
    assert response.headers["Location"].startswith("/console/sms?notice="), response.headers
    assert "Your request was submitted." in console.text
    assert "Request pending" in console.text
    assert "Example sign-in" in console.text
    assert "Exit SMS sandbox</a>" not in console.page, "one request at a time"
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True

    console.post("/console/sms/exit-sandbox/approve", {})
    assert APPROVAL in console.text, console.text[-3000:]
    assert "Out of the SMS sandbox" in console.text
    assert "Request pending" not in console.text

    got = sns.get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"]
    assert got == {"MonthlySpendLimit": "50"}, got
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is False

    # out of the sandbox, there is nothing left to request
    console.get("/console/sms/exit-sandbox")
    assert "There is nothing to request." in console.text
    assert 'name="company"' not in console.page


def test_a_denied_request_keeps_the_sandbox(server_factory, backend):
    node = _log_sender_node(server_factory, backend)
    sns = sns_client(node.endpoint)
    console = Console(node.endpoint)
    console.get("/console/sms/exit-sandbox")
    console.post("/console/sms/exit-sandbox", {**REQUEST, "monthly_spend": "70"})
    console.post("/console/sms/exit-sandbox/deny", {})
    assert "denied" in console.text
    assert "In the SMS sandbox" in console.text
    assert sns.get_sms_sandbox_account_status()["IsInSandbox"] is True
    got = sns.get_sms_attributes(attributes=["MonthlySpendLimit"])["attributes"]
    assert got == {"MonthlySpendLimit": "1"}, got
    # nothing is pending any more: approving now is refused on the page
    console.post("/console/sms/exit-sandbox/approve", {}, status=400)
    assert "no request to exit the SMS sandbox is pending" in console.text


def test_the_dev_inbox_lists_the_sign_up_code_email(server_factory, backend, unique_email):
    node = _log_sender_node(server_factory, backend)
    cognito = harness.boto3_client(node.endpoint)
    pool_id = cognito.create_user_pool(
        PoolName="console-inbox",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
    )["UserPool"]["Id"]
    client_id = cognito.create_user_pool_client(UserPoolId=pool_id, ClientName="console-inbox")[
        "UserPoolClient"
    ]["ClientId"]
    email = unique_email("inbox")
    cognito.sign_up(
        ClientId=client_id,
        Username=email,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": email}],
    )

    console = Console(node.endpoint)
    code = console.inbox_code_to(email)
    assert "<h1>Dev inbox</h1>" in console.page
    assert ">Refresh</a>" in console.page
    [row] = [r for r in _ROW.findall(console.page) if email in html.unescape(r)]
    assert "<td>Email</td>" in row and "<td>Verification</td>" in row, row
    assert pool_id in row, row

    # the code read off the page confirms the sign-up
    cognito.confirm_sign_up(ClientId=client_id, Username=email, ConfirmationCode=code)
    user = cognito.admin_get_user(UserPoolId=pool_id, Username=email)
    assert user["UserStatus"] == "CONFIRMED"


def test_the_dev_inbox_says_when_no_sender_logs(server):
    # the harness's servers send email over SMTP and SMS to a webhook
    console = Console(server.endpoint)
    console.get("/console/inbox")
    assert "The dev inbox shows messages only while Cognate's email or SMS sender is log" in re.sub(
        r"<[^>]+>", "", console.text
    )
