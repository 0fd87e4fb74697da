#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer target of a -Dfuzzing=true build for a while:
#
#   tests/fuzz/run.sh BUILD-DIR NAME SECONDS [LIBFUZZER-OPTION…]
#
# The committed seeds (tests/fuzz/corpus/NAME) stay as they are: what the
# run finds goes into BUILD-DIR/fuzz-corpus/NAME, crashers into
# BUILD-DIR/fuzz-artifacts/NAME/. Minimise a crasher with
#   BUILD-DIR/tests/fuzz/fuzz-NAME -minimize_crash=1 -runs=10000 CRASH
# and commit it under tests/fuzz/regressions/NAME/.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 BUILD-DIR NAME SECONDS [LIBFUZZER-OPTION…]" >&2; exit 2; }
build=$(cd "$1" && pwd); name=$2; seconds=$3; shift 3

case "$name" in
  parser)       max_len=16384 ;;
  query)        max_len=256 ;;
  docx)         max_len=65536 ;;
  pdf)          max_len=65536 ;;
  placeholder)  max_len=2048 ;;
  clause-miner) max_len=32768 ;;
  *) echo "$0: no target $name" >&2; exit 2 ;;
esac

dict=()
[ -f "$top/tests/fuzz/$name.dict" ] && dict=(-dict="$top/tests/fuzz/$name.dict")

mkdir -p "$build/fuzz-corpus/$name" "$build/fuzz-artifacts/$name"
# Leaks are errors; fontconfig and cairo keep their caches (build-aux/lsan.supp).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/build-aux/lsan.supp:print_suppressions=0}
# Undefined behaviour is an error too, but for the known ones of ubsan.supp.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$top/tests/fuzz/ubsan.supp}
export G_SLICE=always-malloc
export DAFU_THEMES="$top/data/themes.ini"
set -x
exec "$build/tests/fuzz/fuzz-$name" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$name/" \
  "${dict[@]}" "$@" "$build/fuzz-corpus/$name" "$top/tests/fuzz/corpus/$name"
