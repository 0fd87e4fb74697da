/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dafu-align.h"
#include "dafu-letter.h"
#include "dafu-shared.h"
#include "dafu-themes.h"

G_BEGIN_DECLS

#define DAFU_TYPE_COMPARISON (dafu_comparison_get_type ())

G_DECLARE_FINAL_TYPE (DafuComparison, dafu_comparison, DAFU, COMPARISON, GObject)

DafuComparison *dafu_comparison_new                (DafuLetter     *a,
                                                    DafuLetter     *b,
                                                    DafuThemes     *themes,
                                                    guint           min_run);
DafuLetter     *dafu_comparison_get_letter         (DafuComparison *self,
                                                    guint           side);
DafuThemes     *dafu_comparison_get_themes         (DafuComparison *self);
double          dafu_comparison_get_similarity     (DafuComparison *self);
GArray         *dafu_comparison_get_rows           (DafuComparison *self);
GArray         *dafu_comparison_get_section_themes (DafuComparison *self,
                                                    guint           side,
                                                    guint           section);
GArray         *dafu_comparison_get_theme_sections (DafuComparison *self,
                                                    guint           side,
                                                    guint           theme);
gboolean        dafu_comparison_get_section_range  (DafuComparison *self,
                                                    guint           side,
                                                    guint           section,
                                                    guint          *start,
                                                    guint          *end);
GArray         *dafu_comparison_get_shared_runs    (DafuComparison *self);
GPtrArray      *dafu_comparison_get_figures        (DafuComparison *self,
                                                    guint           side);
int             dafu_comparison_get_figure_theme   (DafuComparison *self,
                                                    guint           side,
                                                    guint           figure);

char           *dafu_comparison_to_html            (DafuComparison *self);

G_END_DECLS
