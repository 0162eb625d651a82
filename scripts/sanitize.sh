#!/usr/bin/env bash
# Build the module, its examples, vswitch-sim and the tests with AddressSanitizer,
# LeakSanitizer and UndefinedBehaviorSanitizer (-DVSWITCH_SANITIZE=ON) in a build folder of
# their own (build-asan, or $VSWITCH_ASAN_BUILD), and run the whole suite through CTest.
# A leak, a memory error or undefined behaviour fails the test (and the example or
# vswitch-sim run inside it) where it happens. Ends with CTest's summary; exits non-zero when
# a test fails. Installs what is missing first, as scripts/test.sh does.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
VSWITCH_BUILD="${VSWITCH_ASAN_BUILD:-$VSWITCH_ROOT/build-asan}"

vswitch_install_deps
# The targets use precompiled headers; ccache caches such compiles only with this sloppiness
# (without it every compile is "could not use precompiled header" and rebuilds in full).
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros}"
# ASan's runtime (libasan8) and UBSan's (libubsan1) come with Debian's g++.
vswitch_build -DVSWITCH_SANITIZE=ON

# Leaks are reported at exit (detect_leaks=1); abort_on_error makes a memory error abort,
# halt_on_error makes undefined behaviour stop the process (the build also has
# -fno-sanitize-recover=undefined). The suppressions name only leaks inside Debian's libns3
# with none of our frames; see the file.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$VSWITCH_ROOT/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
ctest --test-dir "$VSWITCH_BUILD" --output-on-failure -j "$(nproc)"
