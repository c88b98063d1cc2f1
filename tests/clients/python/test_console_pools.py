"""The console's user-pool pages (`/console/pools…`) and a pool's "Sign-in" and
"Authentication methods" pages, driven as a browser without script drives them: GET a page,
read its form (the `_csrf` hidden field and every other field as the browser would send it),
post it back with the changes a person would make, follow nothing. boto3 then says what the
console did: each section's save changes its own members of the pool and no other (the
console reads the pool, carries every member over and changes only its own, because
UpdateUserPool resets what it is not sent).

The suite's server has no admin keys and listens on loopback, so the console is open.
"""

from __future__ import annotations

import html
import re
import secrets

import pytest
import requests
from botocore.exceptions import ClientError

from console_forms import ConsoleBrowser, deleted_afterwards, form_fields, replaced

SMS_ROLE = "arn:aws:iam::123456789012:role/CognitoSMS"


# --------------------------------------------------------------------------- reading the page


def input_value(page: str, name: str) -> str:
    """The value a text input shows."""
    m = re.search(r'<input id="' + re.escape(name) + r'" name="' + re.escape(name) + r'"[^>]*\svalue="([^"]*)"', page)
    assert m, f"no input {name!r} on the page"
    return html.unescape(m.group(1))


def is_ticked(page: str, name: str, value: str) -> bool:
    """Whether the checkbox or radio `name`=`value` is ticked."""
    m = re.search(r'<input type="(?:checkbox|radio)" id="' + re.escape(f"{name}-{value}") + r'"[^>]*>', page)
    assert m, f"no {name}={value} choice on the page"
    return re.search(r"\schecked(?=[\s>/=])", m.group(0)) is not None


def field_error(page: str, name: str) -> str | None:
    """The error shown beside the text field `name`."""
    m = re.search(r'id="' + re.escape(name) + r'-error" role="alert">([^<]*)<', page)
    return html.unescape(m.group(1)) if m else None


def group_errors(page: str) -> list[str]:
    """Every error shown beside a field or group of choices."""
    return [html.unescape(e) for e in re.findall(r'<p class="field-error"[^>]*>([^<]*)</p>', page)]


def top_error(page: str) -> str | None:
    m = re.search(r'<p class="error" role="alert">([^<]*)</p>', page)
    return html.unescape(m.group(1)) if m else None


def notice(page: str) -> str | None:
    m = re.search(r'<p class="notice" role="status">([^<]*)</p>', page)
    return html.unescape(m.group(1)) if m else None


# --------------------------------------------------------------------------- the console


class Console(ConsoleBrowser):
    """A browser at the console that also fills in forms and follows their answers."""

    def submit(self, page_path: str, action: str, change, status: int) -> requests.Response:
        """Opens `page_path`, reads the form posting to `action`, applies `change` (a function
        of the fields) and posts it with the page's CSRF token."""
        page = self.get(page_path)
        return self.post(action, change(form_fields(page, action)), status)

    def follow(self, r: requests.Response) -> str:
        """The page a 303 leads to."""
        return self.get(r.headers["Location"])


def changes(**values):
    """A form change setting each field to its value(s) (a list for repeated fields)."""

    def apply(fields):
        for name, value in values.items():
            fields = replaced(fields, name, *(value if isinstance(value, list) else [value]))
        return fields

    return apply


@pytest.fixture
def console(server):
    with Console(server.endpoint) as c:
        yield c


def create_through_form(console: Console, **values) -> tuple[str, str]:
    """Creates a pool with the "Create user pool" form → (pool id, the overview's path)."""
    name = values.pop("pool_name", f"console-{secrets.token_hex(4)}")
    r = console.submit(
        "/console/pools/new",
        "/console/pools/new",
        changes(pool_name=name, sign_in=values.pop("sign_in", ["email"]), **values),
        303,
    )
    m = re.fullmatch(r"/console/pools/([\w-]+)\?notice=.+", r.headers["Location"])
    assert m, f"not the overview of the new pool: {r.headers['Location']}"
    return m.group(1), r.headers["Location"]


@pytest.fixture
def pool_id(console, cognito):
    """A pool created through the form: email sign-in, no MFA."""
    pid, _ = create_through_form(console)
    yield from deleted_afterwards(cognito, pid)


def describe(cognito, pool_id: str) -> dict:
    return cognito.describe_user_pool(UserPoolId=pool_id)["UserPool"]


