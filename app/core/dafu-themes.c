/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-themes"

#include "config.h"

#include "dafu-themes.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-text.h"

/**
 * DafuThemes:
 *
 * The themes reply letters cover (policy, facilities, meal assistance, …),
 * each with the keywords that mark a section with it, read from an
 * editable key file (data/themes.ini): one group per theme, in table order,
 * with `Name` (localized as `Name[zh_CN]`), `Keywords` (a list) and an
 * optional `MinHits` (how many keyword occurrences a section needs, 1 by
 * default). Keywords are matched after dafu_text_fold() folding, white
 * space ignored, as the search does.
 */

typedef struct {
  char   *id;
  char   *name;
  GStrv   keywords;   /* folded, without white space */
  guint   min_hits;
} Theme;

struct _DafuThemes
{
  GObject  parent_instance;

  GArray  *themes;    /* Theme */
};

G_DEFINE_FINAL_TYPE (DafuThemes, dafu_themes, G_TYPE_OBJECT)

static void
theme_clear (gpointer data)
{
  Theme *theme = data;

  g_clear_pointer (&theme->id, g_free);
  g_clear_pointer (&theme->name, g_free);
  g_clear_pointer (&theme->keywords, g_strfreev);
}

static void
dafu_themes_finalize (GObject *object)
{
  DafuThemes *self = (DafuThemes *) object;

  g_clear_pointer (&self->themes, g_array_unref);

  G_OBJECT_CLASS (dafu_themes_parent_class)->finalize (object);
}

static void
dafu_themes_class_init (DafuThemesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dafu_themes_finalize;
}

static void
dafu_themes_init (DafuThemes *self)
{
  self->themes = g_array_new (FALSE, TRUE, sizeof (Theme));
  g_array_set_clear_func (self->themes, theme_clear);
}

/* @text folded, without white space: what keywords are matched against. */
static char *
fold_visible (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *folded = dafu_text_fold (valid, -1);
  GString *out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!dafu_text_is_space (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * dafu_themes_new_from_file:
 * @path: a themes key file
 * @error: return location for an error: the file's own (missing,
 *   unreadable, not a key file) or %G_KEY_FILE_ERROR_INVALID_VALUE when a
 *   theme has no keyword
 *
 * Returns: (transfer full): the themes, in the file's order
 */
DafuThemes *
dafu_themes_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(DafuThemes) self = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return NULL;

  self = g_object_new (DAFU_TYPE_THEMES, NULL);
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keywords = g_key_file_get_string_list (file, groups[i], "Keywords", NULL, NULL);
      g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) local_error = NULL;
      Theme theme = { 0 };
      int min_hits;

      for (guint k = 0; keywords != NULL && keywords[k] != NULL; k++)
        {
          char *key = fold_visible (keywords[k]);

          if (*key != '\0')
            g_ptr_array_add (folded, key);
          else
            g_free (key);
        }
      if (folded->len == 0)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("The theme “%s” in %s has no keywords."), groups[i], path);
          return NULL;
        }
      g_ptr_array_add (folded, NULL);

      min_hits = g_key_file_get_integer (file, groups[i], "MinHits", &local_error);
      theme.id = g_strdup (groups[i]);
      theme.name = g_key_file_get_locale_string (file, groups[i], "Name", NULL, NULL);
      if (theme.name == NULL)
        theme.name = g_strdup (groups[i]);
      theme.keywords = (GStrv) g_ptr_array_free (g_steal_pointer (&folded), FALSE);
      theme.min_hits = local_error == NULL && min_hits > 0 ? (guint) min_hits : 1;
      g_array_append_val (self->themes, theme);
    }

  return g_steal_pointer (&self);
}

/**
 * dafu_themes_new_default:
 * @error: return location for an error
 *
 * Returns: (transfer full): the themes of `$DAFU_THEMES` when set, else
 *   those installed with Dafu
 */
DafuThemes *
dafu_themes_new_default (GError **error)
{
  const char *env = g_getenv ("DAFU_THEMES");

  return dafu_themes_new_from_file (env != NULL && *env != '\0' ? env : THEMES_FILE, error);
}

guint
dafu_themes_get_n_themes (DafuThemes *self)
{
  g_return_val_if_fail (DAFU_IS_THEMES (self), 0);

  return self->themes->len;
}

/**
 * dafu_themes_get_id:
 *
 * Returns: the theme's key in the file, such as `meals`
 */
const char *
dafu_themes_get_id (DafuThemes *self,
                    guint       theme)
{
  g_return_val_if_fail (DAFU_IS_THEMES (self), NULL);
  g_return_val_if_fail (theme < self->themes->len, NULL);

  return g_array_index (self->themes, Theme, theme).id;
}

/**
 * dafu_themes_get_name:
 *
 * Returns: the theme's name in the user's language
 */
const char *
dafu_themes_get_name (DafuThemes *self,
                      guint       theme)
{
  g_return_val_if_fail (DAFU_IS_THEMES (self), NULL);
  g_return_val_if_fail (theme < self->themes->len, NULL);

  return g_array_index (self->themes, Theme, theme).name;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  gsize len = strlen (needle);
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + len, needle))
    n++;
  return n;
}

/**
 * dafu_themes_classify:
 * @self: the themes
 * @text: a section's text (with its heading)
 *
 * Returns: (transfer full) (element-type DafuThemeHit): the themes @text
 *   covers, in table order, each with its keyword occurrences
 */
GArray *
dafu_themes_classify (DafuThemes *self,
                      const char *text)
{
  g_autofree char *folded = NULL;
  GArray *hits;

  g_return_val_if_fail (DAFU_IS_THEMES (self), NULL);

  hits = g_array_new (FALSE, FALSE, sizeof (DafuThemeHit));
  if (text == NULL)
    return hits;

  folded = fold_visible (text);
  for (guint i = 0; i < self->themes->len; i++)
    {
      const Theme *theme = &g_array_index (self->themes, Theme, i);
      DafuThemeHit hit = { i, 0 };

      for (guint k = 0; theme->keywords[k] != NULL; k++)
        hit.hits += count_occurrences (folded, theme->keywords[k]);
      if (hit.hits >= theme->min_hits)
        g_array_append_val (hits, hit);
    }

  return hits;
}
