/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-drafts-view"

#include "config.h"

#include "dafu-drafts-view.h"

#include <glib/gi18n.h>

#include "dafu-letter-list.h"
#include "dafu-library-drafts.h"
#include "dafu-query.h"

/**
 * DafuDraftsView:
 *
 * The Drafts page of the window: the list of drafts on the left (title,
 * deputy, when last changed, a "Final" mark) and the open draft in a
 * #DafuDraftEditor on the right, in an #AdwLeaflet that folds to one pane
 * on a narrow screen, like the Search page.
 *
 * Its actions: `drafts.new`, `drafts.new-reply` (a dialog that finds the
 * suggestion or letter to answer in the library as the clerk types, or
 * takes its session, number, deputy and title by hand),
 * `drafts.duplicate`, `drafts.delete` (with Undo in a toast),
 * `drafts.open` (an id) and `drafts.go-back`.
 *
 * A draft still marked as being edited when the list is first read was
 * interrupted (Dafu stopped while it was open): a toast says it was
 * recovered and opens it.
 */

struct _DafuDraftsView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  AdwLeaflet      *leaflet;
  GtkWidget       *list_pane;
  AdwViewSwitcher *view_switcher;
  GtkMenuButton   *menu_button;
  GtkStack        *list_stack;
  GtkListBox      *drafts_list;
  GtkStack        *editor_stack;
  DafuDraftEditor *editor;

  DafuLibrary     *library;
  GListStore      *drafts;          /* DafuDraft, newest first */
  GCancellable    *cancellable;     /* the view's life */
  GCancellable    *list_cancellable;
  guint            selecting;       /* > 0 while the selection is set from code */
  gboolean         loaded;
  gboolean         recovered;       /* interrupted drafts were looked for */
  gboolean         show_editor;     /* folded, the editor is the pane in view */
};

G_DEFINE_FINAL_TYPE (DafuDraftsView, dafu_drafts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LETTER_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_actions (DafuDraftsView *self);

/* ------------------------------------------------------------------ *
 * Helpers
 * ------------------------------------------------------------------ */

static AdwToastOverlay *
toast_overlay (DafuDraftsView *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  return overlay != NULL ? ADW_TOAST_OVERLAY (overlay) : NULL;
}

static void
add_toast (DafuDraftsView *self,
           AdwToast       *toast)
{
  AdwToastOverlay *overlay = toast_overlay (self);

  /* Out of its window (closing), there is no one to tell. */
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, toast);
  else
    {
      g_debug ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

static void
show_toast (DafuDraftsView *self,
            const char     *title)
{
  add_toast (self, adw_toast_new (title));
}

static GtkWindow *
parent_window (DafuDraftsView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
find_draft (DafuDraftsView *self,
            DafuDraft      *draft,
            guint          *position)
{
  return draft != NULL && g_list_store_find (self->drafts, draft, position);
}

static DafuDraft *
find_draft_id (DafuDraftsView *self,
               gint64          id,
               guint          *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->drafts));

  for (guint i = 0; id != 0 && i < n; i++)
    {
      g_autoptr(DafuDraft) draft = g_list_model_get_item (G_LIST_MODEL (self->drafts), i);

      if (dafu_draft_get_id (draft) == id)
        {
          if (position != NULL)
            *position = i;
          return draft;  /* the store holds it */
        }
    }
  return NULL;
}

/* "10:32" today, "Yesterday", "11月20日" this year, else the date. */
static char *
format_updated (gint64 unix_time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  int year, month, day;

  if (time == NULL)
    return g_strdup ("");

  g_date_time_get_ymd (time, &year, &month, &day);
  if (year == g_date_time_get_year (now) && g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    return g_date_time_format (time, "%H:%M");
  if (year == g_date_time_get_year (yesterday) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (yesterday))
    return g_strdup (_("Yesterday"));
  if (year == g_date_time_get_year (now))
    /* Translators: a day of this year, in g_date_time_format()'s terms */
    return g_date_time_format (time, _("%b %-d"));
  return g_date_time_format (time, "%Y-%m-%d");
}

/* ------------------------------------------------------------------ *
 * Rows
 * ------------------------------------------------------------------ */

static void
update_row (GtkWidget *box)
{
  DafuDraft *draft = g_object_get_data (G_OBJECT (box), "draft");
  GtkLabel *title = g_object_get_data (G_OBJECT (box), "title");
  GtkLabel *meta = g_object_get_data (G_OBJECT (box), "meta");
  GtkWidget *final = g_object_get_data (G_OBJECT (box), "final");
  g_autofree char *display = dafu_draft_dup_display_title (draft);
  gint64 changed = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (box), "changed"));
  g_autofree char *when = format_updated (MAX (dafu_draft_get_updated (draft), changed));
  const char *addressee = dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE);
  const char *role = dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE);
  g_autoptr(GString) line = g_string_new (NULL);

  if (addressee != NULL && *addressee != '\0')
    {
      g_string_append (line, addressee);
      if (role != NULL && *role != '\0')
        g_string_append_printf (line, " %s", role);
    }
  else
    g_string_append (line, _("No deputy yet"));
  g_string_append_printf (line, " · %s", when);

  gtk_label_set_label (title, display);
  gtk_widget_set_tooltip_text (GTK_WIDGET (title), display);
  gtk_label_set_label (meta, line->str);
  gtk_widget_set_visible (final, dafu_draft_get_state (draft) == DAFU_DRAFT_STATE_FINAL);
}

