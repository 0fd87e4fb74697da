/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-clause-pane"

#include "config.h"

#include "dafu-clause-pane.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "dafu-clause-dialog.h"
#include "dafu-library-drafts.h"
#include "dafu-placeholder.h"
#include "dafu-text.h"
#include "dafu-themes.h"

/**
 * DafuClausePane:
 *
 * The clause library beside a draft: the clauses mined from the letters
 * and the clerk's own, searched as she types (in memory, with
 * dafu_clause_matches()), filtered by the part of the reply and by theme,
 * favourites only if she likes, sorted by use, by last use or by title.
 * The selected clause is previewed with its placeholders filled from the
 * draft (those still without a value stand out); Insert, a double click
 * or Enter emit #DafuClausePane::insert-clause.
 *
 * Its actions: `clauses.insert`, `clauses.new`, `clauses.edit`,
 * `clauses.rename`, `clauses.delete`, `clauses.refresh` and the
 * stateful `clauses.favourite`.
 */

struct _DafuClausePane
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *kind_dropdown;
  GtkDropDown        *theme_dropdown;
  GtkToggleButton    *favourites_button;
  GtkDropDown        *sort_dropdown;
  GtkStack           *list_stack;
  GtkSpinner         *spinner;
  GtkListView        *clause_list;
  AdwStatusPage      *empty_page;
  GtkWidget          *preview_box;
  GtkLabel           *preview_title;
  GtkLabel           *info_label;
  GtkLabel           *preview_label;
  GtkButton          *favourite_button;

  DafuLibrary        *library;
  DafuThemes         *themes;
  GPtrArray          *theme_ids;     /* char *, parallel to the theme drop-down after "All" */
  GListStore         *clauses;       /* DafuClause */
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  GtkCustomFilter    *filter;
  GtkCustomSorter    *sorter;
  GHashTable         *values;        /* the draft's placeholder values, or NULL */
  GCancellable       *cancellable;   /* the pane's life */
  GCancellable       *list_cancellable;
  char               *needle;        /* folded search text */
  char               *preview_text;  /* the filled text of the selected clause */
  gboolean            mined;         /* the letters were mined once */
  gboolean            loaded;
  gboolean            editable;
};

G_DEFINE_FINAL_TYPE (DafuClausePane, dafu_clause_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_SELECTED_FAVOURITE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  INSERT_CLAUSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define UNFILLED_SPAN "<span foreground=\"#e01b24\" underline=\"error\" weight=\"bold\">"
#define FILLED_SPAN   "<span background=\"#3584e4\" bgalpha=\"18%%\" weight=\"bold\">"

static void update_preview (DafuClausePane *self);
static void update_actions (DafuClausePane *self);

/* ------------------------------------------------------------------ *
 * Helpers
 * ------------------------------------------------------------------ */

static void
show_toast (DafuClausePane *self,
            const char     *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
  else
    g_message ("%s", title);
}

static GtkWindow *
parent_window (DafuClausePane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
find_clause (DafuClausePane *self,
             gint64          id,
             guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->clauses));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuClause) clause = g_list_model_get_item (G_LIST_MODEL (self->clauses), i);

      if (dafu_clause_get_id (clause) == id)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static char *
theme_names (DafuClausePane *self,
             DafuClause     *clause)
{
  const char * const *themes = dafu_clause_get_themes (clause);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; themes[i] != NULL; i++)
    {
      const char *name = themes[i];

      for (guint t = 0; self->themes != NULL && t < dafu_themes_get_n_themes (self->themes); t++)
        if (g_strcmp0 (dafu_themes_get_id (self->themes, t), themes[i]) == 0)
          name = dafu_themes_get_name (self->themes, t);
      g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_add (names, NULL);
  /* Translators: the separator between the items of a short list of names */
  return g_strjoinv (C_("list separator", ", "), (char **) names->pdata);
}