def changed_members(before: dict, after: dict) -> set[str]:
    """The members of a pool that differ (its modification time aside)."""
    keys = (set(before) | set(after)) - {"LastModifiedDate"}
    return {k for k in keys if before.get(k) != after.get(k)}


# --------------------------------------------------------------------------- pools


def test_a_pool_created_through_the_form_is_listed_and_has_an_overview(console, cognito):
    listing = console.get("/console/pools")
    assert "<h1>User pools</h1>" in listing
    assert listing.count('href="/console/pools/new"') == 1
    name = f"console-{secrets.token_hex(4)}"
    pool, overview_path = create_through_form(console, pool_name=name, sign_in=["email"], min_length="10")
    try:
        described = describe(cognito, pool)
        assert described["Name"] == name
        assert described["UsernameAttributes"] == ["email"]
        assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
        assert described["MfaConfiguration"] == "OFF"

        cognito.admin_create_user(
            UserPoolId=pool,
            Username="ann@example.com",
            UserAttributes=[{"Name": "email", "Value": "ann@example.com"}],
            MessageAction="SUPPRESS",
        )
        overview = console.get(overview_path)
        assert f"<h1>{name}</h1>" in overview
        assert notice(overview) == f"Created user pool {name}."
        assert pool in overview and described["Arn"] in overview
        assert "Estimated number of users" in overview
        assert "FORCE_CHANGE_PASSWORD: 1" in overview
        assert f'href="/{pool}/.well-known/jwks.json"' in overview
        assert f'href="/{pool}/.well-known/openid-configuration"' in overview
        assert f'href="/console/pools/{pool}/delete"' in overview

        listing = console.get("/console/pools")
        assert f'href="/console/pools/{pool}"' in listing and name in listing
    finally:
        cognito.delete_user_pool(UserPoolId=pool)


def test_a_refused_pool_keeps_the_form_and_shows_cognitos_message(console, cognito):
    before = {p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}
    name = f"console-{secrets.token_hex(4)}"
    r = console.submit(
        "/console/pools/new",
        "/console/pools/new",
        changes(pool_name=name, sign_in=["username", "phone_number"], min_length="5"),
        400,
    )
    page = r.text
    message = field_error(page, "min_length")
    assert message and "MinimumLength" in message, page[:3000]
    assert top_error(page) == message
    assert input_value(page, "pool_name") == name
    assert input_value(page, "min_length") == "5"
    assert is_ticked(page, "sign_in", "username") and is_ticked(page, "sign_in", "phone_number")
    assert not is_ticked(page, "sign_in", "email")
    after = {p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}
    assert after == before