static void
on_row_draft_changed_cb (GtkWidget *box)
{
  /* Changed now: the autosave writes it within a second. */
  g_object_set_data (G_OBJECT (box), "changed", GSIZE_TO_POINTER (g_get_real_time () / G_USEC_PER_SEC));
  update_row (box);
}

static GtkWidget *
create_draft_row (gpointer item,
                  gpointer user_data)
{
  DafuDraft *draft = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *final = gtk_label_new (_("Final"));
  GtkWidget *meta = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "draft-row");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_set_valign (final, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (final, "draft-final-badge");
  gtk_label_set_xalign (GTK_LABEL (meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta, "caption");
  gtk_widget_add_css_class (meta, "dim-label");

  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), final);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), meta);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (box), "draft", g_object_ref (draft), g_object_unref);
  g_object_set_data (G_OBJECT (box), "title", title);
  g_object_set_data (G_OBJECT (box), "meta", meta);
  g_object_set_data (G_OBJECT (box), "final", final);
  update_row (box);

  /* The open draft's row follows its edits. */
  g_signal_connect_object (draft, "changed", G_CALLBACK (on_row_draft_changed_cb), box, G_CONNECT_SWAPPED);
  return row;
}

static void
select_draft_row (DafuDraftsView *self,
                  DafuDraft      *draft)
{
  guint position;

  self->selecting++;
  if (find_draft (self, draft, &position))
    gtk_list_box_select_row (self->drafts_list, gtk_list_box_get_row_at_index (self->drafts_list, position));
  else
    gtk_list_box_unselect_all (self->drafts_list);
  self->selecting--;
}

static void
update_list_page (DafuDraftsView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->drafts)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty && self->loaded ? "empty" : "list");
}

/* ------------------------------------------------------------------ *
 * Opening
 * ------------------------------------------------------------------ */

/**
 * dafu_drafts_view_open_draft:
 * @self: a #DafuDraftsView
 * @draft: a draft of the list
 *
 * Opens @draft in the editor (on its own when the view is folded).
 */
void
dafu_drafts_view_open_draft (DafuDraftsView *self,
                             DafuDraft      *draft)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));
  g_return_if_fail (DAFU_IS_DRAFT (draft));

  dafu_draft_editor_set_draft (self->editor, draft);
  gtk_stack_set_visible_child_name (self->editor_stack, "editor");
  select_draft_row (self, draft);
  self->show_editor = TRUE;
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->editor_stack));
  update_actions (self);
}

/**
 * dafu_drafts_view_open_draft_id:
 * @self: a #DafuDraftsView
 * @id: a draft's id
 *
 * Returns: whether the list has that draft (and it is now open)
 */
gboolean
dafu_drafts_view_open_draft_id (DafuDraftsView *self,
                                gint64          id)
{
  DafuDraft *draft;

  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), FALSE);

  draft = find_draft_id (self, id, NULL);
  if (draft == NULL)
    return FALSE;
  dafu_drafts_view_open_draft (self, draft);
  return TRUE;
}

static void
show_none (DafuDraftsView *self)
{
  gtk_stack_set_visible_child_name (self->editor_stack, "none");
  self->show_editor = FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  update_actions (self);
}

static void
on_drafts_list_row_selected_cb (DafuDraftsView *self,
                                GtkListBoxRow  *row)
{
  g_autoptr(DafuDraft) draft = NULL;

  if (self->selecting > 0 || row == NULL)
    return;

  draft = g_list_model_get_item (G_LIST_MODEL (self->drafts), gtk_list_box_row_get_index (row));
  if (draft != NULL && draft != dafu_draft_editor_get_draft (self->editor))
    dafu_drafts_view_open_draft (self, draft);
}

