"""The console's app client pages (`/console/pools/{id}/clients/...`), driven as a browser
without script drives them: GET a page, read its form (the `_csrf` hidden field, the ticked
checkboxes, the chosen options, the text areas) and post it back with the changes a person
would make; then boto3's DescribeUserPoolClient says what the console did.

The suite's server has no admin keys and listens on loopback, so the console is open.
"""

from __future__ import annotations

import re
import secrets

import pytest
from botocore.exceptions import ClientError

from console_forms import ConsoleBrowser as Console
from console_forms import deleted_afterwards, form_fields, replaced
from helpers import create_pool

SECRET = re.compile(r'<code class="secret">([^<]+)</code>')
SHOWN_ONCE = "Copy the client secret now: it is not shown again."


# --------------------------------------------------------------------------- reading the page


def input_tag(page: str, aria_label: str) -> str:
    m = re.search(r'<input[^>]*aria-label="' + re.escape(aria_label) + r'"[^>]*>', page)
    assert m, f"no checkbox labelled {aria_label!r} on the page"
    return m.group(0)


def has_flag(tag: str, flag: str) -> bool:
    return re.search(r"\s" + flag + r"(?=[\s>/=])", tag) is not None


# --------------------------------------------------------------------------- the console


@pytest.fixture
def console(server):
    with Console(server.endpoint) as c:
        yield c


@pytest.fixture
def pool_id(cognito):
    """A seed-001 pool with two custom attributes, one of them immutable."""
    pid = create_pool(cognito)
    cognito.add_custom_attributes(
        UserPoolId=pid,
        CustomAttributes=[
            {"Name": "tier", "AttributeDataType": "String", "Mutable": True},
            {"Name": "born", "AttributeDataType": "String", "Mutable": False},
        ],
    )
    yield from deleted_afterwards(cognito, pid)


def _client_id_named(cognito, pool_id: str, name: str) -> str:
    clients = cognito.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    ids = [c["ClientId"] for c in clients if c["ClientName"] == name]
    assert len(ids) == 1, f"expected one client named {name!r}: {clients}"
    return ids[0]


def _create_through_form(console: Console, cognito, pool_id: str, secret: bool) -> tuple[str, str, str]:
    """Creates an app client with the "Create app client" form → (client id, name, the
    answer's HTML)."""
    name = f"console-app-{secrets.token_hex(3)}"
    path = f"/console/pools/{pool_id}/clients/new"
    page = console.get(path)
    assert "App client name" in page and "Authentication flows" in page
    fields = form_fields(page, path)
    fields = replaced(fields, "client_name", name)
    fields = replaced(fields, "flow", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
    fields = replaced(fields, "generate_secret", *(["1"] if secret else []))
    answer = console.post(path, fields, 200).text
    return _client_id_named(cognito, pool_id, name), name, answer


def _describe(cognito, pool_id: str, client_id: str) -> dict:
    return cognito.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]


def _comparable(client: dict, *leave_out: str) -> dict:
    """A client's members without `leave_out`, lists in sorted order."""
    return {
        k: sorted(v) if isinstance(v, list) else v
        for k, v in client.items()
        if k not in leave_out
    }


# --------------------------------------------------------------------------- tests


def test_a_client_created_through_the_form_shows_its_secret_once(console, cognito, pool_id):
    listing = console.get(f"/console/pools/{pool_id}/clients")
    assert "Create app client" in listing
    assert "no app clients yet" in listing

    client_id, name, answer = _create_through_form(console, cognito, pool_id, secret=True)
    assert SHOWN_ONCE in answer
    shown = SECRET.search(answer)
    assert shown, "the answer to the form shows no client secret"
    described = _describe(cognito, pool_id, client_id)
    assert shown.group(1) == described["ClientSecret"]
    assert described["ClientName"] == name
    assert sorted(described["ExplicitAuthFlows"]) == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"]
    assert "Set attribute read and write permissions" in answer

    page = console.get(f"/console/pools/{pool_id}/clients/{client_id}")
    assert name in page and client_id in page
    assert described["ClientSecret"] not in page, "the client page shows the secret again"
    assert SHOWN_ONCE not in page
    assert "Generated" in page

    listing = console.get(f"/console/pools/{pool_id}/clients")
    assert name in listing and client_id in listing

    # Without a secret, the answer says nothing of one.
    other_id, _, answer = _create_through_form(console, cognito, pool_id, secret=False)
    assert SHOWN_ONCE not in answer and not SECRET.search(answer)
    assert "ClientSecret" not in _describe(cognito, pool_id, other_id)


