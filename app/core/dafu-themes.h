/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * DafuThemeHit:
 * @theme: the theme's index in its #DafuThemes
 * @hits: how many keyword occurrences marked it
 */
typedef struct {
  guint theme;
  guint hits;
} DafuThemeHit;

#define DAFU_TYPE_THEMES (dafu_themes_get_type ())

G_DECLARE_FINAL_TYPE (DafuThemes, dafu_themes, DAFU, THEMES, GObject)

DafuThemes  *dafu_themes_new_from_file  (const char  *path,
                                         GError     **error);
DafuThemes  *dafu_themes_new_default    (GError     **error);
guint        dafu_themes_get_n_themes   (DafuThemes  *self);
const char  *dafu_themes_get_id         (DafuThemes  *self,
                                         guint        theme);
const char  *dafu_themes_get_name       (DafuThemes  *self,
                                         guint        theme);
GArray      *dafu_themes_classify       (DafuThemes  *self,
                                         const char  *text);

G_END_DECLS
