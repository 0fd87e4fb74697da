#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a file of the GTK-free core includes a GTK or libadwaita header.
set -eu
dir=$1
bad=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|adwaita|gsk/)' "$dir"/*.c "$dir"/*.h || true)
if [ -n "$bad" ]; then
  echo "These core files include GTK or libadwaita headers:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "app/core: no GTK or libadwaita includes in $(ls "$dir"/*.c "$dir"/*.h | wc -l) files"
