/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-window"

#include "config.h"

#include "dafu-window.h"
#include "dafu-window-private.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "dafu-facet.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-result-row.h"

/**
 * DafuWindow:
 *
 * The main window: a search entry and filters over the list of letters on
 * the left, the chosen letter on the right, in an #AdwLeaflet that folds to
 * one pane on a narrow screen. Every library call is asynchronous; a new
 * keystroke cancels the search still running. This file holds the state
 * and the search; dafu-window-actions.c the things the user does.
 */

G_DEFINE_FINAL_TYPE (DafuWindow, dafu_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LIBRARY_PATH,
  PROP_N_LETTERS,
  PROP_N_HITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const facet_names[N_FACETS] = { "city", "year", "category", "kind" };

#define MIN_RESULTS_WIDTH 280
#define MIN_LETTER_WIDTH  360

static void count_letters (DafuWindow *self);

/* ------------------------------------------------------------------ *
 * Small helpers
 * ------------------------------------------------------------------ */

void
dafu_window_show_toast (DafuWindow *self,
                        const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
show_error_page (DafuWindow   *self,
                 const char   *title,
                 const GError *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  gtk_widget_set_visible (self->damaged_buttons, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

void
dafu_window_update_actions (DafuWindow *self)
{
  gboolean has_letter = self->letter != NULL;
  gboolean on_letter = adw_leaflet_get_folded (self->leaflet) &&
                       adw_leaflet_get_visible_child (self->leaflet) == self->letter_pane;

  gboolean comparing = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") == 0;
  /* The Drafts view: the letter of the Search view is out of sight. */
  gboolean drafting = !comparing &&
                      g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "drafts") == 0;

  /* A library that cannot be written is for reading, comparing and
   * exporting. */
  gboolean writable = self->library != NULL && !self->read_only;

  /* On the Compare page Ctrl+E exports the comparison (compare.export),
   * and Delete must not remove a letter the clerk does not see. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-fields", has_letter && writable && !comparing && !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-letter", has_letter && writable && !comparing && !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reply-to-letter", has_letter && writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-letter", has_letter && !comparing && !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-letter", has_letter && !comparing && !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-draft", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-hit", !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-hit", !drafting);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", on_letter || comparing || drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare", has_letter && self->library != NULL && !drafting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", self->import_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-files", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", writable || self->damaged);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-library", self->damaged);
}

/* ------------------------------------------------------------------ *
 * Filters
 * ------------------------------------------------------------------ */

static char *
facet_label (Facet       facet,
             const char *value,
             guint       count)
{
  if (value == NULL)
    {
      switch (facet)
        {
        case FACET_CITY: return g_strdup (_("All Cities"));
        case FACET_YEAR: return g_strdup (_("All Years"));
        case FACET_CATEGORY: return g_strdup (_("All Categories"));
        case FACET_KIND: default: return g_strdup (_("All Kinds"));
        }
    }

  switch (facet)
    {
    case FACET_CATEGORY:
      /* Translators: a letter category (A, B, C or D) and how many letters have it */
      return g_strdup_printf (_("Category %s (%u)"), value, count);
    case FACET_KIND:
      if (g_str_equal (value, "suggestion"))
        return g_strdup_printf (_("Suggestions (%u)"), count);
      if (g_str_equal (value, "proposal"))
        return g_strdup_printf (_("Proposals (%u)"), count);
      G_GNUC_FALLTHROUGH;
    default:
      return g_strdup_printf ("%s (%u)", value, count);
    }
}

static const char *
selected_facet_value (DafuWindow *self,
                      Facet       facet)
{
  guint position = gtk_drop_down_get_selected (self->facet_dropdowns[facet]);
  GPtrArray *values = self->facet_values[facet];

  if (values == NULL || position == GTK_INVALID_LIST_POSITION || position >= values->len)
    return NULL;
  return g_ptr_array_index (values, position);
}

static void
set_facets (DafuWindow *self,
            Facet       facet,
            GListModel *facets)
{
  GtkDropDown *dropdown = self->facet_dropdowns[facet];
  g_autofree char *selected = g_strdup (selected_facet_value (self, facet));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  guint keep = 0;

  g_ptr_array_add (values, NULL);
  {
    g_autofree char *all = facet_label (facet, NULL, 0);
    gtk_string_list_append (labels, all);
  }

  for (guint i = 0; i < g_list_model_get_n_items (facets); i++)
    {
      g_autoptr(DafuFacet) item = g_list_model_get_item (facets, i);
      g_autofree char *label = facet_label (facet, dafu_facet_get_value (item),
                                            dafu_facet_get_count (item));

      if (g_strcmp0 (selected, dafu_facet_get_value (item)) == 0)
        keep = values->len;
      g_ptr_array_add (values, g_strdup (dafu_facet_get_value (item)));
      gtk_string_list_append (labels, label);
    }

  /* Keep the user's choice across a refresh without searching twice. */
  self->updating_facets = TRUE;
  g_clear_pointer (&self->facet_values[facet], g_ptr_array_unref);
  self->facet_values[facet] = g_steal_pointer (&values);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (dropdown, keep);
  self->updating_facets = FALSE;
}

typedef struct {
  DafuWindow *self;
  Facet       facet;
} FacetData;

static void
on_facets_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FacetData *data = user_data;
  g_autoptr(DafuWindow) self = data->self;
  g_autoptr(GListModel) facets = NULL;
  g_autoptr(GError) error = NULL;
  Facet facet = data->facet;

  g_free (data);
  facets = dafu_library_get_facets_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (facets == NULL)
    {
      g_warning ("Could not count the letters by %s: %s", facet_names[facet], error->message);
      return;
    }

  set_facets (self, facet, facets);
}

static void
load_facets (DafuWindow *self)
{
  if (self->library == NULL)
    return;
  for (guint i = 0; i < N_FACETS; i++)
    {
      FacetData *data = g_new0 (FacetData, 1);

      data->self = g_object_ref (self);
      data->facet = i;
      dafu_library_get_facets_async (self->library, facet_names[i], self->cancellable,
                                     on_facets_cb, data);
    }
}

static void
on_facet_selected_cb (DafuWindow *self)
{
  if (!self->updating_facets)
    dafu_window_search (self);
}

/* ------------------------------------------------------------------ *
 * Searching
 * ------------------------------------------------------------------ */

static void
show_hits (DafuWindow *self)
{
  g_autofree char *label = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u letter", "%u letters", self->n_hits),
                           self->n_hits);
  gtk_label_set_label (self->hits_label, label);

  if (self->n_hits > 0)
    gtk_stack_set_visible_child_name (self->results_stack, "list");
  else
    {
      g_autofree char *description = NULL;

      if (*text != '\0')
        description = g_strdup_printf (_("No letter contains “%s” with the filters chosen."), text);
      else
        description = g_strdup (_("No letter matches the filters chosen."));
      adw_status_page_set_description (self->no_hits_page, description);
      gtk_stack_set_visible_child_name (self->results_stack, "no-hits");
    }
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = dafu_library_search_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      dafu_window_show_toast (self, error->message);
      return;
    }

  g_set_object (&self->query, self->searching);
  dafu_letter_view_set_query (self->letter_view, self->query);

  /* The whole model is replaced; rows read their letter lazily. The old
   * rows go first, in a change of their own: when one change both removes
   * the rows the list view tracks (its scroll anchor and focus) and adds new
   * ones, GTK looks for the tracked items among all the added ones, reading
   * every hit (9 s for 的 in 100,000 letters). The open letter stays in
   * its pane. */
  gtk_single_selection_set_model (self->selection, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (hits));
  self->n_hits = g_list_model_get_n_items (G_LIST_MODEL (hits));
  show_hits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HITS]);
}

