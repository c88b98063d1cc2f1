"""Runs tests/clients/js/hosted_pages.test.mjs: the hosted sign-in pages in Debian's Chromium
(playwright-core, js/browser.mjs) against the server, with a screenshot of every page.

The JavaScript side makes its own pools, app clients and users (AWS SDK) and serves the app's
callback page; this side serves the codes the server e-mails and texts (the `codes` fixture).

Screenshots go to a temporary directory, or to <repo>/docs/screenshots/ when
COGNATE_DOCS_SCREENSHOTS=1 (the SQLite run only, so the two backends don't overwrite each other's).
Regenerate the docs' screenshots with:

    COGNATE_DOCS_SCREENSHOTS=1 COGNATE_TEST_BACKENDS=sqlite \\
        .venv/bin/python -m pytest tests/clients/python/test_hosted_pages_browser.py -q
"""

from __future__ import annotations

import os
import time

import pytest

from harness import REPO, run_browser_test

pytestmark = pytest.mark.js

DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"

# One per page the test visits (js/hosted_pages.test.mjs names them).
SCREENSHOTS = [
    "sign-in",
    "sign-up",
    "confirm-sign-up",
    "sign-in-confirmed",
    "mfa-totp-setup",
    "mfa-recovery-codes",
    "mfa-totp-code",
    "mfa-sms-code",
    "mfa-choose",
    "forgot-password",
    "reset-password",
    "new-password",
    "wrong-password",
    "locked-out",
    "signed-out",
]


def test_hosted_pages_in_chromium(server, codes, node_bin, tmp_path, monkeypatch):
    shots = tmp_path / "screenshots"
    if os.environ.get("COGNATE_DOCS_SCREENSHOTS") == "1" and server.backend == "sqlite":
        shots = DOCS_SCREENSHOTS
        monkeypatch.delenv("COGNATE_SCREENSHOT_DIR", raising=False)  # the docs' directory wins
    started = time.time()
    proc = run_browser_test(
        node_bin,
        "hosted_pages.test.mjs",
        {"COGNATE_ENDPOINT": server.endpoint, "CODE_URL": codes.code_url, "SMS_CODE_URL": codes.sms_code_url},
        shots,
        timeout=120,
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
