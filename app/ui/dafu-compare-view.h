/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-comparison.h"
#include "dafu-letter.h"

G_BEGIN_DECLS

#define DAFU_TYPE_COMPARE_VIEW (dafu_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (DafuCompareView, dafu_compare_view, DAFU, COMPARE_VIEW, AdwBin)

GtkWidget      *dafu_compare_view_new              (void);
DafuComparison *dafu_compare_view_get_comparison   (DafuCompareView     *self);
void            dafu_compare_view_set_comparison   (DafuCompareView     *self,
                                                    DafuComparison      *comparison);
void            dafu_compare_view_compare_async    (DafuCompareView     *self,
                                                    DafuLetter          *a,
                                                    DafuLetter          *b,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        dafu_compare_view_compare_finish   (DafuCompareView     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void            dafu_compare_view_swap             (DafuCompareView     *self);
int             dafu_compare_view_get_current_pair (DafuCompareView     *self);
void            dafu_compare_view_next_pair        (DafuCompareView     *self);
void            dafu_compare_view_previous_pair    (DafuCompareView     *self);
int             dafu_compare_view_get_selected_phrase (DafuCompareView  *self);
void            dafu_compare_view_export_async     (DafuCompareView     *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        dafu_compare_view_export_finish    (DafuCompareView     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