/**
 * dafu_window_search:
 *
 * Searches again with the entry's text, the filters and the sort order,
 * cancelling the search still running.
 */
void
dafu_window_search (DafuWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(DafuQuery) query = dafu_query_new (text);
  DafuSort sort;

  if (self->library == NULL)
    return;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  /* A filter chosen in a drop-down wins over one typed in the query. */
  if (selected_facet_value (self, FACET_CITY) != NULL)
    dafu_query_set_city (query, selected_facet_value (self, FACET_CITY));
  if (selected_facet_value (self, FACET_YEAR) != NULL)
    dafu_query_set_year (query, atoi (selected_facet_value (self, FACET_YEAR)));
  if (selected_facet_value (self, FACET_CATEGORY) != NULL)
    dafu_query_set_category (query, selected_facet_value (self, FACET_CATEGORY));
  if (selected_facet_value (self, FACET_KIND) != NULL)
    dafu_query_set_kind (query, selected_facet_value (self, FACET_KIND));

  sort = gtk_drop_down_get_selected (self->sort_dropdown) == 1 ? DAFU_SORT_DATE : DAFU_SORT_RELEVANCE;

  g_set_object (&self->searching, query);
  dafu_library_search_async (self->library, query, sort, 0, self->search_cancellable,
                             on_search_cb, g_object_ref (self));
}

