/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dafu-document.h"
#include "dafu-draft.h"
#include "dafu-letter.h"

G_BEGIN_DECLS

char         *dafu_privacy_mask_text     (const char   *text,
                                          const char   *deputy_phone,
                                          guint        *n_masked);
DafuDocument *dafu_privacy_mask_document (DafuDocument *document,
                                          const char   *deputy_phone,
                                          guint        *n_masked);

gboolean      dafu_privacy_letter_is_public (DafuLetter  *letter,
                                            char       **deputy_phone);
gboolean      dafu_privacy_draft_is_public  (DafuDraft   *draft,
                                            char       **deputy_phone);

G_END_DECLS
