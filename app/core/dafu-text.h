/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest file Dafu reads as a letter. */
#define DAFU_TEXT_MAX_SIZE (8 * 1024 * 1024)

#define DAFU_TEXT_ERROR (dafu_text_error_quark ())

typedef enum {
  DAFU_TEXT_ERROR_EMPTY,
  DAFU_TEXT_ERROR_TOO_LARGE,
  DAFU_TEXT_ERROR_BINARY,
  DAFU_TEXT_ERROR_ENCODING,
} DafuTextError;

GQuark    dafu_text_error_quark (void);

gboolean  dafu_text_check_size  (guint64       size,
                                 GError      **error);
gboolean  dafu_text_check_file_size (const char *file_name,
                                     guint64     size,
                                     GError    **error);
char     *dafu_text_from_file   (const char   *file_name,
                                 GBytes       *bytes,
                                 const char  **encoding,
                                 GError      **error);
char     *dafu_text_decode      (GBytes       *bytes,
                                 const char  **encoding,
                                 GError      **error);

gunichar  dafu_text_fold_char   (gunichar      c);
char     *dafu_text_fold        (const char   *text,
                                 gssize        len);
gboolean  dafu_text_is_space    (gunichar      c);

G_END_DECLS
