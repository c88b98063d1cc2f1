"""The console's Users pages (`/console/pools/{id}/users…`), driven over HTTP as a browser
without script drives them: GET a page, read the `_csrf` field of its form, POST the form,
follow the 303 back to the page with its notice. What each action did is checked with boto3
on the same server. The `server` fixture runs without admin keys on loopback, where the console
is open.

* Create user (AdminCreateUser): without and with an invitation, and a refusal that keeps the form;
* the Filter search (ListUsers `Filter`): a prefix finds one user; a filter Cognito refuses is
  explained beside the field, which keeps the text;
* Edit attributes (AdminUpdateUserAttributes), with "Mark email address as verified";
* Disable / Enable user access (AdminGetUser `Enabled`);
* Reset MFA on a user with an authenticator app: USER_PASSWORD_AUTH then gives tokens at once;
* Forget device after a remembered-device sign-in (AdminListDevices is empty afterwards);
* Sign out everywhere: the refresh token is refused afterwards;
* Delete user, after its confirmation page.
"""

from __future__ import annotations

import html
import re
import urllib.parse
import uuid

import pytest
import requests

from console_forms import csrf_token
from device_helpers import (
    admin_list_all,
    create_device_pool,
    device_sign_in,
    enroll_device,
    new_sms_user,
    set_sms_mfa,
)
from helpers import (
    attrs_dict,
    attrs_list,
    create_client,
    new_email,
    new_password,
    password_auth,
    refresh,
    wait_for_message,
)
from mfa_helpers import Authenticator, assert_code, enable_software_token, error_of, msg_of

FILTER_VALUE_RE = re.compile(r'<input[^>]*\bid="filter"[^>]*\bvalue="([^"]*)"')