/* "Measure · 3 letters · 咸阳市、长治市", the row's second line. */
static char *
clause_meta (DafuClause *clause)
{
  const char * const *cities = dafu_clause_get_cities (clause);
  guint n_letters = dafu_clause_get_n_letters (clause);
  g_autoptr(GString) meta = g_string_new (dafu_clause_kind_get_label (dafu_clause_get_kind (clause)));

  if (!dafu_clause_get_mined (clause))
    {
      g_string_append (meta, " · ");
      /* Translators: a clause the clerk wrote or edited, not one found in the letters */
      g_string_append (meta, _("yours"));
    }
  if (n_letters > 0)
    {
      g_string_append (meta, " · ");
      g_string_append_printf (meta, g_dngettext (GETTEXT_PACKAGE, "%u letter", "%u letters", n_letters),
                              n_letters);
    }
  if (cities[0] != NULL)
    {
      guint n = g_strv_length ((char **) cities);

      g_string_append (meta, " · ");
      for (guint i = 0; i < MIN (n, 3); i++)
        {
          if (i > 0)
            g_string_append (meta, C_("list separator", ", "));
          g_string_append (meta, cities[i]);
        }
      if (n > 3)
        g_string_append (meta, "…");
    }
  return g_string_free (g_steal_pointer (&meta), FALSE);
}

/* ------------------------------------------------------------------ *
 * Filter and sort
 * ------------------------------------------------------------------ */

static int
selected_kind (DafuClausePane *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected - 1;
}

static const char *
selected_theme (DafuClausePane *self)
{
  guint selected = gtk_drop_down_get_selected (self->theme_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected - 1 >= self->theme_ids->len)
    return NULL;
  return g_ptr_array_index (self->theme_ids, selected - 1);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DafuClausePane *self = user_data;
  DafuClause *clause = item;
  int kind = selected_kind (self);
  const char *theme = selected_theme (self);

  if (kind >= 0 && (int) dafu_clause_get_kind (clause) != kind)
    return FALSE;
  if (gtk_toggle_button_get_active (self->favourites_button) && !dafu_clause_get_favourite (clause))
    return FALSE;
  if (theme != NULL && !g_strv_contains (dafu_clause_get_themes (clause), theme))
    return FALSE;
  return dafu_clause_matches (clause, self->needle);
}

static int
compare_int (gint64 a,
             gint64 b)
{
  return a < b ? -1 : a > b ? 1 : 0;
}

static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  DafuClausePane *self = user_data;
  DafuClause *ca = (DafuClause *) a;
  DafuClause *cb = (DafuClause *) b;
  int result = 0;

  switch (gtk_drop_down_get_selected (self->sort_dropdown))
    {
    case DAFU_CLAUSE_SORT_RECENT:
      result = compare_int (dafu_clause_get_last_used (cb), dafu_clause_get_last_used (ca));
      if (result == 0)
        result = compare_int (dafu_clause_get_use_count (cb), dafu_clause_get_use_count (ca));
      break;
    case DAFU_CLAUSE_SORT_TITLE:
      result = g_utf8_collate (dafu_clause_get_title (ca) != NULL ? dafu_clause_get_title (ca) : "",
                               dafu_clause_get_title (cb) != NULL ? dafu_clause_get_title (cb) : "");
      break;
    case DAFU_CLAUSE_SORT_USE:
    default:
      /* Favourites first, then the most used, then those most letters share. */
      result = compare_int (dafu_clause_get_favourite (cb), dafu_clause_get_favourite (ca));
      if (result == 0)
        result = compare_int (dafu_clause_get_use_count (cb), dafu_clause_get_use_count (ca));
      if (result == 0)
        result = compare_int (dafu_clause_get_n_letters (cb), dafu_clause_get_n_letters (ca));
      break;
    }

  if (result == 0)
    result = compare_int (dafu_clause_get_kind (ca), dafu_clause_get_kind (cb));
  if (result == 0)
    result = compare_int (dafu_clause_get_id (ca), dafu_clause_get_id (cb));
  return result;
}

