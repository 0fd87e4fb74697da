/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dafu-draft.h"

G_BEGIN_DECLS

#define DAFU_TYPE_BLOCK_ROW (dafu_block_row_get_type ())

G_DECLARE_FINAL_TYPE (DafuBlockRow, dafu_block_row, DAFU, BLOCK_ROW, GtkListBoxRow)

GtkWidget      *dafu_block_row_new            (DafuDraft      *draft,
                                               DafuDraftBlock *block);
DafuDraft      *dafu_block_row_get_draft      (DafuBlockRow   *self);
DafuDraftBlock *dafu_block_row_get_block      (DafuBlockRow   *self);
GtkTextView    *dafu_block_row_get_text_view  (DafuBlockRow   *self);
guint           dafu_block_row_get_position   (DafuBlockRow   *self);
void            dafu_block_row_set_values     (DafuBlockRow   *self,
                                               GHashTable     *values);
guint           dafu_block_row_get_n_unfilled (DafuBlockRow   *self);
guint           dafu_block_row_get_n_filled   (DafuBlockRow   *self);
void            dafu_block_row_set_editable   (DafuBlockRow   *self,
                                               gboolean        editable);
void            dafu_block_row_update_actions (DafuBlockRow   *self);
void            dafu_block_row_focus          (DafuBlockRow   *self);
void            dafu_block_row_select_range   (DafuBlockRow   *self,
                                               guint           start,
                                               guint           end);

G_END_DECLS
