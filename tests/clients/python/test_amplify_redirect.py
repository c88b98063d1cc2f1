"""Runs tests/clients/js/amplify_redirect.test.mjs: Amplify JS v6's signInWithRedirect in Debian's
Chromium against a Cognate served over HTTPS (`--tls self-signed`), through the code exchange,
fetchAuthSession({ forceRefresh: true }) and signOut() via /logout.

Amplify only speaks https:// to the OAuth domain, so this starts its own TLS server (on the
backend the parametrized `server` fixture names) with `server_factory`; Node trusts the server's
self-signed certificate through NODE_EXTRA_CA_CERTS, the browser context ignores certificate
errors (js/browser.mjs).
"""

from __future__ import annotations

import ssl
import time
import urllib.request

import pytest

from harness import run_browser_test

pytestmark = pytest.mark.js

SCREENSHOTS = ["amplify-sign-in", "amplify-signed-in", "amplify-signed-out", "amplify-sign-in-again"]


def self_signed_cert(srv):
    """Where `--tls self-signed` keeps the certificate: <data dir>/tls/ (the default data dir,
    ./cognate-data in the server's working directory, when the database is PostgreSQL)."""
    data_dir = srv.data_dir if srv.data_dir is not None else srv.workdir / "cognate-data"
    return data_dir / "tls" / "self-signed-cert.pem"


def test_amplify_sign_in_with_redirect_over_https(server, server_factory, node_bin, tmp_path):
    started = time.time()
    tls = server_factory("--tls", "self-signed", backend=server.backend, sms_sandbox=True)
    assert tls.endpoint.startswith("https://"), tls.endpoint
    cert = self_signed_cert(tls)
    assert cert.is_file(), f"{cert} missing (server log: {tls.log_path})"

    # the certificate is the one the server presents, for 127.0.0.1
    ctx = ssl.create_default_context(cafile=str(cert))
    with urllib.request.urlopen(f"{tls.endpoint}/health", context=ctx, timeout=5) as r:
        assert r.status == 200

    proc = run_browser_test(
        node_bin,
        "amplify_redirect.test.mjs",
        {"COGNATE_ENDPOINT": tls.endpoint, "NODE_EXTRA_CA_CERTS": str(cert)},
        tmp_path / "screenshots",
        timeout=180,
    )
    print(proc.stdout)  # the spec report, visible with -s
    assert proc.returncode == 0, (
        f"node --test failed (exit {proc.returncode}; screenshots in {proc.screenshot_dir})\n{proc.stdout}\n{proc.stderr}"
    )
    for name in SCREENSHOTS:
        png = proc.screenshot_dir / f"{name}.png"
        assert png.is_file(), f"{png} missing"
        assert png.stat().st_mtime >= started - 1, f"{png} was not written by this run"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"