static void
on_drafts_list_row_activated_cb (DafuDraftsView *self,
                                 GtkListBoxRow  *row)
{
  g_autoptr(DafuDraft) draft = g_list_model_get_item (G_LIST_MODEL (self->drafts),
                                                      gtk_list_box_row_get_index (row));

  if (draft != NULL)
    dafu_drafts_view_open_draft (self, draft);
}

/* ------------------------------------------------------------------ *
 * Listing
 * ------------------------------------------------------------------ */

typedef struct {
  DafuDraftsView *self;
  gint64          id;
} OpenData;

static void
on_open_clicked_cb (AdwToast *toast,
                    OpenData *data)
{
  dafu_drafts_view_open_draft_id (data->self, data->id);
}

static void
open_data_free (gpointer  data,
                GClosure *closure)
{
  g_free (data);
}

static void
announce_recovered (DafuDraftsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->drafts));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DafuDraft) draft = g_list_model_get_item (G_LIST_MODEL (self->drafts), i);
      g_autofree char *title = NULL;
      AdwToast *toast;
      OpenData *data;

      if (!dafu_draft_get_interrupted (draft) || dafu_draft_get_state (draft) == DAFU_DRAFT_STATE_FINAL)
        continue;

      title = dafu_draft_dup_display_title (draft);
      toast = adw_toast_new_format (_("Recovered the draft “%s” after Dafu stopped unexpectedly"), title);
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_set_timeout (toast, 10);
      data = g_new0 (OpenData, 1);
      data->self = self;
      data->id = dafu_draft_get_id (draft);
      /* The view outlives its toasts: they are in its window. */
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_open_clicked_cb), data,
                             open_data_free, 0);
      add_toast (self, toast);
      dafu_draft_set_interrupted (draft, FALSE);
    }
}

static void
on_drafts_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DafuDraftsView) self = user_data;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean open_listed = FALSE;
  DafuDraft *open;

  drafts = dafu_library_list_drafts_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loaded = TRUE;
  if (drafts == NULL)
    {
      show_toast (self, error->message);
      update_list_page (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
      return;
    }

  /* The draft open in the editor stays the same object, and stays in the
   * list even when the listing was read before its first save (a new
   * draft has no id until then). */
  open = dafu_draft_editor_get_draft (self->editor);
  for (guint i = 0; open != NULL && i < drafts->len; i++)
    if (dafu_draft_get_id (g_ptr_array_index (drafts, i)) == dafu_draft_get_id (open) &&
        dafu_draft_get_id (open) != 0)
      {
        g_object_unref (g_ptr_array_index (drafts, i));
        drafts->pdata[i] = g_object_ref (open);
        open_listed = TRUE;
      }
  if (open != NULL && !open_listed)
    g_ptr_array_insert (drafts, 0, g_object_ref (open));

  self->selecting++;
  g_list_store_splice (self->drafts, 0, g_list_model_get_n_items (G_LIST_MODEL (self->drafts)),
                       drafts->pdata, drafts->len);
  self->selecting--;
  if (open != NULL)
    select_draft_row (self, open);

  update_list_page (self);
  if (!self->recovered)
    {
      self->recovered = TRUE;
      announce_recovered (self);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * dafu_drafts_view_reload:
 * @self: a #DafuDraftsView
 *
 * Reads the list of drafts again.
 */
void
dafu_drafts_view_reload (DafuDraftsView *self)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));

  if (self->library == NULL)
    return;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  dafu_library_list_drafts_async (self->library, self->list_cancellable, on_drafts_listed_cb,
                                  g_object_ref (self));
}

/**
 * dafu_drafts_view_letters_changed:
 * @self: a #DafuDraftsView
 *
 * The library's letters changed: the clause library looks for new clauses.
 */
void
dafu_drafts_view_letters_changed (DafuDraftsView *self)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));

  if (self->library != NULL)
    dafu_clause_pane_letters_changed (dafu_draft_editor_get_clause_pane (self->editor));
}

/* ------------------------------------------------------------------ *
 * New drafts
 * ------------------------------------------------------------------ */

/* A draft made here goes first in the list and opens; its autosave gives
 * it its id with its first write. */
static void
add_draft (DafuDraftsView *self,
           DafuDraft      *draft)
{
  self->selecting++;
  g_list_store_insert (self->drafts, 0, draft);
  self->selecting--;
  update_list_page (self);
  dafu_drafts_view_open_draft (self, draft);
}