static void
update_list_page (DafuClausePane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  if (!self->loaded && g_list_model_get_n_items (G_LIST_MODEL (self->clauses)) == 0)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->list_stack, "loading");
      return;
    }
  gtk_spinner_stop (self->spinner);

  if (n > 0)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->clauses)) == 0)
    adw_status_page_set_description (self->empty_page,
                                     _("No clause was found in the letters yet. Write your own with New Clause."));
  else
    adw_status_page_set_description (self->empty_page, _("No clause matches the search and the filters."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

static void
refilter (DafuClausePane *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_list_page (self);
}

static void
resort (DafuClausePane *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
on_search_changed_cb (DafuClausePane *self)
{
  g_autofree char *needle = dafu_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);

  g_strstrip (needle);
  g_free (self->needle);
  self->needle = g_steal_pointer (&needle);
  refilter (self);
}

static void
on_search_activate_cb (DafuClausePane *self)
{
  /* Enter in the search takes the first clause found. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0)
    {
      if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
        gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self), "clauses.insert", NULL);
    }
}

static void
on_filter_changed_cb (DafuClausePane *self)
{
  refilter (self);
}

/* ------------------------------------------------------------------ *
 * Rows
 * ------------------------------------------------------------------ */

static void
update_row (GtkListItem *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  DafuClause *clause = gtk_list_item_get_item (item);
  GtkLabel *title = g_object_get_data (G_OBJECT (row), "title");
  GtkLabel *meta = g_object_get_data (G_OBJECT (row), "meta");
  GtkWidget *star = g_object_get_data (G_OBJECT (row), "star");
  g_autofree char *text = NULL;

  if (clause == NULL)
    return;

  text = clause_meta (clause);
  gtk_label_set_label (title, dafu_clause_get_title (clause));
  gtk_widget_set_tooltip_text (GTK_WIDGET (title), dafu_clause_get_title (clause));
  gtk_label_set_label (meta, text);
  gtk_widget_set_visible (star, dafu_clause_get_favourite (clause));
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 DafuClausePane           *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *meta = gtk_label_new (NULL);
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");

  gtk_widget_add_css_class (row, "clause-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* Long clauses must not make the pane ask for the whole window. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (meta), 30);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_widget_set_valign (star, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (star, "clause-star");
  gtk_widget_set_tooltip_text (star, _("Favourite"));

  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), meta);
  gtk_box_append (GTK_BOX (row), labels);
  gtk_box_append (GTK_BOX (row), star);

  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "meta", meta);
  g_object_set_data (G_OBJECT (row), "star", star);
  gtk_list_item_set_child (item, row);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DafuClausePane           *self)
{
  DafuClause *clause = gtk_list_item_get_item (item);

  update_row (item);
  g_signal_connect_object (clause, "notify", G_CALLBACK (update_row), item, G_CONNECT_SWAPPED);
}

static void
on_row_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  DafuClausePane           *self)
{
  DafuClause *clause = gtk_list_item_get_item (item);

  if (clause != NULL)
    g_signal_handlers_disconnect_by_func (clause, update_row, item);
}

static void
on_clause_list_activate_cb (DafuClausePane *self,
                            guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "clauses.insert", NULL);
}

/* ------------------------------------------------------------------ *
 * Preview
 * ------------------------------------------------------------------ */

/* The clause's text as it would go into the draft, with what is still
 * unfilled standing out. */
static char *
preview_markup (DafuClausePane *self,
                const char     *text,
                char          **plain)
{
  g_autoptr(GPtrArray) placeholders = dafu_placeholders_find (text);
  GString *markup = g_string_new (NULL);
  GString *filled = g_string_new (NULL);
  const char *p = text;
  guint offset = 0;

  for (guint i = 0; i < placeholders->len; i++)
    {
      DafuPlaceholder *placeholder = g_ptr_array_index (placeholders, i);
      const char *start = g_utf8_offset_to_pointer (p, placeholder->start - offset);
      const char *end = g_utf8_offset_to_pointer (start, placeholder->end - placeholder->start);
      const char *value = self->values != NULL ? g_hash_table_lookup (self->values, placeholder->name) : NULL;
      g_autofree char *before = g_markup_escape_text (p, start - p);

      g_string_append (markup, before);
      g_string_append_len (filled, p, start - p);
      if (value != NULL && *value != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (value, -1);

          g_string_append_printf (markup, FILLED_SPAN "%s</span>", escaped);
          g_string_append (filled, value);
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (start, end - start);

          g_string_append_printf (markup, UNFILLED_SPAN "%s</span>", escaped);
          g_string_append_len (filled, start, end - start);
        }
      p = end;
      offset = placeholder->end;
    }

  {
    g_autofree char *rest = g_markup_escape_text (p, -1);
    g_string_append (markup, rest);
    g_string_append (filled, p);
  }

  *plain = g_string_free (filled, FALSE);
  return g_string_free (markup, FALSE);
}