static void
on_search_entry_search_changed_cb (DafuWindow *self)
{
  dafu_window_search (self);
}

static void
on_search_entry_activate_cb (DafuWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.next-hit", NULL);
}

static void
on_search_entry_stop_search_cb (DafuWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_sort_selected_cb (DafuWindow *self)
{
  dafu_window_search (self);
}

/* ------------------------------------------------------------------ *
 * The letter shown
 * ------------------------------------------------------------------ */

void
dafu_window_clear_letter (DafuWindow *self)
{
  g_cancellable_cancel (self->letter_cancellable);
  g_clear_object (&self->letter);
  dafu_letter_view_set_letter (self->letter_view, NULL);
  adw_window_title_set_title (self->letter_title, "");
  adw_window_title_set_subtitle (self->letter_title, "");
  gtk_stack_set_visible_child_name (self->letter_stack, "none");
  dafu_window_update_actions (self);
}

static void
on_letter_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  const char *title;

  letter = dafu_library_get_letter_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (letter == NULL)
    {
      dafu_window_show_toast (self, error->message);
      return;
    }

  g_set_object (&self->letter, letter);
  dafu_letter_view_set_letter (self->letter_view, letter);
  dafu_letter_view_set_query (self->letter_view, self->query);

  title = dafu_letter_get_title (letter);
  adw_window_title_set_title (self->letter_title, title != NULL ? title : _("Untitled Letter"));
  adw_window_title_set_subtitle (self->letter_title,
                                 dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ISSUER));
  gtk_stack_set_visible_child_name (self->letter_stack, "letter");
  dafu_window_update_actions (self);
}

static void
show_letter (DafuWindow *self,
             gint64      id)
{
  g_cancellable_cancel (self->letter_cancellable);
  g_clear_object (&self->letter_cancellable);
  self->letter_cancellable = g_cancellable_new ();

  dafu_library_get_letter_async (self->library, id, self->letter_cancellable,
                                 on_letter_cb, g_object_ref (self));
}

static void
on_selection_changed_cb (DafuWindow *self)
{
  DafuLetter *letter = gtk_single_selection_get_selected_item (self->selection);

  if (letter == NULL)
    return;

  show_letter (self, dafu_letter_get_id (letter));
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->letter_pane);
}

static void
on_results_list_activate_cb (DafuWindow *self,
                             guint       position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->letter_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->letter_view));
}

/* ------------------------------------------------------------------ *
 * Rows
 * ------------------------------------------------------------------ */

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 DafuWindow               *self)
{
  gtk_list_item_set_child (item, dafu_result_row_new ());
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                DafuWindow               *self)
{
  DafuResultRow *row = DAFU_RESULT_ROW (gtk_list_item_get_child (item));

  dafu_result_row_set_letter (row, gtk_list_item_get_item (item), self->query);
}

static void
on_row_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  DafuWindow               *self)
{
  dafu_result_row_set_letter (DAFU_RESULT_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* ------------------------------------------------------------------ *
 * Opening the library
 * ------------------------------------------------------------------ */

/**
 * dafu_window_refresh:
 *
 * Reads the count, the filters and the results again, after the library
 * changed.
 */
void
dafu_window_refresh (DafuWindow *self)
{
  count_letters (self);
}

static char *
samples_dir (void)
{
  const char *env = g_getenv ("DAFU_SAMPLES_DIR");

  return g_strdup (env != NULL && *env != '\0' ? env : SAMPLES_DIR);
}

static void
on_samples_imported_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = dafu_library_import_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report == NULL)
    g_warning ("Could not import the sample letters: %s", error->message);
  else
    for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
      if (dafu_import_report_get_status (report, i) == DAFU_IMPORT_STATUS_FAILED)
        g_warning ("Sample %s: %s", dafu_import_report_get_path (report, i),
                   dafu_import_report_get_message (report, i));

  count_letters (self);
}