/**
 * dafu_drafts_view_new_draft:
 * @self: a #DafuDraftsView
 *
 * Starts a new, empty reply dated today, with the standard parts, and
 * opens it.
 *
 * Returns: (transfer none): the new draft
 */
DafuDraft *
dafu_drafts_view_new_draft (DafuDraftsView *self)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), NULL);

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, today);
  dafu_draft_add_standard_parts (draft);
  dafu_draft_clear_undo (draft);
  add_draft (self, draft);
  return draft;
}

/**
 * dafu_drafts_view_new_reply_to:
 * @self: a #DafuDraftsView
 * @letter: the suggestion (or a letter answering it) to reply to
 *
 * Starts a reply to @letter (dafu_draft_new_reply_to()) and opens it.
 *
 * Returns: (transfer none): the new draft
 */
DafuDraft *
dafu_drafts_view_new_reply_to (DafuDraftsView *self,
                               DafuLetter     *letter)
{
  g_autoptr(DafuDraft) draft = NULL;

  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), NULL);
  g_return_val_if_fail (DAFU_IS_LETTER (letter), NULL);

  draft = dafu_draft_new_reply_to (letter);
  add_draft (self, draft);
  return draft;
}

/* ------------------------------------------------------------------ *
 * The New Reply dialog
 * ------------------------------------------------------------------ */

enum {
  BY_HAND_SESSION,
  BY_HAND_NUMBER,
  BY_HAND_DEPUTY,
  BY_HAND_TITLE,
  N_BY_HAND
};

static const DafuLetterField by_hand_fields[N_BY_HAND] = {
  DAFU_LETTER_FIELD_SESSION,
  DAFU_LETTER_FIELD_SUGGESTION_NUMBER,
  DAFU_LETTER_FIELD_ADDRESSEE,
  DAFU_LETTER_FIELD_TITLE,
};

typedef struct {
  DafuDraftsView   *self;
  AdwMessageDialog *dialog;      /* owns this */
  GtkSearchEntry   *entry;
  GtkListBox       *hits_list;
  GtkLabel         *hits_label;
  AdwEntryRow      *rows[N_BY_HAND];
  DafuLetterList   *hits;
  GCancellable     *cancellable;
} ReplyDialog;

static void
reply_dialog_free (ReplyDialog *reply)
{
  g_cancellable_cancel (reply->cancellable);
  g_clear_object (&reply->cancellable);
  g_clear_object (&reply->hits);
  g_clear_object (&reply->self);
  g_free (reply);
}

static gboolean
by_hand_filled (ReplyDialog *reply)
{
  for (guint i = 0; i < N_BY_HAND; i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (reply->rows[i])) != '\0')
      return TRUE;
  return FALSE;
}

static void
reply_update_response (ReplyDialog *reply)
{
  gboolean chosen = gtk_list_box_get_selected_row (reply->hits_list) != NULL;

  adw_message_dialog_set_response_enabled (reply->dialog, "create", chosen || by_hand_filled (reply));
}

static GtkWidget *
create_hit_row (gpointer item,
                gpointer user_data)
{
  DafuLetter *letter = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *title = dafu_letter_get_title (letter);
  GtkWidget *title_label = gtk_label_new (title != NULL ? title : _("Untitled Letter"));
  g_autoptr(GString) meta = g_string_new (NULL);
  const char *parts[] = {
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY),
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE),
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SESSION),
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE),
  };
  GtkWidget *meta_label;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (meta, "%s%s", meta->len > 0 ? " · " : "", parts[i]);
  meta_label = gtk_label_new (meta->str);

  gtk_widget_add_css_class (box, "reply-hit");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (meta_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (meta_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (meta_label, "caption");
  gtk_widget_add_css_class (meta_label, "dim-label");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), meta_label);
  return box;
}

static void
on_reply_hits_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ReplyDialog *reply = user_data;
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  hits = dafu_library_search_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (hits == NULL)
    {
      gtk_label_set_label (reply->hits_label, error->message);
      return;
    }

  g_set_object (&reply->hits, hits);
  gtk_list_box_bind_model (reply->hits_list, G_LIST_MODEL (hits), create_hit_row, NULL, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (hits));
  if (n == 0)
    gtk_label_set_label (reply->hits_label, _("No letter found; fill in the suggestion by hand below."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u letter found",
                                                            "%u letters found", n), n);
      gtk_label_set_label (reply->hits_label, text);
    }
  reply_update_response (reply);
}

