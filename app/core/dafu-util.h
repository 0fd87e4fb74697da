/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* g_set_str() arrived in GLib 2.76; this is the same for GLib 2.74. */
static inline gboolean
dafu_set_str (char       **str_pointer,
              const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;

  return TRUE;
}

GBytes *dafu_deflate (gconstpointer   data,
                      gsize           size,
                      GError        **error);
GBytes *dafu_inflate (gconstpointer   data,
                      gsize           size,
                      GError        **error);

G_END_DECLS