static void
import_samples (DafuWindow *self)
{
  g_autofree char *dir = samples_dir ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GFile *files[] = { folder };

  self->samples_tried = TRUE;
  gtk_label_set_label (self->loading_label, _("Adding the sample letters…"));
  gtk_stack_set_visible_child_name (self->stack, "loading");

  dafu_library_import_async (self->library, files, G_N_ELEMENTS (files), NULL, NULL, NULL,
                             self->cancellable, on_samples_imported_cb, g_object_ref (self));
}

static void
start_pending_import (DafuWindow *self)
{
  g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_import);

  if (files != NULL)
    dafu_window_import (self, (GFile * const *) files->pdata, files->len);
}

static void
on_count_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 n;

  n = dafu_library_count_finish (DAFU_LIBRARY (object), result, &error);
  /* A library set aside (damaged, replaced) since has nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || DAFU_LIBRARY (object) != self->library)
    return;

  if (n < 0)
    {
      if (dafu_window_error_is_damage (error))
        dafu_window_show_damaged (self, error);
      else
        show_error_page (self, _("Could Not Read the Library"), error);
      return;
    }

  /* A new, empty library starts with the sample letters, unless letters
   * to import were given. */
  if (n == 0 && !self->samples_tried && self->pending_import == NULL && !self->read_only)
    {
      import_samples (self);
      return;
    }

  self->n_letters = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LETTERS]);
  /* The clause library is mined from the letters and kept in the library
   * file: not in one that cannot be written. */
  if (!self->read_only)
    dafu_drafts_view_letters_changed (self->drafts_view);
  start_pending_import (self);

  /* An empty library says so, unless letters are on their way in or the
   * clerk is writing a draft. */
  if (n == 0 && self->import_cancellable == NULL &&
      (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "library") != 0 ||
       g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "drafts") != 0))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      dafu_window_clear_letter (self);
      return;
    }

  /* A refresh leaves the Compare page where it is. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") != 0)
    gtk_stack_set_visible_child_name (self->stack, "library");
  load_facets (self);
  dafu_window_search (self);
}


static void
count_letters (DafuWindow *self)
{
  if (self->library == NULL)
    return;
  dafu_library_count_async (self->library, self->cancellable, on_count_cb, g_object_ref (self));
}

static void
on_library_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(DafuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DafuLibrary *library;

  library = dafu_library_new_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (library == NULL)
    {
      if (dafu_window_error_is_damage (error))
        dafu_window_show_damaged (self, error);
      else
        show_error_page (self, _("Could Not Open the Library"), error);
      return;
    }

  self->library = library;
  self->damaged = FALSE;
  gtk_widget_set_visible (self->damaged_buttons, FALSE);
  dafu_drafts_view_set_library (self->drafts_view, library);
  dafu_window_library_opened (self);
  dafu_window_update_actions (self);
  count_letters (self);
}

/**
 * dafu_window_open_library:
 *
 * Opens the window's library (again, after a damaged one was replaced).
 */
void
dafu_window_open_library (DafuWindow *self)
{
  g_clear_pointer (&self->opened_path, g_free);
  self->opened_path = dafu_window_get_library_path (self);
  gtk_label_set_label (self->loading_label, _("Opening the library…"));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  dafu_library_new_async (self->opened_path, self->cancellable, on_library_opened_cb, g_object_ref (self));
}

/* --library, then $DAFU_LIBRARY, then the library-path setting, then the
 * default location. */
char *
dafu_window_get_library_path (DafuWindow *self)
{
  g_autofree char *setting = NULL;
  const char *env = g_getenv ("DAFU_LIBRARY");

  if (self->library_path != NULL)
    return g_strdup (self->library_path);
  if ((env == NULL || *env == '\0') && self->settings != NULL)
    {
      setting = g_settings_get_string (self->settings, "library-path");
      if (*setting != '\0')
        return g_steal_pointer (&setting);
    }
  return dafu_library_default_path ();
}

/* ------------------------------------------------------------------ *
 * Settings and the pane between the lists
 * ------------------------------------------------------------------ */

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled run may have no schema; the window then just does not
   * remember its size. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.dafu.Dafu", TRUE);
  if (schema == NULL)
    {
      g_debug ("The io.github.dafu.Dafu settings schema is not installed");
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
sort_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "date") ? 1 : 0);
  return TRUE;
}

static GVariant *
sort_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "date" : "relevance");
}

