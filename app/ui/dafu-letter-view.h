/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-letter.h"
#include "dafu-query.h"

G_BEGIN_DECLS

#define DAFU_TYPE_LETTER_VIEW (dafu_letter_view_get_type ())

G_DECLARE_FINAL_TYPE (DafuLetterView, dafu_letter_view, DAFU, LETTER_VIEW, AdwBin)

GtkWidget  *dafu_letter_view_new              (void);
DafuLetter *dafu_letter_view_get_letter       (DafuLetterView *self);
void        dafu_letter_view_set_letter       (DafuLetterView *self,
                                               DafuLetter     *letter);
DafuQuery  *dafu_letter_view_get_query        (DafuLetterView *self);
void        dafu_letter_view_set_query        (DafuLetterView *self,
                                               DafuQuery      *query);
guint       dafu_letter_view_get_n_hits       (DafuLetterView *self);
int         dafu_letter_view_get_current_hit  (DafuLetterView *self);
void        dafu_letter_view_set_current_hit  (DafuLetterView *self,
                                               int             hit);
void        dafu_letter_view_next_hit         (DafuLetterView *self);
void        dafu_letter_view_previous_hit     (DafuLetterView *self);
GtkTextView *dafu_letter_view_get_text_view   (DafuLetterView *self);

G_END_DECLS