static void
update_preview (DafuClausePane *self)
{
  DafuClause *clause = dafu_clause_pane_get_selected (self);
  g_autoptr(GString) info = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *themes = NULL;
  const char *text;
  gboolean favourite;

  g_clear_pointer (&self->preview_text, g_free);
  if (clause == NULL)
    {
      gtk_label_set_label (self->preview_title, _("No Clause Selected"));
      gtk_label_set_label (self->info_label, _("Choose a clause to see it with the draft’s values."));
      gtk_label_set_label (self->preview_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->preview_label), FALSE);
      update_actions (self);
      return;
    }

  text = dafu_clause_get_text (clause);
  markup = preview_markup (self, text != NULL ? text : "", &plain);
  self->preview_text = g_steal_pointer (&plain);
  gtk_label_set_label (self->preview_title, dafu_clause_get_title (clause));
  gtk_label_set_markup (self->preview_label, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), TRUE);

  info = g_string_new (dafu_clause_kind_get_label (dafu_clause_get_kind (clause)));
  themes = theme_names (self, clause);
  if (*themes != '\0')
    g_string_append_printf (info, " · %s", themes);
  if (dafu_clause_get_use_count (clause) > 0)
    {
      g_string_append (info, " · ");
      g_string_append_printf (info, g_dngettext (GETTEXT_PACKAGE, "used %u time", "used %u times",
                                                 dafu_clause_get_use_count (clause)),
                              dafu_clause_get_use_count (clause));
    }
  if (dafu_clause_get_n_letters (clause) > 0)
    {
      g_string_append (info, " · ");
      g_string_append_printf (info, g_dngettext (GETTEXT_PACKAGE, "in %u letter", "in %u letters",
                                                 dafu_clause_get_n_letters (clause)),
                              dafu_clause_get_n_letters (clause));
    }
  gtk_label_set_label (self->info_label, info->str);

  favourite = dafu_clause_get_favourite (clause);
  gtk_button_set_icon_name (self->favourite_button, favourite ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->favourite_button),
                               favourite ? _("Remove from Favourites") : _("Add to Favourites"));
  update_actions (self);
}

static void
on_selection_changed_cb (DafuClausePane *self)
{
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FAVOURITE]);
}

/* ------------------------------------------------------------------ *
 * Loading
 * ------------------------------------------------------------------ */

static void
on_clauses_listed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DafuClausePane) self = user_data;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GError) error = NULL;

  clauses = dafu_library_list_clauses_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  if (clauses == NULL)
    {
      show_toast (self, error->message);
      update_list_page (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
      return;
    }

  self->mined = TRUE;
  g_list_store_splice (self->clauses, 0, g_list_model_get_n_items (G_LIST_MODEL (self->clauses)),
                       clauses->pdata, clauses->len);
  update_list_page (self);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * dafu_clause_pane_reload:
 * @self: a #DafuClausePane
 *
 * Reads the clauses again; the first time, the letters are mined for
 * clauses before (dafu_library_list_clauses_async() with mine_first).
 */
void
dafu_clause_pane_reload (DafuClausePane *self)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  if (self->library == NULL)
    return;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();

  /* The list stays in view while it is read again. */
  if (self->loaded)
    {
      self->loaded = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->clauses)) == 0)
    update_list_page (self);
  dafu_library_list_clauses_async (self->library, !self->mined, self->list_cancellable,
                                   on_clauses_listed_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ *
 * Saving and deleting
 * ------------------------------------------------------------------ */

typedef struct {
  DafuClausePane *self;
  DafuClause     *clause;    /* the one in the list */
  gboolean        favourite; /* what it was before */
} FavouriteData;

static void
on_favourite_saved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  FavouriteData *data = user_data;
  g_autoptr(DafuClausePane) self = data->self;
  g_autoptr(DafuClause) clause = data->clause;
  g_autoptr(GError) error = NULL;
  gboolean favourite = data->favourite;

  g_free (data);
  if (dafu_library_save_clause_finish (DAFU_LIBRARY (object), result, &error) > 0)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* It did not stick: show it as it is. */
  dafu_clause_set_favourite (clause, favourite);
  resort (self);
  refilter (self);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FAVOURITE]);
  show_toast (self, error != NULL ? error->message : _("The clause could not be saved."));
}

