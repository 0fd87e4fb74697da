#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when zh_CN.po has an untranslated or fuzzy message, or lacks a
# string that the sources (po/POTFILES.in) now contain.
set -eu
srcdir=$1
po="$srcdir/po/zh_CN.po"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

msgfmt --check --statistics -o /dev/null "$po" 2>"$tmp/stats"
cat "$tmp/stats"
if grep -qE 'untranslated|fuzzy' "$tmp/stats"; then
  echo "zh_CN.po: every message needs its Chinese translation" >&2
  exit 1
fi

grep -v '^#' "$srcdir/po/POTFILES.in" | sed '/^$/d' > "$tmp/files"

# Every source file with translatable strings must be listed.
unlisted=$(cd "$srcdir" && grep -rlE '[^A-Za-z_]N?_\(|translatable="yes"' --include='*.c' --include='*.ui' app | sort | while read -r f; do
  grep -qxF "$f" "$tmp/files" || echo "$f"
done)
if [ -n "$unlisted" ]; then
  echo "po/POTFILES.in lacks files with translatable strings:" >&2
  echo "$unlisted" >&2
  exit 1
fi
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  -D "$srcdir" -f "$tmp/files" -o "$tmp/dafu.pot"
# msgcmp fails when a string of the sources is missing or untranslated.
msgcmp "$po" "$tmp/dafu.pot"
echo "zh_CN.po: complete"