def test_the_matrix_sets_phone_number_and_an_edit_keeps_it(console, cognito, pool_id):
    client_id, _, _ = _create_through_form(console, cognito, pool_id, secret=True)
    path = f"/console/pools/{pool_id}/clients/{client_id}/attributes"
    client_page = f"/console/pools/{pool_id}/clients/{client_id}"

    # A client without ReadAttributes/WriteAttributes reads everything and writes every
    # mutable attribute: the boxes say so.
    page = console.get(path)
    assert "Attribute read and write permissions" in page
    for label in ("Read phone_number", "Write phone_number", "Read custom:tier", "Write custom:tier",
                  "Read custom:born", "Read email_verified"):
        assert has_flag(input_tag(page, label), "checked"), f"{label} should be ticked"
    for label in ("Write custom:born", "Write email_verified", "Write phone_number_verified"):
        assert has_flag(input_tag(page, label), "disabled"), f"{label} should have no usable box"
    assert 'aria-label="Read sub"' not in page

    # Only email and name, then phone_number read and write too, as seed 000 step 1 does.
    fields = form_fields(page, path)
    fields = replaced(fields, "read", "email", "name")
    fields = replaced(fields, "write", "email", "name")
    r = console.post(path, fields, 303)
    assert r.headers["Location"].startswith(client_page + "?notice=")
    described = _describe(cognito, pool_id, client_id)
    assert sorted(described["ReadAttributes"]) == ["email", "name"]
    assert sorted(described["WriteAttributes"]) == ["email", "name"]

    page = console.get(path)
    assert not has_flag(input_tag(page, "Read phone_number"), "checked")
    assert has_flag(input_tag(page, "Read email"), "checked")
    fields = form_fields(page, path) + [("read", "phone_number"), ("write", "phone_number")]
    console.post(path, fields, 303)
    described = _describe(cognito, pool_id, client_id)
    assert sorted(described["ReadAttributes"]) == ["email", "name", "phone_number"]
    assert sorted(described["WriteAttributes"]) == ["email", "name", "phone_number"]
    page = console.get(path)
    assert has_flag(input_tag(page, "Read phone_number"), "checked")
    assert has_flag(input_tag(page, "Write phone_number"), "checked")

    # Access tokens for 2 hours on the edit page: nothing else changes, the matrix's
    # permissions least of all.
    before = _describe(cognito, pool_id, client_id)
    edit = f"{client_page}/edit"
    page = console.get(edit)
    fields = form_fields(page, edit)
    fields = replaced(fields, "access_token_validity", "2")
    fields = replaced(fields, "access_token_unit", "hours")
    r = console.post(edit, fields, 303)
    assert r.headers["Location"].startswith(client_page + "?notice=")
    after = _describe(cognito, pool_id, client_id)
    assert after["AccessTokenValidity"] == 2
    assert after["TokenValidityUnits"]["AccessToken"] == "hours"
    assert {k: v for k, v in after["TokenValidityUnits"].items() if k != "AccessToken"} == {
        k: v for k, v in before["TokenValidityUnits"].items() if k != "AccessToken"
    }
    assert _comparable(after, "AccessTokenValidity", "TokenValidityUnits", "LastModifiedDate") == _comparable(
        before, "AccessTokenValidity", "TokenValidityUnits", "LastModifiedDate"
    )
    assert sorted(after["ReadAttributes"]) == ["email", "name", "phone_number"]
    assert sorted(after["WriteAttributes"]) == ["email", "name", "phone_number"]

    # And the matrix, saved again as it stands, leaves the edit's members alone.
    page = console.get(path)
    console.post(path, form_fields(page, path), 303)
    again = _describe(cognito, pool_id, client_id)
    assert _comparable(again, "LastModifiedDate") == _comparable(after, "LastModifiedDate")


def test_a_refused_change_shows_cognitos_message_and_changes_nothing(console, cognito, pool_id):
    client_id, _, _ = _create_through_form(console, cognito, pool_id, secret=False)
    edit = f"/console/pools/{pool_id}/clients/{client_id}/edit"
    before = _describe(cognito, pool_id, client_id)

    page = console.get(edit)
    fields = form_fields(page, edit)
    fields = replaced(fields, "callback_urls", "http://example.com")
    fields = replaced(fields, "access_token_validity", "3")
    fields = replaced(fields, "access_token_unit", "hours")
    answer = console.post(edit, fields, 400).text
    assert "Invalid CallbackURL" in answer, answer[:3000]
    assert 'class="field-error"' in answer
    # What was typed is still there.
    assert re.search(r'<textarea[^>]*name="callback_urls"[^>]*>http://example.com</textarea>', answer)
    assert re.search(r'<input[^>]*name="access_token_validity"[^>]*value="3"', answer)

    assert _describe(cognito, pool_id, client_id) == before

    # A number that is not one never reaches Cognito either.
    fields = replaced(form_fields(page, edit), "id_token_validity", "soon")
    answer = console.post(edit, fields, 400).text
    assert "whole number" in answer
    assert _describe(cognito, pool_id, client_id) == before


def test_delete_asks_first(console, cognito, pool_id):
    client_id, name, _ = _create_through_form(console, cognito, pool_id, secret=False)
    path = f"/console/pools/{pool_id}/clients/{client_id}/delete"
    page = console.get(path)
    assert name in page and 'class="danger"' in page

    # A form that did not come from the console changes nothing.
    console.post(path, {}, 403)
    assert _describe(cognito, pool_id, client_id)["ClientId"] == client_id

    r = console.post(path, form_fields(page, path), 303)
    assert r.headers["Location"].startswith(f"/console/pools/{pool_id}/clients?notice=")
    with pytest.raises(ClientError) as e:
        _describe(cognito, pool_id, client_id)
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert client_id not in console.get(f"/console/pools/{pool_id}/clients")
    console.get(f"/console/pools/{pool_id}/clients/{client_id}", status=404)