static void
on_reply_search_changed_cb (GtkSearchEntry *entry,
                            ReplyDialog    *reply)
{
  g_autoptr(DafuQuery) query = dafu_query_new (gtk_editable_get_text (GTK_EDITABLE (entry)));

  if (reply->self->library == NULL)
    return;

  g_cancellable_cancel (reply->cancellable);
  g_clear_object (&reply->cancellable);
  reply->cancellable = g_cancellable_new ();
  dafu_library_search_async (reply->self->library, query, DAFU_SORT_RELEVANCE, 20, reply->cancellable,
                             on_reply_hits_cb, reply);
}

static void
on_reply_letter_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DafuDraftsView) self = user_data;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;

  letter = dafu_library_get_letter_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (letter == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  dafu_drafts_view_new_reply_to (self, letter);
}

/* The dialog goes: its list unselects its rows as it is taken apart,
 * after the dialog has dropped its responses. */
static void
on_reply_unmap_cb (ReplyDialog *reply)
{
  g_cancellable_cancel (reply->cancellable);
  g_signal_handlers_disconnect_by_data (reply->hits_list, reply);
  g_signal_handlers_disconnect_by_data (reply->entry, reply);
  for (guint i = 0; i < N_BY_HAND; i++)
    g_signal_handlers_disconnect_by_data (reply->rows[i], reply);
}

static void
on_reply_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      ReplyDialog      *reply)
{
  DafuDraftsView *self = reply->self;
  GtkListBoxRow *row;

  if (!g_str_equal (response, "create") || self->library == NULL)
    return;

  row = gtk_list_box_get_selected_row (reply->hits_list);
  if (row != NULL && reply->hits != NULL)
    {
      gint64 id = dafu_letter_list_get_id (reply->hits, gtk_list_box_row_get_index (row));

      dafu_library_get_letter_async (self->library, id, self->cancellable, on_reply_letter_cb,
                                     g_object_ref (self));
      return;
    }

  /* By hand: a suggestion with just these fields. */
  {
    g_autoptr(DafuLetter) suggestion = dafu_letter_new ();

    for (guint i = 0; i < N_BY_HAND; i++)
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (reply->rows[i]));

        if (*text != '\0')
          dafu_letter_set_field (suggestion, by_hand_fields[i], text);
      }
    dafu_letter_set_field (suggestion, DAFU_LETTER_FIELD_KIND, "suggestion");
    dafu_drafts_view_new_reply_to (self, suggestion);
  }
}

/**
 * dafu_drafts_view_new_reply:
 * @self: a #DafuDraftsView
 *
 * Asks which suggestion or letter to reply to: found in the library as
 * the clerk types, or described by hand; then starts the reply.
 */
