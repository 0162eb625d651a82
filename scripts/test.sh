#!/usr/bin/env bash
# Install what is missing, build, and run every test (GoogleTest suites and the wscript
# check, through CTest). Ends with CTest's summary; exits non-zero when a test fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
vswitch_install_deps
vswitch_build
ctest --test-dir "$VSWITCH_BUILD" --output-on-failure -j "$(nproc)"
