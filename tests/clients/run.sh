#!/usr/bin/env bash
# Runs the end-to-end client suite against the real `cognate` binary.
#
#   tests/clients/run.sh [pytest args...]      e.g. -k seed001 -x
#
# Env:
#   COGNATE_TEST_BACKENDS=sqlite|postgres|sqlite,postgres   (default: both)
#   COGNATE_BIN=/path/to/cognate     use this binary (no build)
#   COGNATE_NO_BUILD=1               don't run `cargo build -p cognate-server` first
#   COGNATE_SKIP_SETUP=1             don't run setup.sh first (it is a no-op when up to date)
#   CARGO_TARGET_DIR                 where cargo builds / where the binary is looked up
#   COGNATE_TEST_PG_URL              admin URL of PostgreSQL (default postgres://postgres@127.0.0.1:5432)
#   COGNATE_TEST_RUST_LOG            RUST_LOG for the server processes (default info)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"

if [ "${COGNATE_SKIP_SETUP:-0}" != 1 ]; then
  "$HERE/setup.sh"
fi

if [ -z "${COGNATE_BIN:-}" ] && [ "${COGNATE_NO_BUILD:-0}" != 1 ]; then
  echo "[run] cargo build -p cognate-server" >&2
  (cd "$REPO" && cargo build -q -p cognate-server)
fi

cd "$REPO"
exec "$REPO/.venv/bin/python" -m pytest tests/clients/python -q "$@"