void
dafu_drafts_view_new_reply (DafuDraftsView *self)
{
  static const char * const titles[N_BY_HAND] = {
    N_("Session"), N_("Suggestion Number"), N_("Deputy"), N_("Suggestion Title"),
  };
  ReplyDialog *reply;
  GtkWidget *box, *scrolled, *group;

  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));

  if (self->library == NULL)
    return;

  reply = g_new0 (ReplyDialog, 1);
  reply->self = g_object_ref (self);
  reply->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("New Reply"),
                                                             _("Find the suggestion, or a letter that answered it, in the library; or describe the suggestion by hand.")));
  adw_message_dialog_add_responses (reply->dialog,
                                    "cancel", _("_Cancel"),
                                    "create", _("_Start the Reply"),
                                    NULL);
  adw_message_dialog_set_response_appearance (reply->dialog, "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (reply->dialog, "create");
  adw_message_dialog_set_close_response (reply->dialog, "cancel");
  adw_message_dialog_set_response_enabled (reply->dialog, "create", FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  reply->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (reply->entry, "placeholder-text", _("Search letters"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (reply->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search letters"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (reply->entry));

  reply->hits_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (reply->hits_label, 0);
  gtk_label_set_wrap (reply->hits_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (reply->hits_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (reply->hits_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (reply->hits_label));

  reply->hits_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (reply->hits_list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (reply->hits_list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (reply->hits_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Letters"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 220);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (reply->hits_list));
  gtk_box_append (GTK_BOX (box), scrolled);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Or by Hand"));
  for (guint i = 0; i < N_BY_HAND; i++)
    {
      reply->rows[i] = ADW_ENTRY_ROW (adw_entry_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reply->rows[i]), _(titles[i]));
      g_signal_connect_swapped (reply->rows[i], "changed", G_CALLBACK (reply_update_response), reply);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (reply->rows[i]));
    }
  gtk_box_append (GTK_BOX (box), group);

  adw_message_dialog_set_extra_child (reply->dialog, box);
  g_object_set_data_full (G_OBJECT (reply->dialog), "reply", reply, (GDestroyNotify) reply_dialog_free);
  g_signal_connect (reply->entry, "search-changed", G_CALLBACK (on_reply_search_changed_cb), reply);
  g_signal_connect_swapped (reply->hits_list, "row-selected", G_CALLBACK (reply_update_response), reply);
  g_signal_connect (reply->dialog, "response", G_CALLBACK (on_reply_response_cb), reply);
  g_signal_connect_swapped (reply->dialog, "unmap", G_CALLBACK (on_reply_unmap_cb), reply);

  on_reply_search_changed_cb (reply->entry, reply);
  gtk_window_present (GTK_WINDOW (reply->dialog));
  gtk_widget_grab_focus (GTK_WIDGET (reply->entry));
}

/* ------------------------------------------------------------------ *
 * Duplicate, delete, undo
 * ------------------------------------------------------------------ */

static DafuDraft *
current_draft (DafuDraftsView *self)
{
  DafuDraft *draft = dafu_draft_editor_get_draft (self->editor);
  GtkListBoxRow *row;

  if (draft != NULL)
    return draft;
  row = gtk_list_box_get_selected_row (self->drafts_list);
  if (row == NULL)
    return NULL;
  draft = g_list_model_get_item (G_LIST_MODEL (self->drafts), gtk_list_box_row_get_index (row));
  if (draft != NULL)
    g_object_unref (draft);  /* the store keeps it */
  return draft;
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DafuDraftsView *self = DAFU_DRAFTS_VIEW (widget);
  DafuDraft *draft = current_draft (self);
  g_autoptr(DafuDraft) copy = NULL;

  if (draft == NULL)
    return;

  copy = dafu_draft_copy (draft);
  dafu_draft_set_id (copy, 0);
  dafu_draft_set_state (copy, DAFU_DRAFT_STATE_DRAFT);
  dafu_draft_set_interrupted (copy, FALSE);
  dafu_draft_set_created (copy, 0);
  dafu_draft_clear_undo (copy);
  add_draft (self, copy);
  show_toast (self, _("Draft duplicated"));
}

typedef struct {
  DafuDraftsView *self;
  DafuDraft      *draft;
  guint           position;
} TrashData;

static void
trash_data_free (TrashData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->draft);
  g_free (data);
}

static void
trash_data_closure_free (gpointer  data,
                         GClosure *closure)
{
  trash_data_free (data);
}

static void
put_back (TrashData *data)
{
  DafuDraftsView *self = data->self;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->drafts));

  self->selecting++;
  g_list_store_insert (self->drafts, MIN (data->position, n), data->draft);
  self->selecting--;
  update_list_page (self);
}

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!dafu_library_trash_draft_finish (DAFU_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (data->self, error->message);
      trash_data_free (data);
      return;
    }

  put_back (data);
  dafu_drafts_view_open_draft (data->self, data->draft);
  trash_data_free (data);
}

static void
on_undo_clicked_cb (AdwToast  *toast,
                    TrashData *data)
{
  TrashData *copy;

  if (data->self->library == NULL)
    return;

  copy = g_new0 (TrashData, 1);
  copy->self = g_object_ref (data->self);
  copy->draft = g_object_ref (data->draft);
  copy->position = data->position;
  dafu_library_trash_draft_async (data->self->library, dafu_draft_get_id (data->draft), FALSE,
                                  data->self->cancellable, on_restored_cb, copy);
}

static void
on_trashed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!dafu_library_trash_draft_finish (DAFU_LIBRARY (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_toast (data->self, error->message);
          put_back (data);
        }
      trash_data_free (data);
      return;
    }

  toast = adw_toast_new (_("Draft deleted"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), data,
                         trash_data_closure_free, 0);
  add_toast (data->self, toast);
}

static void
trash (TrashData *data)
{
  gint64 id = dafu_draft_get_id (data->draft);

  /* Never written: nothing to keep. */
  if (id == 0 || data->self->library == NULL)
    {
      show_toast (data->self, _("Draft deleted"));
      trash_data_free (data);
      return;
    }
  dafu_library_trash_draft_async (data->self->library, id, TRUE, data->self->cancellable,
                                  on_trashed_cb, data);
}

static void
on_closed_for_trash_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TrashData *data = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed last write does not keep the draft from the trash. */
  if (!dafu_draft_editor_close_finish (DAFU_DRAFT_EDITOR (object), result, &error))
    g_debug ("The draft's last write failed: %s", error->message);
  trash (data);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuDraftsView *self = DAFU_DRAFTS_VIEW (widget);
  DafuDraft *draft = current_draft (self);
  TrashData *data;

  if (draft == NULL)
    return;

  data = g_new0 (TrashData, 1);
  data->self = g_object_ref (self);
  data->draft = g_object_ref (draft);
  if (!find_draft (self, draft, &data->position))
    data->position = 0;
  else
    {
      self->selecting++;
      g_list_store_remove (self->drafts, data->position);
      self->selecting--;
    }
  update_list_page (self);

  /* The open draft's autosave writes its last changes first: a write
   * landing after the trash would bring it back. */
  if (draft == dafu_draft_editor_get_draft (self->editor))
    {
      dafu_draft_editor_close_async (self->editor, NULL, on_closed_for_trash_cb, data);
      show_none (self);
    }
  else
    trash (data);
}

/* ------------------------------------------------------------------ *
 * Finalized
 * ------------------------------------------------------------------ */

static void
on_editor_finalized_cb (DafuDraftsView *self,
                        DafuDraft      *finalized,
                        gint64          letter_id)
{
  guint position;
  g_autofree char *title = dafu_draft_dup_display_title (finalized);
  g_autofree char *text = NULL;

  if (find_draft_id (self, dafu_draft_get_id (finalized), &position) != NULL)
    {
      self->selecting++;
      g_list_store_splice (self->drafts, position, 1, (gpointer *) &finalized, 1);
      self->selecting--;
    }
  else
    g_list_store_insert (self->drafts, 0, finalized);
  select_draft_row (self, finalized);

  text = g_strdup_printf (_("“%s” is final and in the library"), title);
  show_toast (self, text);
  g_signal_emit (self, signals[LETTER_ADDED], 0, letter_id);
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

static void
update_actions (DafuDraftsView *self)
{
  gboolean has_library = self->library != NULL;
  gboolean has_draft = current_draft (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drafts.new", has_library);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drafts.new-reply", has_library);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drafts.duplicate", has_library && has_draft);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "drafts.delete", has_library && has_draft);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  dafu_drafts_view_new_draft (DAFU_DRAFTS_VIEW (widget));
}

static void
new_reply_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  dafu_drafts_view_new_reply (DAFU_DRAFTS_VIEW (widget));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dafu_drafts_view_open_draft_id (DAFU_DRAFTS_VIEW (widget), g_variant_get_int64 (parameter));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  dafu_drafts_view_go_back (DAFU_DRAFTS_VIEW (widget));
}

/**
 * dafu_drafts_view_go_back:
 * @self: a #DafuDraftsView
 *
 * Folded, goes from the editor back to the list.
 *
 * Returns: whether it did
 */
gboolean
dafu_drafts_view_go_back (DafuDraftsView *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), FALSE);

  if (!adw_leaflet_get_folded (self->leaflet) ||
      adw_leaflet_get_visible_child (self->leaflet) == self->list_pane)
    return FALSE;

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->drafts_list));
  return TRUE;
}