static void
set_selected_favourite (DafuClausePane *self,
                        gboolean        favourite)
{
  DafuClause *clause = dafu_clause_pane_get_selected (self);
  g_autoptr(DafuClause) copy = NULL;
  FavouriteData *data;

  if (clause == NULL || self->library == NULL || dafu_clause_get_favourite (clause) == favourite)
    return;

  data = g_new0 (FavouriteData, 1);
  data->self = g_object_ref (self);
  data->clause = g_object_ref (clause);
  data->favourite = dafu_clause_get_favourite (clause);

  dafu_clause_set_favourite (clause, favourite);
  copy = dafu_clause_copy (clause);
  dafu_library_save_clause_async (self->library, copy, self->cancellable, on_favourite_saved_cb, data);

  /* The list keeps the clause selected where it moves. */
  resort (self);
  refilter (self);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FAVOURITE]);
}

static void
select_clause (DafuClausePane *self,
               DafuClause     *clause)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuClause) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (item == clause)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->clause_list), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

static void
on_clause_saved_cb (DafuClauseDialog *dialog,
                    DafuClause       *saved,
                    DafuClausePane   *self)
{
  g_autoptr(DafuClause) clause = dafu_clause_copy (saved);
  guint position;

  if (find_clause (self, dafu_clause_get_id (saved), &position))
    g_list_store_splice (self->clauses, position, 1, (gpointer *) &clause, 1);
  else
    g_list_store_append (self->clauses, clause);

  update_list_page (self);
  select_clause (self, clause);
  update_preview (self);
}

static void
open_dialog (DafuClausePane *self,
             DafuClause     *clause,
             gboolean        rename)
{
  DafuClauseDialog *dialog;

  if (self->library == NULL)
    return;

  dialog = dafu_clause_dialog_new (parent_window (self), self->library, clause);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_clause_saved_cb), self, 0);
  if (rename)
    dafu_clause_dialog_focus_title (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  DafuClausePane *self;
  gint64          id;
} DeleteData;

static void
on_clause_deleted_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DeleteData *data = user_data;
  g_autoptr(DafuClausePane) self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 id = data->id;
  guint position;

  g_free (data);
  if (!dafu_library_delete_clause_finish (DAFU_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  if (find_clause (self, id, &position))
    g_list_store_remove (self->clauses, position);
  update_list_page (self);
  update_preview (self);
  show_toast (self, _("Clause deleted"));
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       DafuClausePane   *self)
{
  DeleteData *data;
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "clause-id"));

  if (!g_str_equal (response, "delete") || self->library == NULL)
    return;

  data = g_new0 (DeleteData, 1);
  data->self = g_object_ref (self);
  data->id = id;
  dafu_library_delete_clause_async (self->library, id, self->cancellable, on_clause_deleted_cb, data);
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

static void
update_actions (DafuClausePane *self)
{
  DafuClause *clause = dafu_clause_pane_get_selected (self);
  gboolean has = clause != NULL && self->library != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.insert", has && self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.edit", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.rename", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.delete", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.favourite", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.new", self->library != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "clauses.refresh", self->library != NULL);
}

