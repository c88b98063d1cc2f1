"""Runs tests/clients/js/browser_smoke.test.mjs: Debian's Chromium driven by playwright-core
(js/browser.mjs) against the server.

The Python side makes a seed-001 pool; the JavaScript side opens the pool's discovery document
in the browser, screenshots it, reads a QR code off a page and adds a virtual WebAuthn
authenticator: the plumbing the hosted sign-in page tests stand on.
"""

from __future__ import annotations

import pytest

from harness import run_browser_test

pytestmark = pytest.mark.js


def test_browser_smoke(server, seed_pool, node_bin, tmp_path):
    proc = run_browser_test(
        node_bin,
        "browser_smoke.test.mjs",
        {"COGNATE_ENDPOINT": server.endpoint, "POOL_ID": seed_pool["pool_id"]},
        tmp_path / "screenshots",
        timeout=60,
    )
    print(proc.stdout)  # the spec report, visible with -s
    assert proc.returncode == 0, (
        f"node --test failed (exit {proc.returncode}; screenshots in {proc.screenshot_dir})\n{proc.stdout}\n{proc.stderr}"
    )