static void
on_pane_drag_begin_cb (GtkGestureDrag *gesture,
                       double          x,
                       double          y,
                       DafuWindow     *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start_width = gtk_widget_get_width (self->results_pane);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_pane_drag_update_cb (GtkGestureDrag *gesture,
                        double          dx,
                        double          dy,
                        DafuWindow     *self)
{
  int max = gtk_widget_get_width (GTK_WIDGET (self)) - MIN_LETTER_WIDTH;
  int width = CLAMP (self->drag_start_width + (int) dx, MIN_RESULTS_WIDTH, MAX (max, MIN_RESULTS_WIDTH));

  gtk_widget_set_size_request (self->results_pane, width, -1);
}

static void
on_pane_drag_end_cb (GtkGestureDrag *gesture,
                     double          dx,
                     double          dy,
                     DafuWindow     *self)
{
  int width;

  gtk_widget_get_size_request (self->results_pane, &width, NULL);
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "results-width", width);
}

static void
on_folded_changed_cb (DafuWindow *self)
{
  /* Folding to one pane keeps the letter in view if one was open. */
  if (adw_leaflet_get_folded (self->leaflet) && self->letter == NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->results_pane);
  dafu_window_update_actions (self);
}

static void
on_view_changed_cb (DafuWindow *self)
{
  gboolean search = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "search") == 0;

  /* Typing anywhere searches, on the Search view only. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, search ? GTK_WIDGET (self) : NULL);

  /* Back to Search in an empty library: its page says so. */
  if (search && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "library") == 0 &&
      self->n_letters == 0 && self->import_cancellable == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  dafu_window_update_actions (self);
}

/* ------------------------------------------------------------------ *
 * The object
 * ------------------------------------------------------------------ */

static void
dafu_window_constructed (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);

  G_OBJECT_CLASS (dafu_window_parent_class)->constructed (object);

  self->settings = load_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind_with_mapping (self->settings, "sort-order", self->sort_dropdown, "selected",
                                    G_SETTINGS_BIND_DEFAULT, sort_get_mapping, sort_set_mapping,
                                    NULL, NULL);
      gtk_widget_set_size_request (self->results_pane,
                                   MAX (g_settings_get_int (self->settings, "results-width"),
                                        MIN_RESULTS_WIDTH), -1);
    }

  dafu_window_open_library (self);
}

static void
dafu_window_dispose (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->letter_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->compare_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_WINDOW);

  G_OBJECT_CLASS (dafu_window_parent_class)->dispose (object);
}

static void
dafu_window_finalize (GObject *object)
{
  DafuWindow *self = DAFU_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->letter_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->compare_cancellable);
  g_clear_object (&self->compare_loaded[0]);
  g_clear_object (&self->compare_loaded[1]);
  g_clear_object (&self->selection);
  g_clear_object (&self->query);
  g_clear_object (&self->searching);
  g_clear_object (&self->letter);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  for (guint i = 0; i < N_FACETS; i++)
    g_clear_pointer (&self->facet_values[i], g_ptr_array_unref);
  g_clear_pointer (&self->pending_import, g_ptr_array_unref);
  g_clear_pointer (&self->library_path, g_free);
  g_clear_pointer (&self->opened_path, g_free);

  G_OBJECT_CLASS (dafu_window_parent_class)->finalize (object);
}

