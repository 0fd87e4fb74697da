/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dafu-document.h"

G_BEGIN_DECLS

char         *dafu_privacy_mask_text     (const char   *text,
                                          const char   *deputy_phone,
                                          guint        *n_masked);
DafuDocument *dafu_privacy_mask_document (DafuDocument *document,
                                          const char   *deputy_phone,
                                          guint        *n_masked);

G_END_DECLS