static void
on_folded_changed_cb (DafuDraftsView *self)
{
  /* Folding shows the pane the clerk was in: the open draft, or the list. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet,
                                   self->show_editor && dafu_draft_editor_get_draft (self->editor) != NULL
                                     ? GTK_WIDGET (self->editor_stack) : self->list_pane);
}

static void
on_visible_child_changed_cb (DafuDraftsView *self)
{
  /* Folded, Back (or a swipe) goes to the list. */
  if (adw_leaflet_get_folded (self->leaflet))
    self->show_editor = adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->editor_stack);
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

static void
dafu_drafts_view_dispose (GObject *object)
{
  DafuDraftsView *self = DAFU_DRAFTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  if (self->drafts_list != NULL)
    gtk_list_box_bind_model (self->drafts_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->library);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_DRAFTS_VIEW);

  G_OBJECT_CLASS (dafu_drafts_view_parent_class)->dispose (object);
}

static void
dafu_drafts_view_finalize (GObject *object)
{
  DafuDraftsView *self = DAFU_DRAFTS_VIEW (object);

  g_clear_object (&self->drafts);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dafu_drafts_view_parent_class)->finalize (object);
}

static void
dafu_drafts_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DafuDraftsView *self = DAFU_DRAFTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_drafts_view_class_init (DafuDraftsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_drafts_view_dispose;
  object_class->finalize = dafu_drafts_view_finalize;
  object_class->get_property = dafu_drafts_view_get_property;

  /**
   * DafuDraftsView:loaded:
   *
   * Whether the list of drafts was read.
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DafuDraftsView::letter-added:
   * @self: the view
   * @letter_id: the new letter's id
   *
   * A draft was finalized: the library has a new letter.
   */
  signals[LETTER_ADDED] = g_signal_new ("letter-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (DAFU_TYPE_DRAFT_EDITOR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-drafts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, drafts_list);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftsView, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_drafts_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_drafts_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_finalized_cb);

  gtk_widget_class_install_action (widget_class, "drafts.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "drafts.new-reply", NULL, new_reply_action);
  gtk_widget_class_install_action (widget_class, "drafts.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "drafts.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "drafts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "drafts.go-back", NULL, go_back_action);
}

static void
dafu_drafts_view_init (DafuDraftsView *self)
{
  self->cancellable = g_cancellable_new ();
  self->drafts = g_list_store_new (DAFU_TYPE_DRAFT);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_bind_model (self->drafts_list, G_LIST_MODEL (self->drafts), create_draft_row, self, NULL);
  g_signal_connect_swapped (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed_cb), self);
  g_signal_connect_swapped (self->leaflet, "notify::visible-child", G_CALLBACK (on_visible_child_changed_cb), self);
  g_signal_connect_swapped (self->editor, "notify::draft", G_CALLBACK (update_actions), self);

  update_list_page (self);
  update_actions (self);
}

/**
 * dafu_drafts_view_new:
 *
 * Returns: (transfer floating): a new drafts view, with no library yet
 */
GtkWidget *
dafu_drafts_view_new (void)
{
  return g_object_new (DAFU_TYPE_DRAFTS_VIEW, NULL);
}

/**
 * dafu_drafts_view_set_library:
 * @self: a #DafuDraftsView
 * @library: (nullable): the library whose drafts to show
 */
void
dafu_drafts_view_set_library (DafuDraftsView *self,
                              DafuLibrary    *library)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));
  g_return_if_fail (library == NULL || DAFU_IS_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;

  dafu_draft_editor_set_draft (self->editor, NULL);
  dafu_draft_editor_set_library (self->editor, library);
  g_list_store_remove_all (self->drafts);
  self->loaded = FALSE;
  show_none (self);
  dafu_drafts_view_reload (self);
}