class Console:
    """A browser without script at the console: one cookie jar (it holds the CSRF cookie)."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.endpoint + path, allow_redirects=False, timeout=15)

    def page(self, path: str) -> str:
        r = self.get(path)
        assert r.status_code == 200, f"GET {path}: {r.status_code}\n{r.text[:3000]}"
        return r.text

    def post(self, page_html: str, action: str, fields: dict | None = None) -> requests.Response:
        """Posts the form of `page_html` whose action is `action`, with its CSRF token."""
        assert f'action="{html.escape(action)}"' in page_html, f"no form posts to {action}"
        data = {"_csrf": csrf_token(page_html), **(fields or {})}
        return self.http.post(self.endpoint + action, data=data, allow_redirects=False, timeout=15)

    def submit(self, page_path: str, action: str, fields: dict | None = None) -> requests.Response:
        return self.post(self.page(page_path), action, fields)


def see_other(r: requests.Response) -> str:
    """The Location of a 303 (what a form answers when it worked)."""
    assert r.status_code == 303, f"expected 303, got {r.status_code}\n{r.text[:3000]}"
    return r.headers["Location"]


def users_path(pool_id: str) -> str:
    return f"/console/pools/{pool_id}/users"


def user_path(pool_id: str, username: str) -> str:
    return f"{users_path(pool_id)}/{urllib.parse.quote(username, safe='')}"


def page_text(page_html: str) -> str:
    return html.unescape(page_html)


@pytest.fixture(scope="module")
def console(server):
    return Console(server.endpoint)


@pytest.fixture(scope="module")
def pool(cognito):
    """A pool whose users sign in with a user name, authenticator-app MFA optional, and a
    client with USER_PASSWORD_AUTH and refresh tokens."""
    pool_id = cognito.create_user_pool(
        PoolName="console-users",
        Policies={"PasswordPolicy": {
            "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
            "RequireNumbers": True, "RequireSymbols": False,
        }},
    )["UserPool"]["Id"]
    enable_software_token(cognito, pool_id)
    client = create_client(cognito, pool_id, ClientName="console-users")
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


def confirmed_user(cognito, pool: dict, prefix: str = "u", email: str | None = None) -> tuple[str, str, str]:
    """A CONFIRMED user with a verified email address → (username, email, password)."""
    username = f"{prefix}-{uuid.uuid4().hex[:10]}"
    email = email or new_email(prefix)
    password = new_password()
    cognito.admin_create_user(
        UserPoolId=pool["pool_id"], Username=username, MessageAction="SUPPRESS",
        UserAttributes=attrs_list({"email": email, "email_verified": "true"}),
    )
    cognito.admin_set_user_password(UserPoolId=pool["pool_id"], Username=username, Password=password, Permanent=True)
    return username, email, password


# --------------------------------------------------------------------------------------------
# Create user
# --------------------------------------------------------------------------------------------


def test_create_user_through_the_form(server, cognito, console, pool):
    pool_id = pool["pool_id"]
    users = users_path(pool_id)
    new = f"{users}/new"
    assert f'href="{new}"' in console.page(users), "the list links to Create user"

    # without an invitation, with a temporary password; the user name holds + and @
    username = f"ann.lee+{uuid.uuid4().hex[:8]}@console"
    email = new_email("ann")
    password = new_password()
    location = see_other(console.submit(new, new, {
        "username": username, "email": email, "email_verified": "true", "phone": "",
        "temp_password": password,
    }))
    path, _, query = location.partition("?")
    assert path == user_path(pool_id, username), location
    assert query.startswith("notice="), location
    page = console.page(location)
    assert f"<h1>{html.escape(username)}</h1>" in page
    assert 'role="status"' in page, "the notice says what happened"
    got = cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD", got
    attrs = attrs_dict(got["UserAttributes"])
    assert attrs["email"] == email and attrs["email_verified"] == "true", attrs
    challenge = password_auth(cognito, pool["client_id"], username, password)
    assert challenge.get("ChallengeName") == "NEW_PASSWORD_REQUIRED", challenge
    assert f'href="{user_path(pool_id, username)}"' in console.page(users), "the list shows the new user"

    # with an invitation: the email carries the temporary password
    invited, invited_email, temporary = f"bo-{uuid.uuid4().hex[:8]}", new_email("bo"), new_password()
    location = see_other(console.submit(new, new, {
        "username": invited, "email": invited_email, "temp_password": temporary, "invite": "1",
    }))
    assert location.partition("?")[0] == user_path(pool_id, invited), location
    wait_for_message(server.smtp, invited_email, contains=temporary)

    # Cognito's refusal (the user name is taken) is shown and the form keeps what was typed
    other_email = new_email("again")
    r = console.submit(new, new, {"username": username, "email": other_email, "temp_password": new_password()})
    assert r.status_code == 400, r.text[:3000]
    refusal = error_of(cognito.admin_create_user, UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS")
    assert msg_of(refusal) in page_text(r.text), r.text[:3000]
    assert f'value="{html.escape(username)}"' in r.text
    assert f'value="{html.escape(other_email)}"' in r.text


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------


def test_search_with_a_filter(cognito, console, pool):
    pool_id = pool["pool_id"]
    tag = uuid.uuid4().hex[:10]
    found, _, _ = confirmed_user(cognito, pool, "found", email=f"find-{tag}@example.com")
    other, _, _ = confirmed_user(cognito, pool, "other")

    typed = f'email ^= "find-{tag}"'
    page = console.page(f"{users_path(pool_id)}?{urllib.parse.urlencode({'filter': typed})}")
    assert f'href="{user_path(pool_id, found)}"' in page
    assert f'href="{user_path(pool_id, other)}"' not in page
    m = FILTER_VALUE_RE.search(page)
    assert m and html.unescape(m.group(1)) == typed, "the field keeps the filter"

    everyone = console.page(users_path(pool_id))
    assert f'href="{user_path(pool_id, found)}"' in everyone
    assert f'href="{user_path(pool_id, other)}"' in everyone

    # a filter ListUsers refuses: its message beside the field, the text kept
    bad = f'email ~ "find-{tag}"'
    r = console.get(f"{users_path(pool_id)}?{urllib.parse.urlencode({'filter': bad})}")
    assert r.status_code == 400, r.text[:3000]
    refusal = error_of(cognito.list_users, UserPoolId=pool_id, Filter=bad)
    assert_code(refusal, "InvalidParameterException")
    assert 'id="filter-error"' in r.text, "the error sits beside the Filter field"
    assert msg_of(refusal) in page_text(r.text)
    m = FILTER_VALUE_RE.search(r.text)
    assert m and html.unescape(m.group(1)) == bad, "the field keeps the refused filter"


# --------------------------------------------------------------------------------------------
# Attributes
# --------------------------------------------------------------------------------------------


def test_edit_an_attribute_and_mark_the_email_verified(cognito, console, pool):
    pool_id = pool["pool_id"]
    username = f"cy-{uuid.uuid4().hex[:10]}"
    email = new_email("cy")
    cognito.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                              UserAttributes=attrs_list({"email": email}))
    before = attrs_dict(cognito.admin_get_user(UserPoolId=pool_id, Username=username)["UserAttributes"])
    assert before.get("email_verified") != "true", before

    user = user_path(pool_id, username)
    assert f'href="{user}/attributes"' in console.page(user), "the user page links to Edit attributes"
    edit = f"{user}/attributes"
    page = console.page(edit)
    assert 'name="given_name"' in page and 'name="email_verified"' in page
    location = see_other(console.post(page, edit, {
        "given_name": "Cy", "family_name": "", "email": email, "email_verified": "true",
    }))
    assert location.partition("?")[0] == user, location
    after = attrs_dict(cognito.admin_get_user(UserPoolId=pool_id, Username=username)["UserAttributes"])
    assert after["given_name"] == "Cy", after
    assert after["email"] == email and after["email_verified"] == "true", after
    assert "family_name" not in after, after
    assert ">Cy<" in console.page(location), "the attributes table shows the new value"

    # a value Cognito refuses: its message, the form as typed, nothing changed
    r = console.post(console.page(edit), edit, {"given_name": "Cyrus", "email": "not-an-email"})
    assert r.status_code == 400, r.text[:3000]
    refusal = error_of(cognito.admin_update_user_attributes, UserPoolId=pool_id, Username=username,
                       UserAttributes=attrs_list({"email": "not-an-email"}))
    assert msg_of(refusal) in page_text(r.text)
    assert 'value="not-an-email"' in r.text and 'value="Cyrus"' in r.text
    unchanged = attrs_dict(cognito.admin_get_user(UserPoolId=pool_id, Username=username)["UserAttributes"])
    assert unchanged["email"] == email and unchanged["given_name"] == "Cy", unchanged


# --------------------------------------------------------------------------------------------
# Actions
# --------------------------------------------------------------------------------------------


def test_disable_and_enable_user_access(cognito, console, pool):
    pool_id, client_id = pool["pool_id"], pool["client_id"]
    username, _, password = confirmed_user(cognito, pool, "dee")
    user = user_path(pool_id, username)

    see_other(console.submit(user, f"{user}/disable"))
    assert cognito.admin_get_user(UserPoolId=pool_id, Username=username)["Enabled"] is False
    assert_code(error_of(password_auth, cognito, client_id, username, password), "NotAuthorizedException")

    page = console.page(user)
    assert "Enable user access" in page and "Disable user access" not in page
    see_other(console.post(page, f"{user}/enable"))
    assert cognito.admin_get_user(UserPoolId=pool_id, Username=username)["Enabled"] is True
    assert "AuthenticationResult" in password_auth(cognito, client_id, username, password)


def test_reset_mfa_lets_the_user_sign_in_with_the_password_alone(cognito, console, pool):
    pool_id, client_id = pool["pool_id"], pool["client_id"]
    username, _, password = confirmed_user(cognito, pool, "totp")
    token = password_auth(cognito, client_id, username, password)["AuthenticationResult"]["AccessToken"]
    app = Authenticator(cognito.associate_software_token(AccessToken=token)["SecretCode"])
    assert cognito.verify_software_token(AccessToken=token, UserCode=app.code())["Status"] == "SUCCESS"
    cognito.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenge = password_auth(cognito, client_id, username, password)
    assert challenge.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", challenge

    user = user_path(pool_id, username)
    page = console.page(user)
    assert "Authenticator app" in page, "the user page names the factor"
    see_other(console.post(page, f"{user}/reset-mfa"))

    signed_in = password_auth(cognito, client_id, username, password)
    assert "ChallengeName" not in signed_in, signed_in
    assert signed_in["AuthenticationResult"]["AccessToken"]
    got = cognito.admin_get_user(UserPoolId=pool_id, Username=username)
    assert not got.get("UserMFASettingList") and not got.get("PreferredMfaSetting"), got
    assert "Authenticator app" not in console.page(user)


def test_forget_a_remembered_device(server, cognito, console):
    device_pool = create_device_pool(cognito, bypass=True, user_prompt=False)
    user = new_sms_user(server, cognito, device_pool, mfa=False)
    device, _ = enroll_device(cognito, user, "console laptop")
    set_sms_mfa(cognito, user, True)
    device_sign_in(cognito, user, device)  # the remembered device skips the SMS code

    page_path = user_path(device_pool["pool_id"], user.sub)
    page = console.page(page_path)
    assert device.key in page and "console laptop" in page, "the user page lists the device"
    forget = f"{page_path}/devices/{urllib.parse.quote(device.key, safe='')}/forget"
    location = see_other(console.post(page, forget))
    assert location.partition("?")[0] == page_path, location

    devices, _ = admin_list_all(cognito, user)
    assert devices == [], devices
    assert device.key not in console.page(page_path)


def test_sign_out_everywhere_refuses_the_refresh_token(cognito, console, pool):
    pool_id, client_id = pool["pool_id"], pool["client_id"]
    username, _, password = confirmed_user(cognito, pool, "out")
    tokens = password_auth(cognito, client_id, username, password)["AuthenticationResult"]
    assert "AuthenticationResult" in refresh(cognito, client_id, tokens["RefreshToken"])

    user = user_path(pool_id, username)
    page = console.page(user)
    assert "Sign-in history" in page and "SignIn" in page, "the sign-in is in the history"
    see_other(console.post(page, f"{user}/sign-out"))

    assert_code(error_of(refresh, cognito, client_id, tokens["RefreshToken"]), "NotAuthorizedException")


def test_delete_user_after_confirmation(cognito, console, pool):
    pool_id = pool["pool_id"]
    username, _, _ = confirmed_user(cognito, pool, "gone")
    user = user_path(pool_id, username)
    assert f'action="{user}/delete"' in console.page(user), "the user page leads to Delete user"

    confirm = console.page(f"{user}/delete")
    assert "Delete user" in confirm and html.escape(username) in confirm
    assert cognito.admin_get_user(UserPoolId=pool_id, Username=username)["Username"] == username, \
        "the confirmation page deletes nothing"

    location = see_other(console.post(confirm, f"{user}/delete"))
    assert location.partition("?")[0] == users_path(pool_id), location
    assert_code(error_of(cognito.admin_get_user, UserPoolId=pool_id, Username=username), "UserNotFoundException")
    listing = console.page(location)
    assert "deleted" in listing and f'href="{user}"' not in listing
