/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "dafu-document.h"

G_BEGIN_DECLS

/* A4 in points (1 pt = 1/72 inch): 210 × 297 mm. */
#define DAFU_LAYOUT_PAGE_WIDTH  595.276
#define DAFU_LAYOUT_PAGE_HEIGHT 841.89

/* Millimetres to points. */
#define DAFU_LAYOUT_MM(mm) ((mm) * 72.0 / 25.4)

/* The 版心 (type area) of GB/T 9704-2012: 156 × 225 mm, 37 mm from the top
 * and 28 mm from the left (binding) edge; 22 lines of 28 characters. */
#define DAFU_LAYOUT_MARGIN_TOP    DAFU_LAYOUT_MM (37.0)
#define DAFU_LAYOUT_MARGIN_LEFT   DAFU_LAYOUT_MM (28.0)
#define DAFU_LAYOUT_MARGIN_RIGHT  DAFU_LAYOUT_MM (26.0)
#define DAFU_LAYOUT_MARGIN_BOTTOM DAFU_LAYOUT_MM (35.0)
#define DAFU_LAYOUT_TEXT_WIDTH    DAFU_LAYOUT_MM (156.0)
#define DAFU_LAYOUT_TEXT_HEIGHT   DAFU_LAYOUT_MM (225.0)
#define DAFU_LAYOUT_LINES         22
#define DAFU_LAYOUT_CHARS         28
#define DAFU_LAYOUT_LINE_PITCH    (DAFU_LAYOUT_TEXT_HEIGHT / DAFU_LAYOUT_LINES)

/**
 * DafuLayoutLine:
 * @role: the role of the paragraph the line belongs to (%DAFU_DOC_ROLE_BODY
 *   for a page number)
 * @page_number: %TRUE for the page number line ("— 2 —")
 * @text: the line's text
 * @x: the left edge of the line's text, in points from the page's left
 * @y: its baseline, in points from the page's top
 * @width: its width in points
 * @size: its font size in points
 * @n_chars: its number of characters
 *
 * One laid-out line, as tests and the preview's search see it.
 */
typedef struct {
  DafuDocRole  role;
  gboolean     page_number;
  char        *text;
  double       x;
  double       y;
  double       width;
  double       size;
  guint        n_chars;
} DafuLayoutLine;

void dafu_layout_line_free (DafuLayoutLine *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DafuLayoutLine, dafu_layout_line_free)

#define DAFU_TYPE_LAYOUT (dafu_layout_get_type ())

G_DECLARE_FINAL_TYPE (DafuLayout, dafu_layout, DAFU, LAYOUT, GObject)

/*
 * A document laid out in the GB/T 9704-2012 letter format (信函格式) on A4
 * pages, with Pango and PangoCairo: made once, then drawn page by page by
 * the preview, the print operation and the PDF writer, which all call
 * dafu_layout_render_page(). A layout is used from one thread at a time.
 */
DafuLayout *dafu_layout_new             (DafuDocument  *document,
                                         GError       **error);

DafuDocument *dafu_layout_get_document  (DafuLayout    *self);
guint       dafu_layout_get_n_pages     (DafuLayout    *self);
void        dafu_layout_render_page     (DafuLayout    *self,
                                         guint          page,
                                         cairo_t       *cr);
GPtrArray  *dafu_layout_get_lines       (DafuLayout    *self,
                                         guint          page);

const char *dafu_layout_get_font        (DafuLayout    *self,
                                         DafuDocRole    role);
char       *dafu_layout_describe_fonts  (DafuLayout    *self);

G_END_DECLS
