/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dafu-letter.h"
#include "dafu-query.h"

G_BEGIN_DECLS

#define DAFU_TYPE_RESULT_ROW (dafu_result_row_get_type ())

G_DECLARE_FINAL_TYPE (DafuResultRow, dafu_result_row, DAFU, RESULT_ROW, GtkWidget)

GtkWidget  *dafu_result_row_new        (void);
void        dafu_result_row_set_letter (DafuResultRow *self,
                                        DafuLetter    *letter,
                                        DafuQuery     *query);
DafuLetter *dafu_result_row_get_letter (DafuResultRow *self);

G_END_DECLS