def test_a_pool_created_with_mfa_methods_an_sms_role_and_a_from_address(console, cognito):
    form = console.get("/console/pools/new")
    for legend in ("MFA methods", "SMS", "Email"):
        assert f"<legend>{legend}</legend>" in form
    # Authenticator apps are ticked from the start; SMS waits for a role.
    assert is_ticked(form, "factor", "SOFTWARE_TOKEN_MFA")
    assert not is_ticked(form, "factor", "SMS_MFA")
    for field in ("sns_caller_arn", "external_id", "sns_region", "from", "reply_to"):
        assert input_value(form, field) == ""

    name = f"console-{secrets.token_hex(4)}"
    sender = "Example <no-reply@example.com>"
    pool, overview_path = create_through_form(
        console,
        pool_name=name,
        sign_in=["email"],
        mfa="OPTIONAL",
        factor=["SOFTWARE_TOKEN_MFA", "SMS_MFA"],
        sns_caller_arn=SMS_ROLE,
        external_id="create-external",
        sns_region="ap-southeast-1",
        **{"from": sender},
    )
    try:
        assert notice(console.get(overview_path)) == f"Created user pool {name}."
        described = describe(cognito, pool)
        assert described["MfaConfiguration"] == "OPTIONAL"
        assert described["SmsConfiguration"] == {
            "SnsCallerArn": SMS_ROLE,
            "ExternalId": "create-external",
            "SnsRegion": "ap-southeast-1",
        }
        assert described["EmailConfiguration"]["From"] == sender
        assert described["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"
        assert "ReplyToEmailAddress" not in described["EmailConfiguration"]
        mfa = cognito.get_user_pool_mfa_config(UserPoolId=pool)
        assert mfa["MfaConfiguration"] == "OPTIONAL"
        assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
        assert mfa["SmsMfaConfiguration"]["SmsConfiguration"] == described["SmsConfiguration"]
    finally:
        cognito.delete_user_pool(UserPoolId=pool)


def test_sms_mfa_without_a_role_refuses_the_new_pool_and_keeps_the_form(console, cognito):
    before = {p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}
    name = f"console-{secrets.token_hex(4)}"
    sender = "Example <no-reply@example.com>"
    r = console.submit(
        "/console/pools/new",
        "/console/pools/new",
        changes(
            pool_name=name,
            sign_in=["email"],
            min_length="10",
            mfa="OPTIONAL",
            factor=["SMS_MFA"],
            sns_caller_arn="",
            sns_region="ap-southeast-1",
            reply_to="help@example.com",
            **{"from": sender},
        ),
        400,
    )
    page = r.text
    assert top_error(page) == "SMS messages need an IAM role ARN.", page[:3000]
    assert group_errors(page) == ["SMS messages need an IAM role ARN."]
    assert field_error(page, "sns_caller_arn") is None
    # The form keeps what was chosen and typed.
    assert input_value(page, "pool_name") == name
    assert input_value(page, "min_length") == "10"
    assert is_ticked(page, "mfa", "OPTIONAL")
    assert is_ticked(page, "factor", "SMS_MFA") and not is_ticked(page, "factor", "SOFTWARE_TOKEN_MFA")
    assert input_value(page, "sns_caller_arn") == ""
    assert input_value(page, "sns_region") == "ap-southeast-1"
    assert input_value(page, "from") == sender
    assert input_value(page, "reply_to") == "help@example.com"

    # Required MFA with no method is refused beside the methods too.
    r = console.submit(
        "/console/pools/new",
        "/console/pools/new",
        changes(pool_name=name, sign_in=["email"], mfa="ON", factor=[]),
        400,
    )
    assert top_error(r.text) == "Choose at least one MFA method.", r.text[:3000]
    assert group_errors(r.text) == ["Choose at least one MFA method."]
    assert is_ticked(r.text, "mfa", "ON")
    assert not is_ticked(r.text, "factor", "SOFTWARE_TOKEN_MFA") and not is_ticked(r.text, "factor", "SMS_MFA")

    # A role that is not an ARN: CreateUserPool's refusal, beside the role's field.
    r = console.submit(
        "/console/pools/new",
        "/console/pools/new",
        changes(pool_name=name, sign_in=["email"], sns_caller_arn="not-an-arn", external_id="x"),
        400,
    )
    message = field_error(r.text, "sns_caller_arn")
    assert message and "snsCallerArn" in message, r.text[:3000]
    assert top_error(r.text) == message
    assert input_value(r.text, "sns_caller_arn") == "not-an-arn"
    assert input_value(r.text, "external_id") == "x"

    after = {p["Id"] for p in cognito.list_user_pools(MaxResults=60)["UserPools"]}
    assert after == before


def test_an_unknown_pool_is_not_found(console):
    page = console.get("/console/pools/us-east-1_nothere00", status=404)
    assert "nothere00" in page or "does not exist" in page


def test_delete_asks_for_the_name_and_refuses_the_wrong_one(console, cognito):
    pool, _ = create_through_form(console)
    try:
        path = f"/console/pools/{pool}/delete"
        page = console.get(path)
        assert '<label for="confirm">Pool name</label>' in page
        assert '<button class="danger" type="submit">Delete</button>' in page
        name = describe(cognito, pool)["Name"]

        r = console.submit(path, path, changes(confirm=name + "x"), 400)
        assert input_value(r.text, "confirm") == name + "x"
        assert field_error(r.text, "confirm")
        assert describe(cognito, pool)["Id"] == pool

        r = console.submit(path, path, changes(confirm=name), 303)
        assert r.headers["Location"].startswith("/console/pools?notice=")
        assert name in (notice(console.follow(r)) or "")
        with pytest.raises(ClientError) as e:
            describe(cognito, pool)
        assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    finally:
        try:
            cognito.delete_user_pool(UserPoolId=pool)
        except ClientError:
            pass


# --------------------------------------------------------------------------- sign-in settings


def test_each_section_saves_its_own_members_and_no_other(server, console, cognito, pool_id):
    sign_in = f"/console/pools/{pool_id}/sign-in"
    methods = f"/console/pools/{pool_id}/authentication-methods"
    start = describe(cognito, pool_id)

    # Seed 000 step 2: the SMS role.
    r = console.submit(
        methods,
        f"{methods}/sms",
        changes(sns_caller_arn=SMS_ROLE, external_id="seed-000-external", sns_region="ap-southeast-1"),
        303,
    )
    assert r.headers["Location"].startswith(f"{methods}?notice=")
    page = console.follow(r)
    assert notice(page) == "Saved SMS configuration."
    assert input_value(page, "sns_caller_arn") == SMS_ROLE
    after_sms = describe(cognito, pool_id)
    assert after_sms["SmsConfiguration"] == {
        "SnsCallerArn": SMS_ROLE,
        "ExternalId": "seed-000-external",
        "SnsRegion": "ap-southeast-1",
    }
    assert changed_members(start, after_sms) == {"SmsConfiguration"}

    # Step 3: optional MFA with authenticator apps and SMS.
    r = console.submit(
        sign_in, f"{sign_in}/mfa", changes(mfa="OPTIONAL", factor=["SOFTWARE_TOKEN_MFA", "SMS_MFA"]), 303
    )
    page = console.follow(r)
    assert "Optional MFA" in (notice(page) or "")
    assert is_ticked(page, "mfa", "OPTIONAL")
    assert is_ticked(page, "factor", "SOFTWARE_TOKEN_MFA") and is_ticked(page, "factor", "SMS_MFA")
    mfa = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert mfa["MfaConfiguration"] == "OPTIONAL"
    assert mfa["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    assert mfa["SmsMfaConfiguration"]["SmsConfiguration"]["SnsCallerArn"] == SMS_ROLE
    after_mfa = describe(cognito, pool_id)
    assert changed_members(after_sms, after_mfa) == {"MfaConfiguration"}

    # Step 4: always remember devices, trusted devices bypass MFA.
    r = console.submit(sign_in, f"{sign_in}/devices", changes(tracking="always", bypass="1"), 303)
    page = console.follow(r)
    assert is_ticked(page, "tracking", "always") and is_ticked(page, "bypass", "1")
    after_devices = describe(cognito, pool_id)
    # A remembered device replaces the second factor when ChallengeRequiredOnNewDevice is true
    # (Cognito's DeviceConfigurationType; Cognate's device sign-in follows it).
    assert after_devices["DeviceConfiguration"] == {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": False,
    }
    assert changed_members(after_mfa, after_devices) == {"DeviceConfiguration"}

    # The password policy leaves MFA and device tracking as they were.
    r = console.submit(
        sign_in,
        f"{sign_in}/password-policy",
        changes(min_length="12", require=["numbers", "lowercase"], temp_days="3"),
        303,
    )
    page = console.follow(r)
    assert input_value(page, "min_length") == "12"
    after_password = describe(cognito, pool_id)
    policy = after_password["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] == 12
    assert (policy["RequireNumbers"], policy["RequireLowercase"]) == (True, True)
    assert (policy["RequireUppercase"], policy["RequireSymbols"]) == (False, False)
    assert policy["TemporaryPasswordValidityDays"] == 3
    assert changed_members(after_devices, after_password) == {"Policies"}
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool_id) | {"ResponseMetadata": None} == mfa | {
        "ResponseMetadata": None
    }

    # Account recovery.
    r = console.submit(sign_in, f"{sign_in}/recovery", changes(recovery="email_then_sms"), 303)
    assert is_ticked(console.follow(r), "recovery", "email_then_sms")
    after_recovery = describe(cognito, pool_id)
    assert after_recovery["AccountRecoverySetting"]["RecoveryMechanisms"] == [
        {"Priority": 1, "Name": "verified_email"},
        {"Priority": 2, "Name": "verified_phone_number"},
    ]
    assert changed_members(after_password, after_recovery) == {"AccountRecoverySetting"}

    # Email configuration.
    r = console.submit(
        methods,
        f"{methods}/email",
        changes(email_sending_account="COGNITO_DEFAULT", reply_to="help@example.com"),
        303,
    )
    assert input_value(console.follow(r), "reply_to") == "help@example.com"
    after_email = describe(cognito, pool_id)
    assert after_email["EmailConfiguration"]["ReplyToEmailAddress"] == "help@example.com"
    assert after_email["EmailConfiguration"]["EmailSendingAccount"] == "COGNITO_DEFAULT"
    assert changed_members(after_recovery, after_email) == {"EmailConfiguration"}

    # Message templates; the MFA message is the SMS MFA configuration's message.
    r = console.submit(
        methods,
        f"{methods}/templates",
        changes(
            email_subject="Your code",
            email_message="Your code is {####}.",
            sms_verification_message="Verify with {####}",
            sms_authentication_message="Your MFA code is {####}",
        ),
        303,
    )
    console.follow(r)
    after_templates = describe(cognito, pool_id)
    assert after_templates["VerificationMessageTemplate"]["EmailMessage"] == "Your code is {####}."
    assert after_templates["VerificationMessageTemplate"]["SmsMessage"] == "Verify with {####}"
    assert after_templates["SmsAuthenticationMessage"] == "Your MFA code is {####}"
    assert changed_members(after_email, after_templates) <= {
        "VerificationMessageTemplate",
        "EmailVerificationMessage",
        "EmailVerificationSubject",
        "SmsVerificationMessage",
        "SmsAuthenticationMessage",
    }

    # Saving MFA again keeps the SMS configuration and the MFA message.
    console.submit(sign_in, f"{sign_in}/mfa", changes(), 303)
    again = cognito.get_user_pool_mfa_config(UserPoolId=pool_id)
    assert again["SmsMfaConfiguration"]["SmsAuthenticationMessage"] == "Your MFA code is {####}"
    assert again["SmsMfaConfiguration"]["SmsConfiguration"]["ExternalId"] == "seed-000-external"
    assert again["MfaConfiguration"] == "OPTIONAL"
    assert again["SoftwareTokenMfaConfiguration"]["Enabled"] is True
    final = describe(cognito, pool_id)
    assert changed_members(after_templates, final) == set()

    # A test message goes out through the server's SMS sender.
    phone = "+6591234567"
    r = console.submit(methods, f"{methods}/sms/test", changes(phone=phone), 303)
    assert phone in (notice(console.follow(r)) or "")
    sent = server.sms.wait_for_message(phone)
    assert "Test message" in sent.body


def test_sms_mfa_without_an_sms_role_is_refused_beside_the_factors(console, cognito, pool_id):
    sign_in = f"/console/pools/{pool_id}/sign-in"
    before = describe(cognito, pool_id)
    r = console.submit(sign_in, f"{sign_in}/mfa", changes(mfa="OPTIONAL", factor=["SMS_MFA"]), 400)
    page = r.text
    message = top_error(page)
    assert message, page[:3000]
    assert message in group_errors(page)
    assert "SmsConfiguration" in message or "SMS configuration" in message
    # The form keeps what was chosen.
    assert is_ticked(page, "mfa", "OPTIONAL") and is_ticked(page, "factor", "SMS_MFA")
    assert not is_ticked(page, "factor", "SOFTWARE_TOKEN_MFA")
    assert cognito.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OFF"
    assert changed_members(before, describe(cognito, pool_id)) == set()


def test_a_password_policy_cognito_refuses_keeps_the_form(console, cognito, pool_id):
    sign_in = f"/console/pools/{pool_id}/sign-in"
    before = describe(cognito, pool_id)
    r = console.submit(
        sign_in, f"{sign_in}/password-policy", changes(min_length="100", require=["symbols"], temp_days="5"), 400
    )
    page = r.text
    message = field_error(page, "min_length")
    assert message and "MinimumLength" in message, page[:3000]
    assert top_error(page) == message
    assert input_value(page, "min_length") == "100"
    assert input_value(page, "temp_days") == "5"
    assert is_ticked(page, "require", "symbols") and not is_ticked(page, "require", "numbers")
    # The other panels show the pool as it is.
    assert is_ticked(page, "tracking", "off") and is_ticked(page, "mfa", "OFF")
    assert changed_members(before, describe(cognito, pool_id)) == set()


def test_an_sms_role_that_is_not_an_arn_is_refused_beside_the_field(console, cognito, pool_id):
    methods = f"/console/pools/{pool_id}/authentication-methods"
    before = describe(cognito, pool_id)
    r = console.submit(
        methods, f"{methods}/sms", changes(sns_caller_arn="not-an-arn", external_id="x", sns_region=""), 400
    )
    page = r.text
    message = field_error(page, "sns_caller_arn")
    assert message, page[:3000]
    assert "snsCallerArn" in message or "SnsCallerArn" in message
    assert top_error(page) == message
    assert input_value(page, "sns_caller_arn") == "not-an-arn"
    assert input_value(page, "external_id") == "x"
    assert changed_members(before, describe(cognito, pool_id)) == set()