static void
insert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (widget);
  DafuClause *clause = dafu_clause_pane_get_selected (self);

  if (clause != NULL && self->editable)
    g_signal_emit (self, signals[INSERT_CLAUSE], 0, clause);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_dialog (DAFU_CLAUSE_PANE (widget), NULL, FALSE);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (widget);
  DafuClause *clause = dafu_clause_pane_get_selected (self);

  if (clause != NULL)
    open_dialog (self, clause, FALSE);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (widget);
  DafuClause *clause = dafu_clause_pane_get_selected (self);

  if (clause != NULL)
    open_dialog (self, clause, TRUE);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (widget);
  DafuClause *clause = dafu_clause_pane_get_selected (self);
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (clause == NULL)
    return;

  if (dafu_clause_get_mined (clause))
    body = g_strdup_printf (_("“%s” will no longer be offered, even when the letters are searched for clauses again."),
                            dafu_clause_get_title (clause));
  else
    body = g_strdup_printf (_("“%s” will be deleted. Drafts that use it keep their text."),
                            dafu_clause_get_title (clause));

  dialog = adw_message_dialog_new (parent_window (self), _("Delete the Clause?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "clause-id", GSIZE_TO_POINTER (dafu_clause_get_id (clause)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (widget);

  /* Mining again finds the clauses of letters added since. */
  dafu_clause_pane_letters_changed (self);
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

static void
dafu_clause_pane_dispose (GObject *object)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->clause_list != NULL)
    gtk_list_view_set_model (self->clause_list, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->clauses);
  g_clear_object (&self->library);
  g_clear_object (&self->themes);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_CLAUSE_PANE);

  G_OBJECT_CLASS (dafu_clause_pane_parent_class)->dispose (object);
}

static void
dafu_clause_pane_finalize (GObject *object)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->theme_ids, g_ptr_array_unref);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->preview_text, g_free);

  G_OBJECT_CLASS (dafu_clause_pane_parent_class)->finalize (object);
}

static void
dafu_clause_pane_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (object);
  DafuClause *clause;

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SELECTED_FAVOURITE:
      clause = dafu_clause_pane_get_selected (self);
      g_value_set_boolean (value, clause != NULL && dafu_clause_get_favourite (clause));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_clause_pane_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DafuClausePane *self = DAFU_CLAUSE_PANE (object);

  switch (prop_id)
    {
    case PROP_SELECTED_FAVOURITE:
      set_selected_favourite (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_clause_pane_class_init (DafuClausePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_clause_pane_dispose;
  object_class->finalize = dafu_clause_pane_finalize;
  object_class->get_property = dafu_clause_pane_get_property;
  object_class->set_property = dafu_clause_pane_set_property;

  /**
   * DafuClausePane:loaded:
   *
   * Whether the clauses were read from the library.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuClausePane:selected-favourite:
   *
   * Whether the selected clause is a favourite; setting it saves the
   * clause.
   */
  properties[PROP_SELECTED_FAVOURITE] =
    g_param_spec_boolean ("selected-favourite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DafuClausePane::insert-clause:
   * @self: the pane
   * @clause: the clause to insert
   *
   * The clerk asked to insert @clause in the draft.
   */
  signals[INSERT_CLAUSE] = g_signal_new ("insert-clause", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, DAFU_TYPE_CLAUSE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-clause-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, box);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, theme_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, favourites_button);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, spinner);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, clause_list);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, preview_box);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, preview_title);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, info_label);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, preview_label);
  gtk_widget_class_bind_template_child (widget_class, DafuClausePane, favourite_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clause_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "clauses.insert", NULL, insert_action);
  gtk_widget_class_install_action (widget_class, "clauses.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "clauses.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "clauses.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "clauses.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "clauses.refresh", NULL, refresh_action);
  gtk_widget_class_install_property_action (widget_class, "clauses.favourite", "selected-favourite");
}

