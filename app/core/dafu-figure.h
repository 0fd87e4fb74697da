/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DafuFigureKind:
 * @DAFU_FIGURE_KIND_COUNT: a count of things or people (个, 人, 张, 所 …)
 * @DAFU_FIGURE_KIND_PERCENT: a percentage (93%, 百分之九十三)
 * @DAFU_FIGURE_KIND_MONEY: an amount in yuan (1.84亿元)
 * @DAFU_FIGURE_KIND_AREA: an area (平方米, 亩 …)
 * @DAFU_FIGURE_KIND_OTHER: any other measure (公里, 吨 …)
 *
 * A plain enum, not registered as a GType: the "kind" property is a guint.
 */
typedef enum {
  DAFU_FIGURE_KIND_COUNT,
  DAFU_FIGURE_KIND_PERCENT,
  DAFU_FIGURE_KIND_MONEY,
  DAFU_FIGURE_KIND_AREA,
  DAFU_FIGURE_KIND_OTHER,
} DafuFigureKind;

#define DAFU_TYPE_FIGURE (dafu_figure_get_type ())

G_DECLARE_FINAL_TYPE (DafuFigure, dafu_figure, DAFU, FIGURE, GObject)

DafuFigure     *dafu_figure_new            (const char     *text,
                                            guint           start,
                                            guint           end,
                                            double          value,
                                            double          normalized,
                                            const char     *unit,
                                            DafuFigureKind  kind,
                                            const char     *label);
const char     *dafu_figure_get_text       (DafuFigure     *self);
guint           dafu_figure_get_start      (DafuFigure     *self);
guint           dafu_figure_get_end        (DafuFigure     *self);
double          dafu_figure_get_value      (DafuFigure     *self);
double          dafu_figure_get_normalized (DafuFigure     *self);
const char     *dafu_figure_get_unit       (DafuFigure     *self);
DafuFigureKind  dafu_figure_get_kind       (DafuFigure     *self);
const char     *dafu_figure_get_label      (DafuFigure     *self);

const char     *dafu_figure_kind_to_string   (DafuFigureKind  kind);
gboolean        dafu_figure_kind_from_string (const char     *name,
                                              DafuFigureKind *kind);

GPtrArray      *dafu_figures_extract       (const char     *text);

G_END_DECLS