/**
 * dafu_drafts_view_get_library:
 * @self: a #DafuDraftsView
 *
 * Returns: (transfer none) (nullable): the library
 */
DafuLibrary *
dafu_drafts_view_get_library (DafuDraftsView *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), NULL);
  return self->library;
}

/**
 * dafu_drafts_view_set_view_stack:
 * @self: a #DafuDraftsView
 * @stack: (nullable): the window's stack of views, for the switcher above
 *   the list
 */
void
dafu_drafts_view_set_view_stack (DafuDraftsView *self,
                                 AdwViewStack   *stack)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));
  adw_view_switcher_set_stack (self->view_switcher, stack);
}

/**
 * dafu_drafts_view_set_menu_model:
 * @self: a #DafuDraftsView
 * @menu: (nullable): the window's main menu
 */
void
dafu_drafts_view_set_menu_model (DafuDraftsView *self,
                                 GMenuModel     *menu)
{
  g_return_if_fail (DAFU_IS_DRAFTS_VIEW (self));
  gtk_menu_button_set_menu_model (self->menu_button, menu);
}

/**
 * dafu_drafts_view_get_loaded:
 * @self: a #DafuDraftsView
 *
 * Returns: whether the list of drafts was read
 */
gboolean
dafu_drafts_view_get_loaded (DafuDraftsView *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), FALSE);
  return self->loaded;
}

/**
 * dafu_drafts_view_get_drafts:
 * @self: a #DafuDraftsView
 *
 * Returns: (transfer none): the drafts listed (#DafuDraft)
 */
GListModel *
dafu_drafts_view_get_drafts (DafuDraftsView *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), NULL);
  return G_LIST_MODEL (self->drafts);
}

/**
 * dafu_drafts_view_get_editor:
 * @self: a #DafuDraftsView
 *
 * Returns: (transfer none): the editor
 */
DafuDraftEditor *
dafu_drafts_view_get_editor (DafuDraftsView *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFTS_VIEW (self), NULL);
  return self->editor;
}