static void
dafu_clause_pane_init (DafuClausePane *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) themes = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory;

  self->cancellable = g_cancellable_new ();
  self->theme_ids = g_ptr_array_new_with_free_func (g_free);
  self->editable = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (kinds, _("All Parts"));
  for (guint i = 0; i < DAFU_CLAUSE_N_KINDS; i++)
    gtk_string_list_append (kinds, dafu_clause_kind_get_label (i));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  gtk_string_list_append (themes, _("All Themes"));
  self->themes = dafu_themes_new_default (&error);
  if (self->themes == NULL)
    g_debug ("No themes for the clause filter: %s", error->message);
  for (guint i = 0; self->themes != NULL && i < dafu_themes_get_n_themes (self->themes); i++)
    {
      gtk_string_list_append (themes, dafu_themes_get_name (self->themes, i));
      g_ptr_array_add (self->theme_ids, g_strdup (dafu_themes_get_id (self->themes, i)));
    }
  gtk_drop_down_set_model (self->theme_dropdown, G_LIST_MODEL (themes));

  g_signal_connect_swapped (self->kind_dropdown, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->theme_dropdown, "notify::selected", G_CALLBACK (refilter), self);
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected", G_CALLBACK (resort), self);

  self->clauses = g_list_store_new (DAFU_TYPE_CLAUSE);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->clauses)),
                                              GTK_FILTER (self->filter));
  self->sorter = gtk_custom_sorter_new (sort_func, self, NULL);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          GTK_SORTER (self->sorter));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed_cb), self);
  g_signal_connect_swapped (self->sorted, "items-changed", G_CALLBACK (update_list_page), self);
  gtk_list_view_set_model (self->clause_list, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind_cb), self);
  gtk_list_view_set_factory (self->clause_list, factory);
  g_object_unref (factory);

  update_list_page (self);
  update_preview (self);
}

/**
 * dafu_clause_pane_new:
 *
 * Returns: (transfer floating): a new clause pane, with no library yet
 */
GtkWidget *
dafu_clause_pane_new (void)
{
  return g_object_new (DAFU_TYPE_CLAUSE_PANE, NULL);
}

/**
 * dafu_clause_pane_set_library:
 * @self: a #DafuClausePane
 * @library: (nullable): the library whose clauses to show
 *
 * Shows @library's clauses (mining its letters first if need be).
 */
void
dafu_clause_pane_set_library (DafuClausePane *self,
                              DafuLibrary    *library)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  g_return_if_fail (library == NULL || DAFU_IS_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;

  self->mined = FALSE;
  self->loaded = FALSE;
  g_list_store_remove_all (self->clauses);
  update_actions (self);
  if (library != NULL)
    dafu_clause_pane_reload (self);
}

/**
 * dafu_clause_pane_letters_changed:
 * @self: a #DafuClausePane
 *
 * The library's letters changed (an import, a finalized reply): the
 * clauses are mined again (the library looks only at what changed) and
 * read again.
 */
void
dafu_clause_pane_letters_changed (DafuClausePane *self)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  self->mined = FALSE;
  dafu_clause_pane_reload (self);
}

/**
 * dafu_clause_pane_get_library:
 * @self: a #DafuClausePane
 *
 * Returns: (transfer none) (nullable): the library shown
 */
DafuLibrary *
dafu_clause_pane_get_library (DafuClausePane *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_PANE (self), NULL);
  return self->library;
}

/**
 * dafu_clause_pane_get_loaded:
 * @self: a #DafuClausePane
 *
 * Returns: whether the clauses were read from the library
 */
gboolean
dafu_clause_pane_get_loaded (DafuClausePane *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_PANE (self), FALSE);
  return self->loaded;
}

/**
 * dafu_clause_pane_set_values:
 * @self: a #DafuClausePane
 * @values: (nullable): the draft's placeholder names and values
 *
 * Fills the preview's placeholders with these values.
 */
void
dafu_clause_pane_set_values (DafuClausePane *self,
                             GHashTable     *values)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  if (values != NULL)
    g_hash_table_ref (values);
  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = values;
  update_preview (self);
}

/**
 * dafu_clause_pane_set_editable:
 * @self: a #DafuClausePane
 * @editable: whether clauses may be inserted (not in a final draft)
 */
void
dafu_clause_pane_set_editable (DafuClausePane *self,
                               gboolean        editable)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  self->editable = !!editable;
  update_actions (self);
}

/**
 * dafu_clause_pane_set_search_text:
 * @self: a #DafuClausePane
 * @text: (nullable): what to search the clauses for
 */
void
dafu_clause_pane_set_search_text (DafuClausePane *self,
                                  const char     *text)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* At once, not after the entry's delay. */
  on_search_changed_cb (self);
}