static void
dafu_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DafuWindow *self = DAFU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      g_value_set_string (value, self->library_path);
      break;
    case PROP_N_LETTERS:
      g_value_set_int64 (value, self->n_letters);
      break;
    case PROP_N_HITS:
      g_value_set_uint (value, self->n_hits);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DafuWindow *self = DAFU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LIBRARY_PATH:
      self->library_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_window_class_init (DafuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dafu_window_constructed;
  object_class->dispose = dafu_window_dispose;
  object_class->finalize = dafu_window_finalize;
  object_class->get_property = dafu_window_get_property;
  object_class->set_property = dafu_window_set_property;

  /**
   * DafuWindow:library-path:
   *
   * The library to open; %NULL for the usual choice.
   */
  properties[PROP_LIBRARY_PATH] =
    g_param_spec_string ("library-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuWindow:n-letters:
   *
   * How many letters the library holds, once known; -1 before.
   */
  properties[PROP_N_LETTERS] =
    g_param_spec_int64 ("n-letters", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuWindow:n-hits:
   *
   * How many letters the search shown found.
   */
  properties[PROP_N_HITS] =
    g_param_spec_uint ("n-hits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DAFU_TYPE_LETTER_VIEW);
  g_type_ensure (DAFU_TYPE_COMPARE_VIEW);
  g_type_ensure (DAFU_TYPE_DRAFTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, drafts_view);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, damaged_buttons);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, results_pane);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, search_entry);
  gtk_widget_class_bind_template_child_full (widget_class, "city_dropdown", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, facet_dropdowns[FACET_CITY]));
  gtk_widget_class_bind_template_child_full (widget_class, "year_dropdown", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, facet_dropdowns[FACET_YEAR]));
  gtk_widget_class_bind_template_child_full (widget_class, "category_dropdown", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, facet_dropdowns[FACET_CATEGORY]));
  gtk_widget_class_bind_template_child_full (widget_class, "kind_dropdown", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, facet_dropdowns[FACET_KIND]));
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, hits_label);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, import_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, results_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, results_list);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, no_hits_page);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, pane_separator);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, letter_pane);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, letter_title);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, letter_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, letter_view);
  gtk_widget_class_bind_template_child_full (widget_class, "compare_city_a", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, compare_cities[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "compare_city_b", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, compare_cities[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "compare_letter_a", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, compare_letters[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "compare_letter_b", FALSE,
                                             G_STRUCT_OFFSET (DafuWindow, compare_letters[1]));
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, compare_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, compare_spinner);
  gtk_widget_class_bind_template_child (widget_class, DafuWindow, compare_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_list_activate_cb);

  dafu_window_class_init_actions (widget_class);
  dafu_window_class_init_library (widget_class);
}

static void
dafu_window_init (DafuWindow *self)
{
  GtkListItemFactory *factory;
  GtkGesture *drag;

  self->cancellable = g_cancellable_new ();
  self->n_letters = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* The app's own icon when it is installed (not in an uninstalled run). */
  if (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()), APP_ID))
    adw_status_page_set_icon_name (self->empty_page, APP_ID);

  /* Typing anywhere searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed_cb), self);
  gtk_list_view_set_model (self->results_list, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind_cb), self);
  gtk_list_view_set_factory (self->results_list, factory);
  g_object_unref (factory);

  for (guint i = 0; i < N_FACETS; i++)
    {
      g_autoptr(GListStore) none = g_list_store_new (DAFU_TYPE_FACET);

      set_facets (self, i, G_LIST_MODEL (none));
      g_signal_connect_swapped (self->facet_dropdowns[i], "notify::selected",
                                G_CALLBACK (on_facet_selected_cb), self);
    }
  g_signal_connect_swapped (self->sort_dropdown, "notify::selected",
                            G_CALLBACK (on_sort_selected_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::folded",
                            G_CALLBACK (on_folded_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child",
                            G_CALLBACK (dafu_window_update_actions), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (dafu_window_update_actions), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child",
                            G_CALLBACK (on_view_changed_cb), self);
  g_signal_connect_swapped (self->drafts_view, "letter-added",
                            G_CALLBACK (dafu_window_refresh), self);
  dafu_drafts_view_set_view_stack (self->drafts_view, self->view_stack);
  dafu_drafts_view_set_menu_model (self->drafts_view, self->primary_menu);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_pane_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_pane_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_pane_drag_end_cb), self);
  gtk_widget_add_controller (self->pane_separator, GTK_EVENT_CONTROLLER (drag));

  dafu_window_init_actions (self);
  dafu_window_init_library (self);
  dafu_window_update_actions (self);
}

DafuWindow *
dafu_window_new (DafuApplication *application,
                 const char      *library_path)
{
  return g_object_new (DAFU_TYPE_WINDOW,
                       "application", application,
                       "library-path", library_path,
                       NULL);
}

/**
 * dafu_window_get_library:
 *
 * Returns: (transfer none) (nullable): the open library, or %NULL while it
 *   is being opened or when it could not be
 */
DafuLibrary *
dafu_window_get_library (DafuWindow *self)
{
  g_return_val_if_fail (DAFU_IS_WINDOW (self), NULL);
  return self->library;
}

gint64
dafu_window_get_n_letters (DafuWindow *self)
{
  g_return_val_if_fail (DAFU_IS_WINDOW (self), -1);
  return self->n_letters;
}
