"""The hosted sign-in and the authorization-code flow, driven as a browser drives them: cookies,
forms with their hidden fields, redirects. `/oauth2/authorize` → the sign-in page → the
challenges the pool asks for → back to the app with a code → `/oauth2/token` with PKCE →
userInfo, refresh, `/logout`. The negative cases of the OAuth specs and Cognito's rules."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import urllib.parse

import pytest
import requests

from helpers import (
    admin_create_confirmed_user,
    create_code_client,
    attrs_list,
    create_pool,
    jwt_claims,
    new_email,
    new_password,
    new_phone,
)
import harness
from hosted_browser import Browser, Page, pkce_pair, query_of
from mfa_helpers import Authenticator, enable_software_token, mask_phone, wrong_totp

CALLBACK = "http://localhost:3999/callback"
SIGNED_OUT = "http://localhost:3999/signed-out"


@pytest.fixture(scope="module")
def app(cognito):
    """A pool signing in by email with optional MFA (TOTP and SMS), and a public web client
    for the code flow with PKCE."""
    pool_id = create_pool(cognito)
    enable_software_token(cognito, pool_id)
    cognito.create_resource_server(
        UserPoolId=pool_id, Identifier="orders", Name="Orders",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read orders"}],
    )
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="Orders web",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthScopes=["openid", "email", "profile", "orders/read"],
        CallbackURLs=[CALLBACK],
        LogoutURLs=[SIGNED_OUT],
        SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]
    return {"pool_id": pool_id, "client_id": client["ClientId"]}


def authorize_params(app, **extra) -> dict:
    params = {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": CALLBACK,
        "state": "st-123",
        "scope": "openid email orders/read",
        "nonce": "n-456",
    }
    params.update(extra)
    return params


def exchange(endpoint, app, code, verifier, redirect_uri=CALLBACK, **extra):
    form = {
        "grant_type": "authorization_code",
        "client_id": app["client_id"],
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    form.update(extra)
    return requests.post(f"{endpoint}/oauth2/token", data=form, timeout=10)


def sign_in_with_password(browser: Browser, app, user, **extra) -> tuple[str, str]:
    """Authorize with PKCE, sign in on the page (unless the browser's session still holds);
    returns (code, verifier)."""
    verifier, challenge = pkce_pair()
    page = browser.get("/oauth2/authorize", **authorize_params(
        app, code_challenge=challenge, code_challenge_method="S256", **extra))
    if isinstance(page, str):
        return query_of(page)["code"], verifier
    assert page.title == "Sign in", page
    landed = browser.submit(page, "/login", username=user.email, password=user.password)
    assert isinstance(landed, str), landed
    return query_of(landed)["code"], verifier


def test_code_flow_with_pkce_gives_tokens_userinfo_and_refresh(server, cognito, app):
    user = admin_create_confirmed_user(cognito, app, name="Ada Lovelace")
    browser = Browser(server.endpoint, CALLBACK)
    code, verifier = sign_in_with_password(browser, app, user)
    landed = query_of(browser.landed)
    assert browser.landed.startswith(CALLBACK + "?")
    assert landed["state"] == "st-123"

    resp = exchange(server.endpoint, app, code, verifier)
    assert resp.status_code == 200, resp.text
    assert resp.headers["Cache-Control"] == "no-store"
    tokens = resp.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    id_claims = jwt_claims(tokens["id_token"])
    assert id_claims["nonce"] == "n-456"
    assert id_claims["aud"] == app["client_id"]
    assert id_claims["email"] == user.email and id_claims["cognito:username"]
    digest = hashlib.sha256(tokens["access_token"].encode()).digest()[:16]
    assert id_claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    access = jwt_claims(tokens["access_token"])
    assert access["scope"] == "openid email orders/read"
    assert access["client_id"] == app["client_id"] and access["token_use"] == "access"
    assert access["version"] == 2 and access["username"] == id_claims["cognito:username"]

    # userInfo: the email scope releases email and email_verified, not the name.
    info = requests.get(f"{server.endpoint}/oauth2/userInfo",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10)
    assert info.status_code == 200, info.text
    body = info.json()
    assert body["email"] == user.email and body["email_verified"] == "true"
    assert body["sub"] == user.sub and "name" not in body
    # An API sign-in's access token has no openid scope; GetUser refuses an OAuth token
    # without aws.cognito.signin.user.admin.
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_user(AccessToken=tokens["access_token"])
    bad = requests.post(f"{server.endpoint}/oauth2/userInfo", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"
    assert bad.headers["WWW-Authenticate"].startswith("Bearer")

    # The code is single use.
    again = exchange(server.endpoint, app, code, verifier)
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})

    # The refresh token keeps the scopes.
    refreshed = requests.post(f"{server.endpoint}/oauth2/token", data={
        "grant_type": "refresh_token", "client_id": app["client_id"], "refresh_token": tokens["refresh_token"],
    }, timeout=10)
    assert refreshed.status_code == 200, refreshed.text
    assert jwt_claims(refreshed.json()["access_token"])["scope"] == "openid email orders/read"
    assert "nonce" not in jwt_claims(refreshed.json()["id_token"])


def test_the_session_cookie_signs_in_again_without_the_page_until_logout(server, cognito, app):
    user = admin_create_confirmed_user(cognito, app)
    browser = Browser(server.endpoint, CALLBACK)
    sign_in_with_password(browser, app, user)
    cookie_names = [c.name for c in browser.session.cookies]
    assert f"cognate_login_{app['pool_id']}" in cookie_names

    # A second authorization goes straight back with a new code.
    landed = browser.get("/oauth2/authorize", **authorize_params(app, state="second"))
    assert isinstance(landed, str) and query_of(landed)["state"] == "second"
    assert "code" in query_of(landed)

    # Logout ends it: to a registered sign-out URL only.
    wrong = browser.get("/logout", client_id=app["client_id"], logout_uri="https://evil.example.com/")
    assert isinstance(wrong, Page) and wrong.status == 400 and not wrong.response.headers.get("Location")
    out = browser.get("/logout", client_id=app["client_id"], logout_uri=SIGNED_OUT)
    assert out == SIGNED_OUT
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    assert isinstance(page, Page) and page.title == "Sign in"
    assert 'for="username">Email</label>' in page.text

    # OIDC RP-initiated logout's names work too, with `state` echoed.
    browser.submit(page, "/login", username=user.email, password=user.password)
    out = browser.get("/logout", client_id=app["client_id"], post_logout_redirect_uri=SIGNED_OUT, state="bye")
    assert out == SIGNED_OUT + "?state=bye"
    # Signing out to sign in again: the sign-in page says so.
    browser.submit(browser.get("/oauth2/authorize", **authorize_params(app)), "/login",
                   username=user.email, password=user.password)
    again = browser.get("/logout", **authorize_params(app))
    assert isinstance(again, Page) and again.title == "Sign in" and "You have signed out." in again.text
    assert isinstance(browser.get("/oauth2/authorize", **authorize_params(app)), Page)


def test_implicit_flow_puts_tokens_in_the_fragment(server, cognito, app):
    user = admin_create_confirmed_user(cognito, app)
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(app, response_type="token"))
    landed = browser.submit(page, "/login", username=user.email, password=user.password)
    assert isinstance(landed, str) and landed.startswith(CALLBACK + "#")
    fragment = query_of(landed)
    assert fragment["token_type"] == "Bearer" and fragment["state"] == "st-123"
    assert jwt_claims(fragment["id_token"])["nonce"] == "n-456"
    assert "refresh_token" not in fragment


def test_bad_requests_are_pages_or_errors_at_the_callback(server, cognito, app):
    browser = Browser(server.endpoint, CALLBACK)
    # An unregistered redirect_uri is a page, never a redirect.
    page = browser.get("/oauth2/authorize", **authorize_params(app, redirect_uri="https://evil.example.com/cb"))
    assert isinstance(page, Page) and page.status == 400 and "redirect_mismatch" in page.text
    page = browser.get("/oauth2/authorize", **authorize_params(app, client_id="nosuchclient"))
    assert isinstance(page, Page) and page.status == 400
    # Other faults go back to the client.
    landed = browser.get("/oauth2/authorize", **authorize_params(app, scope="openid phone"))
    assert query_of(landed) == {"error": "invalid_scope", "state": "st-123"}
    landed = browser.get("/oauth2/authorize", **authorize_params(app, response_type="id_token"))
    assert query_of(landed)["error"] == "unsupported_response_type"
    landed = browser.get("/oauth2/authorize", **authorize_params(app, code_challenge="short", code_challenge_method="S256"))
    assert query_of(landed)["error"] == "invalid_request"
    # Each page carries Cognito's security headers.
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    headers = page.response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src" not in headers["Content-Security-Policy"]
    set_cookie = headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie


def test_pkce_redirect_and_client_mismatches_spend_the_code(server, cognito, app):
    user = admin_create_confirmed_user(cognito, app)
    browser = Browser(server.endpoint, CALLBACK)
    code, verifier = sign_in_with_password(browser, app, user)
    wrong = exchange(server.endpoint, app, code, verifier[:-1] + ("A" if verifier[-1] != "A" else "B"))
    assert (wrong.status_code, wrong.json()) == (400, {"error": "invalid_grant"})
    # Spent by the failed attempt: the right verifier no longer helps.
    assert exchange(server.endpoint, app, code, verifier).json() == {"error": "invalid_grant"}

    code, verifier = sign_in_with_password(browser, app, user)
    assert exchange(server.endpoint, app, code, verifier, redirect_uri=CALLBACK + "/other").json() == {"error": "invalid_grant"}
    code, verifier = sign_in_with_password(browser, app, user)
    missing = exchange(server.endpoint, app, code, None)
    assert missing.json() == {"error": "invalid_grant"}

    # A confidential client without its secret is invalid_client.
    confidential = cognito.create_user_pool_client(
        UserPoolId=app["pool_id"], ClientName="server app", GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"], CallbackURLs=[CALLBACK], SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(
        {"client_id": confidential["ClientId"]}, scope="openid"))
    landed = browser.submit(page, "/login", username=user.email, password=user.password)
    code = query_of(landed)["code"]
    no_secret = exchange(server.endpoint, {"client_id": confidential["ClientId"]}, code, None)
    assert no_secret.status_code == 401 and no_secret.json() == {"error": "invalid_client"}
    code = query_of(browser.get("/oauth2/authorize", **authorize_params(
        {"client_id": confidential["ClientId"]}, scope="openid")))["code"]
    ok = requests.post(f"{server.endpoint}/oauth2/token", auth=(confidential["ClientId"], confidential["ClientSecret"]),
                       data={"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}, timeout=10)
    assert ok.status_code == 200, ok.text
    assert jwt_claims(ok.json()["access_token"])["scope"] == "openid"


def test_wrong_password_and_unknown_user_read_the_same_and_csrf_is_required(server, cognito, app):
    user = admin_create_confirmed_user(cognito, app)
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    wrong = browser.submit(page, "/login", username=user.email, password="Wrong-password-1")
    unknown = browser.submit(page, "/login", username=new_email(), password="Wrong-password-1")
    assert wrong.status == unknown.status == 400
    assert wrong.errors == unknown.errors == ["Incorrect username or password."]
    forged = browser.submit(page, "/login", _csrf="x" * 43, username=user.email, password=user.password)
    assert isinstance(forged, Page) and forged.status == 403 and forged.title == "This form has expired"


def test_authenticator_setup_then_totp_sign_in(server, cognito, app):
    pool_id = create_pool(cognito)
    enable_software_token(cognito, pool_id, mfa="ON")
    strict = create_code_client(cognito, pool_id, "Strict", CALLBACK)
    user = admin_create_confirmed_user(cognito, strict)

    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(strict, scope="openid"))
    setup = browser.submit(page, "/login", username=user.email, password=user.password)
    assert setup.title == "Set up your authenticator app", setup
    secret = setup.form("/login/step")["fields"]["secret"]
    assert 'id="qr"' in setup.text and "data:image/svg+xml;base64," in setup.text
    auth = Authenticator(secret)
    wrong = browser.submit(setup, "/login/step", code=wrong_totp(secret))
    assert wrong.title == "Set up your authenticator app" and wrong.errors
    codes_page = browser.submit(wrong, "/login/step", code=auth.code(), device_name="phone")
    assert codes_page.title == "Save your recovery codes", codes_page
    recovery = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", codes_page.text)
    assert len(recovery) == 10 and len(set(recovery)) == 10
    onward = re.search(r'class="button" href="([^"]+)"', codes_page.text).group(1)
    landed = html.unescape(onward)
    assert landed.startswith(CALLBACK + "?") and "code" in query_of(landed)

    mfa = cognito.admin_get_user(UserPoolId=pool_id, Username=user.email)
    assert mfa["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(strict, scope="openid"))
    ask = browser.submit(page, "/login", username=user.email, password=user.password)
    assert ask.title == "Enter your authenticator code", ask
    field = [n for n in ask.form("/login/step")["names"] if n == "code"]
    assert field and 'autocomplete="one-time-code"' in ask.text
    landed = browser.submit(ask, "/login/step", code=auth.code())
    assert isinstance(landed, str) and "code" in query_of(landed), landed

    # A recovery code in place of the app's code, once.
    for attempt in range(2):
        browser = Browser(server.endpoint, CALLBACK)
        page = browser.get("/oauth2/authorize", **authorize_params(strict, scope="openid"))
        ask = browser.submit(page, "/login", username=user.email, password=user.password)
        answered = browser.submit(ask, "/login/step", code=recovery[0].upper())
        if attempt == 0:
            assert isinstance(answered, str) and "code" in query_of(answered), answered
        else:
            assert answered.title == "Enter your authenticator code"
            assert answered.errors == ["The code is not right. Check it and try again."]

    # The JSON API takes one as SOFTWARE_TOKEN_MFA_CODE too.
    cognito.update_user_pool_client(UserPoolId=pool_id, ClientId=strict["client_id"], ClientName="Strict",
                                    ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                                    AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
                                    AllowedOAuthScopes=["openid"], CallbackURLs=[CALLBACK],
                                    SupportedIdentityProviders=["COGNITO"])
    challenge = cognito.initiate_auth(ClientId=strict["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = cognito.respond_to_auth_challenge(
        ClientId=strict["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": user.email, "SOFTWARE_TOKEN_MFA_CODE": recovery[1]})
    access = done["AuthenticationResult"]["AccessToken"]

    # Cognate's own endpoint: how many are left, and a new set that voids the old one.
    left = requests.get(f"{server.endpoint}/cognate/recovery-codes",
                        headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert left.status_code == 200 and left.json() == {"Remaining": 8}
    fresh = requests.post(f"{server.endpoint}/cognate/recovery-codes",
                          headers={"Authorization": f"Bearer {access}"}, timeout=10)
    assert fresh.status_code == 200 and len(fresh.json()["RecoveryCodes"]) == 10
    challenge = cognito.initiate_auth(ClientId=strict["client_id"], AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.respond_to_auth_challenge(
            ClientId=strict["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user.email, "SOFTWARE_TOKEN_MFA_CODE": recovery[2]})
    done = cognito.respond_to_auth_challenge(
        ClientId=strict["client_id"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": user.email, "SOFTWARE_TOKEN_MFA_CODE": fresh.json()["RecoveryCodes"][0]})
    assert "AuthenticationResult" in done
    unauthenticated = requests.post(f"{server.endpoint}/cognate/recovery-codes", timeout=10)
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["__type"] == "NotAuthorizedException"


def test_sms_mfa_code_from_the_page(server, cognito, app):
    phone = new_phone()
    user = admin_create_confirmed_user(cognito, app)
    cognito.admin_update_user_attributes(UserPoolId=app["pool_id"], Username=user.email, UserAttributes=attrs_list(
        {"phone_number": phone, "phone_number_verified": "true"}))
    cognito.admin_set_user_mfa_preference(UserPoolId=app["pool_id"], Username=user.email,
                                          SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    ask = browser.submit(page, "/login", username=user.email, password=user.password)
    assert ask.title == "Enter the code we sent you", ask
    assert mask_phone(phone) in ask.text
    code = server.sms.wait_for_code(phone)
    landed = browser.submit(ask, "/login/step", code=code)
    assert isinstance(landed, str) and "code" in query_of(landed), landed


def test_new_password_required_on_the_page(server, cognito, app):
    email = new_email()
    temporary = new_password()
    cognito.admin_create_user(UserPoolId=app["pool_id"], Username=email, TemporaryPassword=temporary,
                              MessageAction="SUPPRESS",
                              UserAttributes=attrs_list({"email": email, "email_verified": "true", "name": "Grace"}))
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    ask = browser.submit(page, "/login", username=email, password=temporary)
    assert ask.title == "Choose a new password", ask
    assert 'autocomplete="new-password"' in ask.text
    fresh = new_password()
    mismatch = browser.submit(ask, "/login/step", new_password=fresh, confirm_password=fresh + "x")
    assert mismatch.errors == ["The two passwords are not the same."]
    weak = browser.submit(ask, "/login/step", new_password="short", confirm_password="short")
    assert weak.status == 400 and "Password" in weak.errors[0], weak
    landed = browser.submit(weak, "/login/step", new_password=fresh, confirm_password=fresh)
    assert isinstance(landed, str) and "code" in query_of(landed), landed
    got = cognito.admin_get_user(UserPoolId=app["pool_id"], Username=email)
    assert got["UserStatus"] == "CONFIRMED"


def test_sign_up_confirm_and_forgot_password_on_the_pages(server, cognito, app):
    email = new_email()
    password = new_password()
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/signup", **authorize_params(app))
    assert page.title == "Create an account" and "attr_name" in page.form("/signup")["names"]
    confirm = browser.submit(page, "/signup", email=email, password=password, attr_name="Alan Turing")
    assert confirm.title == "Confirm your account", confirm
    bad = browser.submit(confirm, "/confirm", code="000000")
    assert bad.errors, bad
    code = server.smtp.wait_for_code(email)
    signed = browser.submit(confirm, "/confirm", code=code)
    assert signed.title == "Sign in" and "confirmed" in signed.text
    landed = browser.submit(signed, "/login", username=email, password=password)
    assert isinstance(landed, str) and "code" in query_of(landed)

    browser = Browser(server.endpoint, CALLBACK)
    ask = browser.get("/forgotPassword", **authorize_params(app))
    reset = browser.submit(ask, "/forgotPassword", username=email)
    assert reset.title == "Choose a new password", reset
    new = new_password()
    code = server.smtp.wait_for_code(email)
    back = browser.submit(reset, "/confirmForgotPassword", code=code, new_password=new, confirm_password=new)
    assert back.title == "Sign in" and "password has been changed" in back.text
    landed = browser.submit(back, "/login", username=email, password=new)
    assert isinstance(landed, str) and "code" in query_of(landed)


def test_choose_a_factor_then_its_code(server, cognito, app):
    """A user with both factors and no preferred one chooses on the page (SELECT_MFA_TYPE)."""
    phone = new_phone()
    user = admin_create_confirmed_user(cognito, app)
    cognito.admin_update_user_attributes(UserPoolId=app["pool_id"], Username=user.email, UserAttributes=attrs_list(
        {"phone_number": phone, "phone_number_verified": "true"}))
    # An authenticator app, enrolled through the API with an API sign-in's access token.
    api = cognito.create_user_pool_client(UserPoolId=app["pool_id"], ClientName="api",
                                          ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    signed = cognito.admin_initiate_auth(UserPoolId=app["pool_id"], ClientId=api["UserPoolClient"]["ClientId"],
                                         AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                         AuthParameters={"USERNAME": user.email, "PASSWORD": user.password})
    access = signed["AuthenticationResult"]["AccessToken"]
    secret = cognito.associate_software_token(AccessToken=access)["SecretCode"]
    auth = Authenticator(secret)
    cognito.verify_software_token(AccessToken=access, UserCode=auth.code())
    cognito.admin_set_user_mfa_preference(
        UserPoolId=app["pool_id"], Username=user.email,
        SMSMfaSettings={"Enabled": True, "PreferredMfa": False},
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False},
    )
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(app))
    choose = browser.submit(page, "/login", username=user.email, password=user.password)
    assert choose.title == "Choose how to verify it's you", choose
    assert "A text message (SMS) to my phone" in choose.text and "My authenticator app" in choose.text
    ask = browser.submit(choose, "/login/step", factor="SOFTWARE_TOKEN_MFA")
    assert ask.title == "Enter your authenticator code", ask
    landed = browser.submit(ask, "/login/step", code=auth.code())
    assert isinstance(landed, str) and "code" in query_of(landed), landed


def test_a_pool_domain_host_serves_only_that_pools_clients(server, cognito, app):
    """Requests that arrive with `Host: <prefix>.<public host>` are the pool's domain."""
    prefix = "hosted-" + new_email().split("@")[0].split("-")[1][:10]
    cognito.create_user_pool_domain(UserPoolId=app["pool_id"], Domain=prefix)
    host = urllib.parse.urlsplit(server.endpoint).netloc
    domain_host = f"{prefix}.{host}"
    params = authorize_params(app)
    resp = requests.get(f"{server.endpoint}/oauth2/authorize", params=params, headers={"Host": domain_host},
                        allow_redirects=False, timeout=10)
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login?")
    page = requests.get(server.endpoint + resp.headers["Location"], headers={"Host": domain_host}, timeout=10)
    assert page.status_code == 200 and "<h1>Sign in</h1>" in page.text

    other_pool = create_pool(cognito)
    other = create_code_client(cognito, other_pool, "other", CALLBACK)
    params = authorize_params(other, scope="openid")
    refused = requests.get(f"{server.endpoint}/oauth2/authorize", params=params, headers={"Host": domain_host},
                           allow_redirects=False, timeout=10)
    assert refused.status_code == 400 and "another user pool" in refused.text
    # The server's own address answers for every pool.
    own = requests.get(f"{server.endpoint}/oauth2/authorize", params=params, allow_redirects=False, timeout=10)
    assert own.status_code == 302


def test_two_nodes_answer_the_steps_of_one_browser_sign_in_alternately(server, cognito, app, server_factory):
    if server.backend != "postgres":
        pytest.skip("clustering is only supported on PostgreSQL")
    node2 = server_factory(database_of=server)
    user = admin_create_confirmed_user(cognito, app)
    cognito.admin_update_user_attributes(UserPoolId=app["pool_id"], Username=user.email, UserAttributes=attrs_list(
        {"phone_number": new_phone(), "phone_number_verified": "true"}))
    cognito.admin_set_user_mfa_preference(UserPoolId=app["pool_id"], Username=user.email,
                                          SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    phone = cognito.admin_get_user(UserPoolId=app["pool_id"], Username=user.email)
    phone = {a["Name"]: a["Value"] for a in phone["UserAttributes"]}["phone_number"]
    browser = Browser(server.endpoint, CALLBACK, also=[node2.endpoint])
    verifier, challenge = pkce_pair()
    page = browser.get("/oauth2/authorize", **authorize_params(app, code_challenge=challenge,
                                                               code_challenge_method="S256"))
    ask = browser.submit(page, "/login", username=user.email, password=user.password)
    assert ask.title == "Enter the code we sent you", ask
    def sent_code():
        for sink in (server.sms, node2.sms):  # whichever node took the password sent it
            codes = [m.code for m in sink.messages_to(phone) if m.code]
            if codes:
                return codes[-1]
        return None

    landed = browser.submit(ask, "/login/step", code=harness.poll(sent_code, timeout=10, what="the SMS code"))
    assert isinstance(landed, str), landed
    assert set(browser.served_by) == {server.endpoint, node2.endpoint}, browser.served_by
    # The code is exchanged on the other node than the one that made it.
    resp = exchange(node2.endpoint, app, query_of(landed)["code"], verifier)
    assert resp.status_code == 200, resp.text
    tokens = resp.json()
    info = requests.get(f"{server.endpoint}/oauth2/userInfo",
                        headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10)
    assert info.status_code == 200 and info.json()["email"] == user.email
    # The managed-login session made on one node holds on the other, and logout on one ends it
    # on both.
    again = browser.get("/oauth2/authorize", **authorize_params(app))
    assert isinstance(again, str) and "code" in query_of(again)
    browser.get("/logout", client_id=app["client_id"], logout_uri=SIGNED_OUT)
    for _ in range(2):
        assert isinstance(browser.get("/oauth2/authorize", **authorize_params(app)), Page)


def test_sms_mfa_set_up_on_the_page_with_a_phone_number(server, cognito):
    """A pool that requires MFA by SMS only: a user without a phone number gives one on the
    page, and the code sent to it finishes the sign-in and proves the number."""
    pool_id = create_pool(cognito)
    enable_software_token(cognito, pool_id, mfa="ON", totp_enabled=False)
    texts = create_code_client(cognito, pool_id, "Texts", CALLBACK)
    user = admin_create_confirmed_user(cognito, texts)
    browser = Browser(server.endpoint, CALLBACK)
    page = browser.get("/oauth2/authorize", **authorize_params(texts, scope="openid"))
    setup = browser.submit(page, "/login", username=user.email, password=user.password)
    assert setup.title == "Set up text-message codes", setup
    bad = browser.submit(setup, "/login/step", phone="0123")
    assert bad.title == "Set up text-message codes" and bad.errors == ["Invalid phone number format."]
    phone = new_phone()
    ask = browser.submit(bad, "/login/step", phone=phone)
    assert ask.title == "Enter the code we sent you" and mask_phone(phone) in ask.text, ask
    landed = browser.submit(ask, "/login/step", code=server.sms.wait_for_code(phone))
    assert isinstance(landed, str) and "code" in query_of(landed), landed
    got = cognito.admin_get_user(UserPoolId=pool_id, Username=user.email)
    attrs = {a["Name"]: a["Value"] for a in got["UserAttributes"]}
    assert attrs["phone_number"] == phone and attrs["phone_number_verified"] == "true"
    assert got["UserMFASettingList"] == ["SMS_MFA"] and got["PreferredMfaSetting"] == "SMS_MFA"