/**
 * dafu_clause_pane_set_kind_filter:
 * @self: a #DafuClausePane
 * @kind: a #DafuClauseKind, or -1 for all
 */
void
dafu_clause_pane_set_kind_filter (DafuClausePane *self,
                                  int             kind)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  gtk_drop_down_set_selected (self->kind_dropdown,
                              kind >= 0 && kind < DAFU_CLAUSE_N_KINDS ? (guint) kind + 1 : 0);
}

/**
 * dafu_clause_pane_set_theme_filter:
 * @self: a #DafuClausePane
 * @theme_id: (nullable): a theme's id, or %NULL for all
 */
void
dafu_clause_pane_set_theme_filter (DafuClausePane *self,
                                   const char     *theme_id)
{
  guint selected = 0;

  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));

  for (guint i = 0; theme_id != NULL && i < self->theme_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->theme_ids, i), theme_id))
      selected = i + 1;
  gtk_drop_down_set_selected (self->theme_dropdown, selected);
}

/**
 * dafu_clause_pane_set_favourites_only:
 * @self: a #DafuClausePane
 * @favourites_only: whether to show only the favourites
 */
void
dafu_clause_pane_set_favourites_only (DafuClausePane *self,
                                      gboolean        favourites_only)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  gtk_toggle_button_set_active (self->favourites_button, favourites_only);
}

/**
 * dafu_clause_pane_set_sort:
 * @self: a #DafuClausePane
 * @sort: the order to show the clauses in
 */
void
dafu_clause_pane_set_sort (DafuClausePane *self,
                           DafuClauseSort  sort)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  gtk_drop_down_set_selected (self->sort_dropdown, sort);
}

/**
 * dafu_clause_pane_get_clauses:
 * @self: a #DafuClausePane
 *
 * Returns: (transfer none): the clauses shown (#DafuClause), filtered and
 *   sorted
 */
GListModel *
dafu_clause_pane_get_clauses (DafuClausePane *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_PANE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

/**
 * dafu_clause_pane_get_selected:
 * @self: a #DafuClausePane
 *
 * Returns: (transfer none) (nullable): the selected clause
 */
DafuClause *
dafu_clause_pane_get_selected (DafuClausePane *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_PANE (self), NULL);

  if (self->selection == NULL)
    return NULL;
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * dafu_clause_pane_select:
 * @self: a #DafuClausePane
 * @position: a position in dafu_clause_pane_get_clauses()
 */
void
dafu_clause_pane_select (DafuClausePane *self,
                         guint           position)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  gtk_single_selection_set_selected (self->selection, position);
}

/**
 * dafu_clause_pane_get_preview:
 * @self: a #DafuClausePane
 *
 * Returns: (nullable): the selected clause's text as the preview shows it,
 *   its placeholders filled where the draft has a value
 */
const char *
dafu_clause_pane_get_preview (DafuClausePane *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE_PANE (self), NULL);
  return self->preview_text;
}

/**
 * dafu_clause_pane_note_used:
 * @self: a #DafuClausePane
 * @clause: a clause just inserted in a draft
 *
 * Counts a use of @clause, in the list at once and in the library (where
 * dafu_library_note_clause_used_async() keeps the count).
 */
void
dafu_clause_pane_note_used (DafuClausePane *self,
                            DafuClause     *clause)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  g_return_if_fail (DAFU_IS_CLAUSE (clause));

  dafu_clause_set_use_count (clause, dafu_clause_get_use_count (clause) + 1);
  dafu_clause_set_last_used (clause, g_get_real_time () / G_USEC_PER_SEC);
  if (self->library != NULL && dafu_clause_get_id (clause) > 0)
    dafu_library_note_clause_used_async (self->library, dafu_clause_get_id (clause));
  resort (self);
  update_preview (self);
}

/**
 * dafu_clause_pane_focus_search:
 * @self: a #DafuClausePane
 */
void
dafu_clause_pane_focus_search (DafuClausePane *self)
{
  g_return_if_fail (DAFU_IS_CLAUSE_PANE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
