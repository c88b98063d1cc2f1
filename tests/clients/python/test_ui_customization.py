"""SetUICustomization / GetUICustomization: CSS and a logo on the hosted pages, for the pool
(`ALL`) or one client, checked as Cognito checks them."""

from __future__ import annotations

import base64
import urllib.parse

import pytest
import requests

from helpers import create_code_client, create_pool, err_code, err_msg, new_email

CALLBACK = "http://localhost:3999/callback"
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
CSS = ".submitButton-customizable { background-color: #7a1f5c; } .label-customizable { color: #333; }"


@pytest.fixture(scope="module")
def branded(cognito):
    pool_id = create_pool(cognito)
    return create_code_client(cognito, pool_id, "Branded", CALLBACK)


def login_page(server, client_id):
    params = {"response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "scope": "openid"}
    return requests.get(f"{server.endpoint}/login?{urllib.parse.urlencode(params)}", timeout=10)


def test_branding_needs_a_domain_then_styles_the_pages(server, cognito, branded):
    pool_id, client_id = branded["pool_id"], branded["client_id"]
    with pytest.raises(cognito.exceptions.InvalidParameterException) as e:
        cognito.set_ui_customization(UserPoolId=pool_id, CSS=CSS)
    assert err_msg(e) == "There has to be a domain associated with this user pool"
    cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="brand-" + new_email().split("-")[1][:10])

    # The pool's default, for every client.
    ui = cognito.set_ui_customization(UserPoolId=pool_id, CSS=CSS, ImageFile=PNG)["UICustomization"]
    assert ui["UserPoolId"] == pool_id and ui["ClientId"] == "ALL"
    assert ui["CSS"] == CSS and ui["CSSVersion"]
    assert ui["ImageUrl"].startswith(f"{server.endpoint}/ui/{pool_id}/ALL/logo")
    got = cognito.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"]
    assert got["ClientId"] == "ALL" and got["CSS"] == CSS

    page = login_page(server, client_id)
    assert page.status_code == 200
    assert f'href="/ui/{pool_id}/ALL/custom.css?v={ui["CSSVersion"]}"' in page.text
    assert 'class="submitButton-customizable"' in page.text and 'class="logo logo-customizable"' in page.text
    css = requests.get(f"{server.endpoint}/ui/{pool_id}/ALL/custom.css", timeout=10)
    assert css.headers["Content-Type"].startswith("text/css") and css.text == CSS
    logo = requests.get(ui["ImageUrl"], timeout=10)
    assert logo.headers["Content-Type"] == "image/png" and logo.content == PNG

    # A client's own wins over the default.
    own_css = ".submitButton-customizable { background-color: #0b6e4f; }"
    own = cognito.set_ui_customization(UserPoolId=pool_id, ClientId=client_id, CSS=own_css)["UICustomization"]
    assert own["ClientId"] == client_id and "ImageUrl" not in own
    assert cognito.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"]["CSS"] == own_css
    page = login_page(server, client_id)
    assert f"/ui/{pool_id}/{client_id}/custom.css" in page.text and "logo-customizable" not in page.text

    # Neither CSS nor image: the client's own is removed and the default applies again.
    cleared = cognito.set_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"]
    assert cleared == {"UserPoolId": pool_id, "ClientId": client_id}
    assert cognito.get_ui_customization(UserPoolId=pool_id, ClientId=client_id)["UICustomization"]["ClientId"] == "ALL"


def test_css_and_images_are_checked(cognito, branded):
    pool_id = branded["pool_id"]
    try:
        cognito.create_user_pool_domain(UserPoolId=pool_id, Domain="brand-" + new_email().split("-")[1][:10])
    except cognito.exceptions.InvalidParameterException:
        pass  # the pool already has one
    for css in ["body { color: red }", ".logo-customizable { background: url(https://evil.example/x.png) }",
                "@import 'x.css';", ".label-customizable { color: red"]:
        with pytest.raises(cognito.exceptions.InvalidParameterException) as e:
            cognito.set_ui_customization(UserPoolId=pool_id, CSS=css)
        assert err_msg(e).startswith("The CSS is not valid"), css
    with pytest.raises(cognito.exceptions.InvalidParameterException) as e:
        cognito.set_ui_customization(UserPoolId=pool_id, ImageFile=b"GIF89a....")
    assert err_msg(e) == "The image file must be a PNG or a JPEG."
    with pytest.raises(cognito.exceptions.ResourceNotFoundException) as e:
        cognito.set_ui_customization(UserPoolId=pool_id, ClientId="nosuchclient", CSS=CSS)
    assert err_code(e) == "ResourceNotFoundException"
