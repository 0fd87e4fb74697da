/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-types.h"

G_BEGIN_DECLS

#define DAFU_TYPE_LETTER_LIST (dafu_letter_list_get_type ())

G_DECLARE_FINAL_TYPE (DafuLetterList, dafu_letter_list, DAFU, LETTER_LIST, GObject)

DafuLetterList *dafu_letter_list_new       (DafuLibrary    *library,
                                            GArray         *keys,
                                            GArray         *scores);
gint64          dafu_letter_list_get_id    (DafuLetterList *self,
                                            guint           position);
double          dafu_letter_list_get_score (DafuLetterList *self,
                                            guint           position);

G_END_DECLS
