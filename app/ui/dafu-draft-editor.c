/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-draft-editor"

#include "config.h"

#include "dafu-draft-editor.h"
#include "dafu-draft-editor-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dafu-checks.h"
#include "dafu-layout-preview.h"
#include "dafu-library-drafts.h"
#include "dafu-output.h"
#include "dafu-placeholder.h"

/**
 * DafuDraftEditor:
 *
 * One draft, being written: its fields in collapsible groups, the points
 * of the suggestion, values for the clauses' other placeholders, and the
 * letter as an ordered list of paragraphs (#DafuBlockRow), with the clause
 * library (#DafuClausePane) in a side pane and the drafting checks in a
 * pane below.
 *
 * Every edit goes through the #DafuDraft, whose history `draft.undo`
 * (Ctrl+Z) and `draft.redo` (Ctrl+Shift+Z) walk; the text views and
 * entries keep none of their own, and the editor takes those keys before
 * they do. A #DafuAutosave keeps the draft in the library: the header says
 * "Saving…" or "Saved", there is no Save button. The checks run again
 * 300 ms after a change; the badge on their button counts what they found.
 *
 * Its other actions: `draft.export-text` (Ctrl+Shift+E), `draft.copy-text`
 * (Ctrl+Shift+C), `draft.finalize`, `draft.toggle-clauses` (F9, Ctrl+L),
 * `draft.toggle-checks`, `draft.propose-number`, `draft.add-paragraph`.
 * Export, Copy and Finalize never pass an unfilled placeholder silently:
 * Finalize refuses and names them, Export and Copy ask first.
 */

#define CHECK_DELAY_MS 300

struct _DafuDraftEditor
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *box;
  AdwHeaderBar      *header_bar;
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkWidget         *history_box;
  GtkToggleButton   *preview_button;
  GtkToggleButton   *clauses_button;
  GtkToggleButton   *checks_button;
  GtkLabel          *checks_badge;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkRevealer       *final_revealer;
  GtkLabel          *final_label;
  AdwFlap           *flap;
  GtkStack          *doc_stack;
  DafuLayoutPreview *preview;
  GtkScrolledWindow *doc_scrolled;
  GtkWidget         *doc_box;
  AdwExpanderRow    *suggestion_expander;
  AdwExpanderRow    *reply_expander;
  AdwExpanderRow    *contact_expander;
  AdwEntryRow       *field_rows[DAFU_LETTER_N_FIELDS];
  AdwComboRow       *category_row;
  AdwComboRow       *kind_row;
  GtkTextView       *points_view;
  AdwPreferencesGroup *values_group;
  GtkListBox        *blocks_list;
  GtkRevealer       *checks_revealer;
  GtkLabel          *checks_title;
  GtkListBox        *checks_list;
  GtkWidget         *checks_scrolled;
  GtkWidget         *checks_none_label;
  DafuClausePane    *clause_pane;

  DafuLibrary       *library;
  DafuDraft         *draft;
  DafuAutosave      *autosave;
  GHashTable        *values;         /* placeholder name → value */
  GHashTable        *value_rows;     /* name → AdwEntryRow in values_group */
  GPtrArray         *issues;         /* DafuCheckIssue */
  DafuDraftBlock    *last_block;     /* where the cursor was in the letter, or NULL */
  DafuDraftBlock    *scroll_block;   /* to bring into view once laid out */
  GCancellable      *cancellable;    /* the editor's life */
  GtkFileChooserNative *chooser;
  guint              check_id;
  guint              preview_id;
  guint              header_id;
  guint              scroll_tick;
  guint              scroll_frames;
  guint              updating;       /* > 0 while widgets are set from the draft */
  gboolean           folded;
  gboolean           busy;           /* finalizing */
};

G_DEFINE_FINAL_TYPE (DafuDraftEditor, dafu_draft_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DRAFT,
  PROP_FOLDED,
  PROP_N_ISSUES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINALIZED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The fields with an entry, and the ids of their rows in the template. */
static const struct {
  DafuLetterField  field;
  const char      *id;
} entry_fields[] = {
  { DAFU_LETTER_FIELD_ISSUER, "issuer_row" },
  { DAFU_LETTER_FIELD_DOC_NUMBER, "doc_number_row" },
  { DAFU_LETTER_FIELD_SIGNER, "signer_row" },
  { DAFU_LETTER_FIELD_SESSION, "session_row" },
  { DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "suggestion_number_row" },
  { DAFU_LETTER_FIELD_ADDRESSEE, "addressee_row" },
  { DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "addressee_role_row" },
  { DAFU_LETTER_FIELD_TITLE, "title_row" },
  { DAFU_LETTER_FIELD_DATE, "date_row" },
  { DAFU_LETTER_FIELD_CONTACT, "contact_row" },
  { DAFU_LETTER_FIELD_CONTACT_PHONE, "contact_phone_row" },
  { DAFU_LETTER_FIELD_CC, "cc_row" },
  { DAFU_LETTER_FIELD_PUBLIC_NOTE, "public_note_row" },
};

/* The drop-downs' choices, their first being "not set". */
static const char * const categories[] = { NULL, "A", "B", "C" };
static const char * const kinds[] = { NULL, "suggestion", "proposal" };

static void update_actions (DafuDraftEditor *self);
static void update_header (DafuDraftEditor *self);
static void start_autosave (DafuDraftEditor *self);

/* ------------------------------------------------------------------ *
 * Helpers
 * ------------------------------------------------------------------ */

static void
show_toast (DafuDraftEditor *self,
            const char      *title)
{
  dafu_output_show_toast (GTK_WIDGET (self), title);
}

static GtkWindow *
parent_window (DafuDraftEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

GtkWindow *
dafu_draft_editor_parent_window (DafuDraftEditor *self)
{
  return parent_window (self);
}

void
dafu_draft_editor_show_toast (DafuDraftEditor *self,
                              const char      *text)
{
  show_toast (self, text);
}

/* Cancelled when the editor goes. */
GCancellable *
dafu_draft_editor_get_cancellable (DafuDraftEditor *self)
{
  return self->cancellable;
}

static gboolean
is_editable (DafuDraftEditor *self)
{
  return self->draft != NULL && !self->busy &&
         dafu_draft_get_state (self->draft) != DAFU_DRAFT_STATE_FINAL;
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_field_name (const char *name)
{
  for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
    if (g_strcmp0 (dafu_placeholders_name_for_field (field), name) == 0)
      return TRUE;
  return FALSE;
}

/* The year the draft's 文号 is for: its date's, else this year. */
static int
draft_year (DafuDraft *draft)
{
  const char *date = dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DATE);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = 0;

  if (date != NULL && strlen (date) >= 4 && g_ascii_isdigit (date[0]))
    year = (int) g_ascii_strtoll (date, NULL, 10);
  return year >= 1949 && year <= 9999 ? year : g_date_time_get_year (now);
}

static char *
names_list (GPtrArray *names)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      if (i > 0)
        g_string_append (list, C_("list separator", ", "));
      g_string_append_printf (list, "{%s}", (const char *) g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* ------------------------------------------------------------------ *
 * Placeholder values
 * ------------------------------------------------------------------ */

static gboolean
values_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer name, value;

  if (a == NULL || b == NULL)
    return a == b;
  if (g_hash_table_size (a) != g_hash_table_size (b))
    return FALSE;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (g_strcmp0 (value, g_hash_table_lookup (b, name)) != 0)
      return FALSE;
  return TRUE;
}

/* Recomputes the values from the draft; when they changed, the paragraphs
 * mark their placeholders again and the clause preview fills them. */
static void
update_values (DafuDraftEditor *self)
{
  g_autoptr(GHashTable) values = self->draft != NULL ? dafu_draft_dup_values (self->draft) : NULL;
  GtkWidget *child;

  if (values_equal (values, self->values))
    return;

  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = g_steal_pointer (&values);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->blocks_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DAFU_IS_BLOCK_ROW (child))
      dafu_block_row_set_values (DAFU_BLOCK_ROW (child), self->values);
  dafu_clause_pane_set_values (self->clause_pane, self->values);
}

static void
on_value_row_changed_cb (AdwEntryRow     *row,
                         DafuDraftEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "placeholder");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  if (self->updating > 0 || self->draft == NULL || !is_editable (self))
    return;
  self->updating++;
  dafu_draft_set_value (self->draft, name, *text != '\0' ? text : NULL);
  self->updating--;
}

/* The placeholders of the paragraphs that stand for no field, each once:
 * one entry each, whether it has a value yet or not. */
static GPtrArray *
other_names (DafuDraft *draft)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  guint n = dafu_draft_get_n_blocks (draft);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) found = dafu_placeholders_find (dafu_draft_block_get_text (dafu_draft_get_block (draft, i)));

      for (guint j = 0; j < found->len; j++)
        {
          DafuPlaceholder *placeholder = g_ptr_array_index (found, j);

          if (!is_field_name (placeholder->name) &&
              !g_ptr_array_find_with_equal_func (names, placeholder->name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (placeholder->name));
        }
    }
  return names;
}

static void
update_value_rows (DafuDraftEditor *self)
{
  g_autoptr(GPtrArray) names = self->draft != NULL ? other_names (self->draft)
                                                   : g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name, row;

  g_hash_table_iter_init (&iter, self->value_rows);
  while (g_hash_table_iter_next (&iter, &name, &row))
    if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
      {
        adw_preferences_group_remove (self->values_group, row);
        g_hash_table_iter_remove (&iter);
      }

  for (guint i = 0; i < names->len; i++)
    {
      const char *placeholder = g_ptr_array_index (names, i);
      AdwEntryRow *entry = g_hash_table_lookup (self->value_rows, placeholder);
      const char *value = dafu_draft_get_value (self->draft, placeholder);
      g_autofree char *title = g_strdup_printf ("{%s}", placeholder);

      if (entry == NULL)
        {
          entry = ADW_ENTRY_ROW (adw_entry_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
          gtk_editable_set_enable_undo (GTK_EDITABLE (entry), FALSE);
          g_object_set_data_full (G_OBJECT (entry), "placeholder", g_strdup (placeholder), g_free);
          g_signal_connect (entry, "changed", G_CALLBACK (on_value_row_changed_cb), self);
          adw_preferences_group_add (self->values_group, GTK_WIDGET (entry));
          g_hash_table_insert (self->value_rows, g_strdup (placeholder), entry);
        }

      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), value != NULL ? value : "") != 0)
        {
          self->updating++;
          gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
          self->updating--;
        }
      gtk_widget_set_sensitive (GTK_WIDGET (entry), is_editable (self));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->values_group), names->len > 0);
}

/* ------------------------------------------------------------------ *
 * Fields and points
 * ------------------------------------------------------------------ */

static guint
choice_of (const char * const *choices,
           guint               n_choices,
           const char         *value)
{
  for (guint i = 1; value != NULL && i < n_choices; i++)
    if (g_ascii_strncasecmp (value, choices[i], strlen (choices[i])) == 0)
      return i;
  return 0;
}

static void
set_entry (AdwEntryRow *row,
           const char  *value)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value != NULL ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
update_field_row (DafuDraftEditor *self,
                  DafuLetterField  field)
{
  const char *value = self->draft != NULL ? dafu_draft_get_field (self->draft, field) : NULL;

  self->updating++;
  if (field == DAFU_LETTER_FIELD_CATEGORY)
    adw_combo_row_set_selected (self->category_row, choice_of (categories, G_N_ELEMENTS (categories), value));
  else if (field == DAFU_LETTER_FIELD_KIND)
    adw_combo_row_set_selected (self->kind_row, choice_of (kinds, G_N_ELEMENTS (kinds), value));
  else if (field < DAFU_LETTER_N_FIELDS && self->field_rows[field] != NULL)
    set_entry (self->field_rows[field], value);
  self->updating--;
}

/* "市九届人大四次会议 · 第 88 号 · 王丽": what each group holds, closed. */
static void
update_summaries (DafuDraftEditor *self)
{
  static const DafuLetterField suggestion[] = {
    DAFU_LETTER_FIELD_SESSION, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, DAFU_LETTER_FIELD_ADDRESSEE,
  };
  static const DafuLetterField reply[] = {
    DAFU_LETTER_FIELD_ISSUER, DAFU_LETTER_FIELD_DOC_NUMBER, DAFU_LETTER_FIELD_DATE,
  };
  static const DafuLetterField contact[] = {
    DAFU_LETTER_FIELD_CONTACT, DAFU_LETTER_FIELD_CONTACT_PHONE,
  };
  const struct {
    AdwExpanderRow        *row;
    const DafuLetterField *fields;
    guint                  n;
  } groups[] = {
    { self->suggestion_expander, suggestion, G_N_ELEMENTS (suggestion) },
    { self->reply_expander, reply, G_N_ELEMENTS (reply) },
    { self->contact_expander, contact, G_N_ELEMENTS (contact) },
  };

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autoptr(GString) summary = g_string_new (NULL);

      for (guint i = 0; self->draft != NULL && i < groups[g].n; i++)
        {
          const char *value = dafu_draft_get_field (self->draft, groups[g].fields[i]);

          if (value == NULL || *value == '\0')
            continue;
          if (summary->len > 0)
            g_string_append (summary, " · ");
          if (groups[g].fields[i] == DAFU_LETTER_FIELD_SUGGESTION_NUMBER)
            /* Translators: a suggestion's number, as in "Suggestion No. 88" */
            g_string_append_printf (summary, _("No. %s"), value);
          else
            g_string_append (summary, value);
        }
      adw_expander_row_set_subtitle (groups[g].row, summary->len > 0 ? summary->str : _("Not filled in yet"));
    }
}

static void
on_field_changed_cb (DafuDraftEditor *self,
                     guint            field)
{
  if (self->updating == 0)
    update_field_row (self, field);
  update_summaries (self);
}

static void
on_field_row_changed_cb (AdwEntryRow     *row,
                         DafuDraftEditor *self)
{
  DafuLetterField field = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "field"));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  if (*text != '\0' && !dafu_letter_field_is_valid (field, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), NULL);
    }

  if (self->updating > 0 || !is_editable (self))
    return;
  self->updating++;
  dafu_draft_set_field (self->draft, field, *text != '\0' ? text : NULL);
  self->updating--;
}

static void
on_choice_changed_cb (AdwComboRow     *row,
                      GParamSpec      *pspec,
                      DafuDraftEditor *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating > 0 || !is_editable (self))
    return;

  self->updating++;
  if (row == self->category_row)
    dafu_draft_set_field (self->draft, DAFU_LETTER_FIELD_CATEGORY,
                          selected < G_N_ELEMENTS (categories) ? categories[selected] : NULL);
  else
    dafu_draft_set_field (self->draft, DAFU_LETTER_FIELD_KIND,
                          selected < G_N_ELEMENTS (kinds) ? kinds[selected] : NULL);
  dafu_draft_break_undo_group (self->draft);
  self->updating--;
}

static void
update_points (DafuDraftEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->points_view);
  const char *points = self->draft != NULL ? dafu_draft_get_points (self->draft) : NULL;
  g_autofree char *text = text_view_text (self->points_view);

  if (g_strcmp0 (text, points != NULL ? points : "") == 0)
    return;
  self->updating++;
  gtk_text_buffer_set_text (buffer, points != NULL ? points : "", -1);
  self->updating--;
}

static void
on_points_changed_cb (GtkTextBuffer   *buffer,
                      DafuDraftEditor *self)
{
  g_autofree char *text = NULL;

  if (self->updating > 0 || !is_editable (self))
    return;
  text = text_view_text (self->points_view);
  self->updating++;
  dafu_draft_set_points (self->draft, *text != '\0' ? text : NULL);
  self->updating--;
}

/* Leaving an entry ends its undo step. */
static void
on_focus_leave_cb (GtkEventControllerFocus *controller,
                   DafuDraftEditor         *self)
{
  if (self->draft != NULL)
    dafu_draft_break_undo_group (self->draft);
}

/* The cursor in a field: clauses go where the draft suggests again. */
static void
on_fields_focus_enter_cb (GtkEventControllerFocus *controller,
                          DafuDraftEditor         *self)
{
  g_clear_object (&self->last_block);
}

/* ------------------------------------------------------------------ *
 * Paragraphs
 * ------------------------------------------------------------------ */

static void
on_block_focus_enter_cb (GtkEventControllerFocus *controller,
                         DafuBlockRow            *row)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (gtk_widget_get_ancestor (GTK_WIDGET (row), DAFU_TYPE_DRAFT_EDITOR));

  if (self != NULL)
    g_set_object (&self->last_block, dafu_block_row_get_block (row));
}

static GtkWidget *
create_block_row (gpointer item,
                  gpointer user_data)
{
  DafuDraftEditor *self = user_data;
  GtkWidget *row = dafu_block_row_new (self->draft, item);
  GtkEventController *focus = gtk_event_controller_focus_new ();

  dafu_block_row_set_values (DAFU_BLOCK_ROW (row), self->values);
  dafu_block_row_set_editable (DAFU_BLOCK_ROW (row), is_editable (self));
  g_signal_connect_object (focus, "enter", G_CALLBACK (on_block_focus_enter_cb), row, 0);
  gtk_widget_add_controller (GTK_WIDGET (dafu_block_row_get_text_view (DAFU_BLOCK_ROW (row))), focus);
  return row;
}

static void
update_block_rows (DafuDraftEditor *self)
{
  gboolean editable = is_editable (self);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->blocks_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DAFU_IS_BLOCK_ROW (child))
      dafu_block_row_set_editable (DAFU_BLOCK_ROW (child), editable);
}

/* After the list box made its rows: the rows' places changed. */
static void
on_blocks_changed_cb (DafuDraftEditor *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->blocks_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (DAFU_IS_BLOCK_ROW (child))
      dafu_block_row_update_actions (DAFU_BLOCK_ROW (child));

  if (self->last_block != NULL && self->draft != NULL &&
      dafu_draft_find_block (self->draft, self->last_block) == G_MAXUINT)
    g_clear_object (&self->last_block);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->doc_scrolled);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->doc_scrolled);
  GtkWidget *content = viewport != NULL ? gtk_viewport_get_child (GTK_VIEWPORT (viewport)) : NULL;
  DafuBlockRow *row = NULL;
  graphene_point_t point;
  double top, height, value, page;

  /* Let the new row be laid out first. */
  if (self->scroll_frames-- > 0)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;

  if (self->draft != NULL && self->scroll_block != NULL)
    {
      guint position = dafu_draft_find_block (self->draft, self->scroll_block);

      if (position != G_MAXUINT)
        row = dafu_draft_editor_get_block_row (self, position);
    }
  g_clear_object (&self->scroll_block);
  if (row == NULL || content == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (row), content, &GRAPHENE_POINT_INIT (0, 0), &point))
    return G_SOURCE_REMOVE;

  top = point.y;
  height = gtk_widget_get_height (GTK_WIDGET (row));
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (top < value || top + height > value + page)
    gtk_adjustment_set_value (adjustment, MAX (0, top - MAX (24, (page - height) / 3)));

  gtk_widget_add_css_class (GTK_WIDGET (row), "block-new");
  return G_SOURCE_REMOVE;
}

static void
scroll_to_block (DafuDraftEditor *self,
                 DafuDraftBlock  *block)
{
  g_set_object (&self->scroll_block, block);
  self->scroll_frames = 2;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

/* ------------------------------------------------------------------ *
 * Checks
 * ------------------------------------------------------------------ */

static const char *
issue_place (DafuDraftEditor      *self,
             const DafuCheckIssue *issue,
             char                **owned)
{
  DafuDraftBlock *block;

  if (issue->block < 0 || self->draft == NULL || (guint) issue->block >= dafu_draft_get_n_blocks (self->draft))
    {
      if (issue->kind == DAFU_CHECK_UNANSWERED_POINT)
        return _("Points of the Suggestion");
      return _("Fields");
    }

  block = dafu_draft_get_block (self->draft, issue->block);
  /* Translators: where a check found something: a paragraph's number and kind */
  *owned = g_strdup_printf (_("Paragraph %d · %s"), issue->block + 1,
                            dafu_block_kind_get_label (dafu_draft_block_get_kind (block)));
  return *owned;
}

static void
update_badge (DafuDraftEditor *self)
{
  guint n = self->issues != NULL ? self->issues->len : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *title = NULL;

  gtk_widget_set_visible (self->checks_scrolled, n > 0);
  gtk_widget_set_visible (self->checks_none_label, n == 0);

  if (n == 0)
    {
      gtk_label_set_label (self->checks_badge, "✓");
      gtk_widget_remove_css_class (GTK_WIDGET (self->checks_badge), "checks-some");
      gtk_widget_add_css_class (GTK_WIDGET (self->checks_badge), "checks-none");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->checks_button), _("Checks: nothing found"));
      gtk_label_set_label (self->checks_title, _("Nothing to Correct"));
      return;
    }

  gtk_label_set_label (self->checks_badge, count);
  gtk_widget_remove_css_class (GTK_WIDGET (self->checks_badge), "checks-none");
  gtk_widget_add_css_class (GTK_WIDGET (self->checks_badge), "checks-some");
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Thing to Check", "%u Things to Check", n), n);
  gtk_label_set_label (self->checks_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->checks_button), title);
}

static GtkWidget *
issue_row (DafuDraftEditor      *self,
           const DafuCheckIssue *issue,
           guint                 index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *message = gtk_label_new (issue->message);
  g_autofree char *owned = NULL;
  GtkWidget *place = gtk_label_new (issue_place (self, issue, &owned));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "warning");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (place), 0);
  gtk_widget_add_css_class (place, "caption");
  gtk_widget_add_css_class (place, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);

  gtk_box_append (GTK_BOX (labels), message);
  gtk_box_append (GTK_BOX (labels), place);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "issue", GUINT_TO_POINTER (index));
  return row;
}

static void
show_issues (DafuDraftEditor *self)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);

  for (guint i = 0; self->issues != NULL && i < self->issues->len; i++)
    gtk_list_box_append (self->checks_list, issue_row (self, g_ptr_array_index (self->issues, i), i));

  update_badge (self);
}

/**
 * dafu_draft_editor_check_now:
 * @self: a #DafuDraftEditor
 *
 * Runs the checks at once (they otherwise run 300 ms after a change) and
 * shows what they found; also refreshes the entries for other
 * placeholders.
 */
void
dafu_draft_editor_check_now (DafuDraftEditor *self)
{
  guint before;

  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));

  g_clear_handle_id (&self->check_id, g_source_remove);
  before = self->issues != NULL ? self->issues->len : 0;
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  if (self->draft != NULL)
    self->issues = dafu_draft_check (self->draft);
  show_issues (self);
  update_value_rows (self);

  if (before != (self->issues != NULL ? self->issues->len : 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ISSUES]);
}

static gboolean
check_timeout_cb (gpointer user_data)
{
  DafuDraftEditor *self = user_data;

  self->check_id = 0;
  dafu_draft_editor_check_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_check (DafuDraftEditor *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  self->check_id = g_timeout_add (CHECK_DELAY_MS, check_timeout_cb, self);
}

static void
focus_field (DafuDraftEditor *self,
             DafuLetterField  field)
{
  GtkWidget *widget;

  if (field == DAFU_LETTER_FIELD_CATEGORY)
    widget = GTK_WIDGET (self->category_row);
  else
    widget = GTK_WIDGET (self->field_rows[field]);
  if (widget == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (widget, ADW_TYPE_EXPANDER_ROW)),
                                 TRUE);
  gtk_widget_grab_focus (widget);
}

/**
 * dafu_draft_editor_show_issue:
 * @self: a #DafuDraftEditor
 * @index: an index into dafu_draft_editor_get_issues()
 *
 * Goes to what the check found: the paragraph, with the faulty text
 * selected when its offsets can be trusted (no placeholder before it,
 * whose value would shift them), or the field.
 */
void
dafu_draft_editor_show_issue (DafuDraftEditor *self,
                              guint            index)
{
  const DafuCheckIssue *issue;

  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));

  if (self->issues == NULL || index >= self->issues->len || self->draft == NULL)
    return;
  issue = g_ptr_array_index (self->issues, index);

  if (issue->block >= 0)
    {
      DafuBlockRow *row = dafu_draft_editor_get_block_row (self, issue->block);
      g_autoptr(GPtrArray) placeholders = NULL;
      gboolean aligned = issue->end > issue->start;

      if (row == NULL)
        return;
      placeholders = dafu_placeholders_find (dafu_draft_block_get_text (dafu_block_row_get_block (row)));
      for (guint i = 0; i < placeholders->len; i++)
        if (((DafuPlaceholder *) g_ptr_array_index (placeholders, i))->start < issue->end)
          aligned = FALSE;

      if (aligned)
        dafu_block_row_select_range (row, issue->start, issue->end);
      else
        dafu_block_row_focus (row);
      return;
    }

  switch (issue->kind)
    {
    case DAFU_CHECK_DOC_NUMBER_BRACKETS:
    case DAFU_CHECK_DOC_NUMBER_YEAR:
      focus_field (self, DAFU_LETTER_FIELD_DOC_NUMBER);
      break;
    case DAFU_CHECK_DATE_FORMAT:
      focus_field (self, DAFU_LETTER_FIELD_DATE);
      break;
    case DAFU_CHECK_CATEGORY_WORDING:
      focus_field (self, DAFU_LETTER_FIELD_CATEGORY);
      break;
    case DAFU_CHECK_PERSONAL_DATA:
    case DAFU_CHECK_DEPUTY_PHONE:
      focus_field (self, DAFU_LETTER_FIELD_CONTACT_PHONE);
      break;
    case DAFU_CHECK_UNANSWERED_POINT:
      gtk_widget_grab_focus (GTK_WIDGET (self->points_view));
      break;
    case DAFU_CHECK_UNFILLED_PLACEHOLDER:
    default:
      if (gtk_widget_get_visible (GTK_WIDGET (self->values_group)))
        gtk_widget_child_focus (GTK_WIDGET (self->values_group), GTK_DIR_TAB_FORWARD);
      break;
    }
}

static void
on_checks_list_row_activated_cb (DafuDraftEditor *self,
                                 GtkListBoxRow   *row)
{
  dafu_draft_editor_show_issue (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "issue")));
}

/* ------------------------------------------------------------------ *
 * The header
 * ------------------------------------------------------------------ */

/**
 * dafu_draft_editor_dup_save_state:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer full): what the header says of the draft's saving:
 *   "Saving…", "Saved", "Not saved", "Final", or an empty string with no
 *   draft
 */
char *
dafu_draft_editor_dup_save_state (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);

  if (self->draft == NULL)
    return g_strdup ("");
  if (self->busy)
    return g_strdup (_("Finalizing…"));
  if (dafu_draft_get_state (self->draft) == DAFU_DRAFT_STATE_FINAL)
    return g_strdup (_("Final"));
  if (self->autosave == NULL)
    return g_strdup ("");
  if (dafu_autosave_get_error (self->autosave) != NULL)
    return g_strdup (_("Not saved"));
  if (dafu_autosave_get_saving (self->autosave) || dafu_autosave_is_dirty (self->autosave))
    return g_strdup (_("Saving…"));
  return g_strdup (_("Saved"));
}

static void
update_header (DafuDraftEditor *self)
{
  g_autofree char *title = self->draft != NULL ? dafu_draft_dup_display_title (self->draft) : NULL;
  g_autofree char *state = dafu_draft_editor_dup_save_state (self);

  adw_window_title_set_title (self->window_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->window_title, state);
}

static gboolean
header_idle_cb (gpointer user_data)
{
  DafuDraftEditor *self = user_data;

  self->header_id = 0;
  update_header (self);
  return G_SOURCE_REMOVE;
}

static void
on_autosave_notify_cb (DafuDraftEditor *self)
{
  const GError *error = self->autosave != NULL ? dafu_autosave_get_error (self->autosave) : NULL;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be saved, and will be tried again: %s"),
                                               error->message);
      gtk_label_set_label (self->error_label, text);
    }
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
  update_header (self);
  /* "saving" turns false before the autosave counts the write as done:
   * look again once it has. */
  if (self->header_id == 0)
    self->header_id = g_idle_add (header_idle_cb, self);
}

static void
update_final (DafuDraftEditor *self)
{
  gboolean final = self->draft != NULL && dafu_draft_get_state (self->draft) == DAFU_DRAFT_STATE_FINAL;

  if (final)
    {
      const char *number = dafu_draft_get_field (self->draft, DAFU_LETTER_FIELD_DOC_NUMBER);
      g_autofree char *text = NULL;

      if (number != NULL && *number != '\0')
        /* Translators: the 文号 of a finalized reply */
        text = g_strdup_printf (_("This reply is final, as %s, and in the library. Duplicate it to write a new version."),
                                number);
      else
        text = g_strdup (_("This reply is final and in the library. Duplicate it to write a new version."));
      gtk_label_set_label (self->final_label, text);
    }
  gtk_revealer_set_reveal_child (self->final_revealer, final);
}

static void
apply_editable (DafuDraftEditor *self)
{
  gboolean editable = is_editable (self);

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    gtk_editable_set_editable (GTK_EDITABLE (self->field_rows[entry_fields[i].field]), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->category_row), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), editable);
  gtk_text_view_set_editable (self->points_view, editable);
  gtk_text_view_set_cursor_visible (self->points_view, editable);
  update_block_rows (self);
  dafu_clause_pane_set_editable (self->clause_pane, editable);
  update_final (self);
  update_actions (self);
}

static void
update_actions (DafuDraftEditor *self)
{
  gboolean has = self->draft != NULL;
  gboolean editable = is_editable (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.undo", editable && dafu_draft_can_undo (self->draft));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.redo", editable && dafu_draft_can_redo (self->draft));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.export-text", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.toggle-preview", has);
  dafu_draft_editor_update_layout_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.copy-text", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.finalize", editable && self->library != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.propose-number", editable && self->library != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.add-paragraph", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.toggle-clauses", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.toggle-checks", has);
}

/* ------------------------------------------------------------------ *
 * The draft's signals
 * ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ *
 * The preview
 * ------------------------------------------------------------------ */

#define PREVIEW_DELAY_MS 600

static gboolean
previewing (DafuDraftEditor *self)
{
  return gtk_toggle_button_get_active (self->preview_button);
}

static void
update_preview (DafuDraftEditor *self)
{
  g_autoptr(DafuDocument) document = NULL;

  g_clear_handle_id (&self->preview_id, g_source_remove);
  if (self->draft != NULL && previewing (self))
    document = dafu_draft_editor_preview_document (self->draft);
  dafu_layout_preview_set_document (self->preview, document);
}

static gboolean
preview_timeout_cb (gpointer user_data)
{
  DafuDraftEditor *self = user_data;

  self->preview_id = 0;
  update_preview (self);
  return G_SOURCE_REMOVE;
}

/* The layout follows the text after a pause in the typing (on a worker:
 * see DafuLayoutPreview). */
static void
schedule_preview (DafuDraftEditor *self)
{
  if (!previewing (self))
    return;
  g_clear_handle_id (&self->preview_id, g_source_remove);
  self->preview_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static void
on_preview_toggled_cb (DafuDraftEditor *self)
{
  gboolean on = previewing (self);

  gtk_stack_set_visible_child_name (self->doc_stack, on ? "preview" : "edit");
  update_preview (self);
}

static void
toggle_preview_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);

  gtk_toggle_button_set_active (self->preview_button, !previewing (self));
}

static void
on_draft_changed_cb (DafuDraftEditor *self)
{
  update_values (self);
  if (self->updating == 0)
    update_points (self);
  update_header (self);
  schedule_check (self);
  schedule_preview (self);
}

/* ------------------------------------------------------------------ *
 * Inserting clauses
 * ------------------------------------------------------------------ */

/**
 * dafu_draft_editor_insert_clause:
 * @self: a #DafuDraftEditor
 * @clause: a clause from the library
 *
 * Inserts @clause after the paragraph the cursor is in, else where the
 * draft suggests for its kind (dafu_draft_suggest_position()), counts its
 * use and brings it into view. The cursor's place moves past it, so that
 * clauses inserted one after the other follow each other.
 *
 * Returns: the new paragraph's position, or %G_MAXUINT when the draft
 *   cannot be changed
 */
guint
dafu_draft_editor_insert_clause (DafuDraftEditor *self,
                                 DafuClause      *clause)
{
  guint position = G_MAXUINT;
  DafuDraftBlock *block;

  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), G_MAXUINT);
  g_return_val_if_fail (DAFU_IS_CLAUSE (clause), G_MAXUINT);

  if (!is_editable (self))
    return G_MAXUINT;

  if (self->last_block != NULL)
    {
      position = dafu_draft_find_block (self->draft, self->last_block);
      if (position != G_MAXUINT)
        position++;
    }

  dafu_draft_break_undo_group (self->draft);
  position = dafu_draft_insert_clause (self->draft, position, clause);
  dafu_draft_break_undo_group (self->draft);

  block = dafu_draft_get_block (self->draft, position);
  if (self->last_block != NULL)
    g_set_object (&self->last_block, block);
  dafu_clause_pane_note_used (self->clause_pane, clause);
  scroll_to_block (self, block);

  /* Narrow, the pane covers the letter: show where the clause went. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);

  return position;
}

static void
on_clause_pane_insert_clause_cb (DafuDraftEditor *self,
                                 DafuClause      *clause)
{
  dafu_draft_editor_insert_clause (self, clause);
}

/* ------------------------------------------------------------------ *
 * Export and copy
 * ------------------------------------------------------------------ */

typedef enum {
  OUTPUT_EXPORT,
  OUTPUT_COPY,
} Output;

static char *
file_name (DafuDraftEditor *self)
{
  g_autofree char *title = dafu_draft_dup_display_title (self->draft);
  g_autofree char *name = g_strdup_printf ("%s.txt", title != NULL && *title != '\0' ? title : _("Reply"));

  return g_strdelimit (g_steal_pointer (&name), "/\\:*?\"<>|\n", '_');
}

static void
on_text_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(DafuDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = g_file_get_parse_name (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: the file, then why it could not be written */
      text = g_strdup_printf (_("Could not export the reply to %s: %s"), where, error->message);
    }
  else
    /* Translators: the file the reply was written to */
    text = g_strdup_printf (_("Reply saved to %s"), where);
  show_toast (self, text);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        DafuDraftEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL || self->draft == NULL)
    return;

  text = dafu_draft_render_text (self->draft, NULL);
  if (text == NULL)
    text = g_strdup ("");
  if (!g_str_has_suffix (text, "\n"))
    {
      char *ended = g_strconcat (text, "\n", NULL);
      g_free (text);
      text = ended;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_text_written_cb, g_object_ref (self));
}

static void
export_text (DafuDraftEditor *self)
{
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export the Reply as Text"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  name = file_name (self);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Text Files"));
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
copy_text (DafuDraftEditor *self)
{
  g_autofree char *text = dafu_draft_render_text (self->draft, NULL);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text != NULL ? text : "");
  show_toast (self, _("Reply copied"));
}

static void
output (DafuDraftEditor *self,
        Output           what)
{
  if (what == OUTPUT_EXPORT)
    export_text (self);
  else
    copy_text (self);
}

static void
on_unfilled_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         DafuDraftEditor  *self)
{
  if (g_str_equal (response, "go") && self->draft != NULL)
    output (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "output")));
}

/* An unfilled placeholder is never exported silently: ask first. */
static void
output_checked (DafuDraftEditor *self,
                Output           what)
{
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->draft == NULL)
    return;

  text = dafu_draft_render_text (self->draft, &unfilled);
  if (unfilled == NULL || unfilled->len == 0)
    {
      output (self, what);
      return;
    }

  names = names_list (unfilled);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s has no value yet and would stay in the text as it is.",
                                       "%s have no value yet and would stay in the text as they are.",
                                       unfilled->len),
                          names);
  dialog = adw_message_dialog_new (parent_window (self), _("Placeholders Are Not Filled In"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "go", what == OUTPUT_EXPORT ? _("_Export Anyway") : _("C_opy Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "output", GUINT_TO_POINTER (what));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unfilled_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ *
 * Finalizing
 * ------------------------------------------------------------------ */

static void
set_busy (DafuDraftEditor *self,
          gboolean         busy)
{
  self->busy = busy;
  apply_editable (self);
  update_header (self);
}

static void
on_finalized_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DafuDraftEditor) self = user_data;
  g_autoptr(DafuDraft) finalized = NULL;
  g_autoptr(GError) error = NULL;
  gint64 letter_id;

  letter_id = dafu_library_finalize_draft_finish (DAFU_LIBRARY (object), result, &finalized, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (letter_id <= 0 || finalized == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The reply could not be finalized: %s"),
                                               error != NULL ? error->message : _("unknown error"));
      show_toast (self, text);
      /* Still a draft: keep saving it. */
      start_autosave (self);
      return;
    }

  /* The final draft is shown as it is now, read-only and not saved. */
  dafu_draft_editor_set_draft (self, finalized);
  g_signal_emit (self, signals[FINALIZED], 0, finalized, letter_id);
}

static void
on_released_for_finalize_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(DafuDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, FALSE);
          show_toast (self, error->message);
          start_autosave (self);
        }
      return;
    }

  dafu_library_finalize_draft_async (self->library, self->draft, self->cancellable,
                                     on_finalized_cb, g_object_ref (self));
}

static void release_autosave_async (DafuDraftEditor     *self,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);

static void
on_finalize_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         DafuDraftEditor  *self)
{
  if (!g_str_equal (response, "finalize") || !is_editable (self) || self->library == NULL)
    return;

  /* The autosave's last write must be in before the draft turns final,
   * or it would land after and make it a draft again. */
  set_busy (self, TRUE);
  release_autosave_async (self, on_released_for_finalize_cb, g_object_ref (self));
}

static void
finalize_draft (DafuDraftEditor *self)
{
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = NULL;
  const char *number;
  GtkWidget *dialog;

  if (!is_editable (self))
    return;

  text = dafu_draft_render_text (self->draft, &unfilled);
  if (unfilled != NULL && unfilled->len > 0)
    {
      g_autofree char *names = names_list (unfilled);

      body = g_strdup_printf (_("A final reply has no placeholders left. Fill in %s first."), names);
      dialog = adw_message_dialog_new (parent_window (self), _("Not Ready to Finalize"), body);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  number = dafu_draft_get_field (self->draft, DAFU_LETTER_FIELD_DOC_NUMBER);
  if (number != NULL && *number != '\0')
    body = g_strdup_printf (_("The number %s will be reserved and the reply added to the library, where it can be searched and compared. A final reply can no longer be changed."),
                            number);
  else
    body = g_strdup (_("The reply will be added to the library, where it can be searched and compared. A final reply can no longer be changed."));

  dialog = adw_message_dialog_new (parent_window (self), _("Finalize the Reply?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "finalize", _("_Finalize"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "finalize", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "finalize");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_finalize_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ *
 * Autosave
 * ------------------------------------------------------------------ */

static void
start_autosave (DafuDraftEditor *self)
{
  if (self->autosave != NULL || self->library == NULL || !is_editable (self))
    return;

  self->autosave = dafu_autosave_new (self->library, self->draft);
  g_signal_connect_object (self->autosave, "notify::saving", G_CALLBACK (on_autosave_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->autosave, "notify::error", G_CALLBACK (on_autosave_notify_cb), self,
                           G_CONNECT_SWAPPED);
  on_autosave_notify_cb (self);
}

/* Waiting for a closed autosave's last write. Its "saving" goes false and
 * may go true again in the same call (a write was running when it was
 * closed); an idle sees how it ended. */
typedef struct {
  DafuAutosave *autosave;
  GTask        *task;
  gulong        handler;
  guint         idle;
} Release;

static void
release_free (Release *release)
{
  g_clear_signal_handler (&release->handler, release->autosave);
  g_clear_handle_id (&release->idle, g_source_remove);
  g_clear_object (&release->autosave);
  g_clear_object (&release->task);
  g_free (release);
}

static gboolean
release_idle_cb (gpointer user_data)
{
  Release *release = user_data;

  release->idle = 0;
  if (dafu_autosave_get_saving (release->autosave))
    return G_SOURCE_REMOVE;

  {
    const GError *error = dafu_autosave_get_error (release->autosave);
    GTask *task = g_steal_pointer (&release->task);

    if (error != NULL)
      g_task_return_error (task, g_error_copy (error));
    else
      g_task_return_boolean (task, TRUE);
    g_object_unref (task);
  }
  release_free (release);
  return G_SOURCE_REMOVE;
}

static void
on_release_saving_cb (DafuAutosave *autosave,
                      GParamSpec   *pspec,
                      Release      *release)
{
  if (!dafu_autosave_get_saving (autosave) && release->idle == 0)
    release->idle = g_idle_add (release_idle_cb, release);
}

/* Closes the autosave (its last write clears the editing mark) and
 * returns once that write is in the database. */
static void
release_autosave_async (DafuDraftEditor     *self,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  Release *release;

  g_task_set_source_tag (task, release_autosave_async);
  if (self->autosave == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  g_signal_handlers_disconnect_by_data (self->autosave, self);
  dafu_autosave_close (self->autosave);

  release = g_new0 (Release, 1);
  release->autosave = g_steal_pointer (&self->autosave);
  release->task = task;
  release->handler = g_signal_connect (release->autosave, "notify::saving",
                                       G_CALLBACK (on_release_saving_cb), release);
  on_release_saving_cb (release->autosave, NULL, release);
  update_header (self);
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);

  if (is_editable (self))
    dafu_draft_undo (self->draft);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);

  if (is_editable (self))
    dafu_draft_redo (self->draft);
}

static void
export_text_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  output_checked (DAFU_DRAFT_EDITOR (widget), OUTPUT_EXPORT);
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  output_checked (DAFU_DRAFT_EDITOR (widget), OUTPUT_COPY);
}

static void
finalize_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  finalize_draft (DAFU_DRAFT_EDITOR (widget));
}

static void
toggle_clauses_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);
  gboolean reveal = !gtk_toggle_button_get_active (self->clauses_button);

  gtk_toggle_button_set_active (self->clauses_button, reveal);
  if (reveal)
    dafu_clause_pane_focus_search (self->clause_pane);
}

static void
toggle_checks_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);

  gtk_toggle_button_set_active (self->checks_button, !gtk_toggle_button_get_active (self->checks_button));
}

static void
on_number_proposed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(DafuDraftEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  number = dafu_library_propose_doc_number_finish (DAFU_LIBRARY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (number == NULL)
    {
      show_toast (self, error != NULL ? error->message : _("No number could be proposed."));
      return;
    }
  if (!is_editable (self))
    return;

  dafu_draft_break_undo_group (self->draft);
  dafu_draft_set_field (self->draft, DAFU_LETTER_FIELD_DOC_NUMBER, number);
  dafu_draft_break_undo_group (self->draft);
}

static void
propose_number_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);
  const char *doc_number, *issuer;
  g_autofree char *prefix = NULL;
  int year = 0;
  guint number = 0;

  if (!is_editable (self) || self->library == NULL)
    return;

  doc_number = dafu_draft_get_field (self->draft, DAFU_LETTER_FIELD_DOC_NUMBER);
  issuer = dafu_draft_get_field (self->draft, DAFU_LETTER_FIELD_ISSUER);
  if (doc_number == NULL || !dafu_doc_number_split (doc_number, &prefix, &year, &number) ||
      prefix == NULL || *prefix == '\0')
    {
      g_clear_pointer (&prefix, g_free);
      year = 0;
    }
  if (prefix == NULL && (issuer == NULL || *issuer == '\0'))
    {
      show_toast (self, _("Fill in the issuing office first: the number follows its prefix."));
      focus_field (self, DAFU_LETTER_FIELD_ISSUER);
      return;
    }

  dafu_library_propose_doc_number_async (self->library, prefix != NULL ? prefix : issuer,
                                         draft_year (self->draft), self->cancellable,
                                         on_number_proposed_cb, g_object_ref (self));
}

static void
add_paragraph_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (widget);
  g_autoptr(DafuDraftBlock) block = NULL;
  guint position;
  DafuBlockRow *row;

  if (!is_editable (self))
    return;

  /* After the cursor's paragraph, else before the closing. */
  position = self->last_block != NULL ? dafu_draft_find_block (self->draft, self->last_block) : G_MAXUINT;
  if (position != G_MAXUINT)
    position++;
  else
    position = dafu_draft_suggest_position (self->draft, DAFU_BLOCK_KIND_MEASURE);

  block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "");
  dafu_draft_break_undo_group (self->draft);
  dafu_draft_insert_block (self->draft, position, block);
  dafu_draft_break_undo_group (self->draft);

  row = dafu_draft_editor_get_block_row (self, dafu_draft_find_block (self->draft, block));
  if (row != NULL)
    dafu_block_row_focus (row);
}

/* ------------------------------------------------------------------ *
 * Closing
 * ------------------------------------------------------------------ */

static void
unbind_draft (DafuDraftEditor *self)
{
  if (self->draft == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->draft, self);
  g_signal_handlers_disconnect_by_data (dafu_draft_get_blocks (self->draft), self);
  gtk_list_box_bind_model (self->blocks_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->draft);
  g_clear_object (&self->last_block);
  g_clear_object (&self->scroll_block);
  g_clear_handle_id (&self->check_id, g_source_remove);
}

static void
on_close_released_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * dafu_draft_editor_close_async:
 * @self: a #DafuDraftEditor
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the draft's last changes are in the library
 * @user_data: data for @callback
 *
 * Lets the draft go (the editor shows none) and writes what is left of it,
 * clearing its editing mark; @callback runs once that write is in the
 * database, so that the draft can then be trashed or finalized safely.
 */
void
dafu_draft_editor_close_async (DafuDraftEditor     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dafu_draft_editor_close_async);
  release_autosave_async (self, on_close_released_cb, task);
  dafu_draft_editor_set_draft (self, NULL);
}

/**
 * dafu_draft_editor_close_finish:
 * @self: a #DafuDraftEditor
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the draft's last write is in the library
 */
gboolean
dafu_draft_editor_close_finish (DafuDraftEditor  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

static void
dafu_draft_editor_dispose (GObject *object)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->header_id, g_source_remove);
  g_clear_handle_id (&self->preview_id, g_source_remove);
  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
      self->scroll_tick = 0;
    }
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  /* The last changes are written in the background (the application
   * waits for them). */
  if (self->autosave != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->autosave, self);
      dafu_autosave_close (self->autosave);
      g_clear_object (&self->autosave);
    }
  unbind_draft (self);
  g_clear_object (&self->library);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_DRAFT_EDITOR);

  G_OBJECT_CLASS (dafu_draft_editor_parent_class)->dispose (object);
}

static void
dafu_draft_editor_finalize (GObject *object)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->value_rows, g_hash_table_unref);
  g_clear_pointer (&self->issues, g_ptr_array_unref);

  G_OBJECT_CLASS (dafu_draft_editor_parent_class)->finalize (object);
}

static void
dafu_draft_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_N_ISSUES:
      g_value_set_uint (value, dafu_draft_editor_get_n_issues (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_draft_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DafuDraftEditor *self = DAFU_DRAFT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      dafu_draft_editor_set_draft (self, g_value_get_object (value));
      break;
    case PROP_FOLDED:
      dafu_draft_editor_set_folded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_draft_editor_class_init (DafuDraftEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_draft_editor_dispose;
  object_class->finalize = dafu_draft_editor_finalize;
  object_class->get_property = dafu_draft_editor_get_property;
  object_class->set_property = dafu_draft_editor_set_property;

  /**
   * DafuDraftEditor:draft:
   *
   * The draft being edited, or %NULL.
   */
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, DAFU_TYPE_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuDraftEditor:folded:
   *
   * Whether the editor is alone on screen (its list folded away): it then
   * shows a Back button and the window's start buttons.
   */
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuDraftEditor:n-issues:
   *
   * How many things the last checks found.
   */
  properties[PROP_N_ISSUES] =
    g_param_spec_uint ("n-issues", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DafuDraftEditor::finalized:
   * @self: the editor
   * @draft: the draft as finalized (final, with its 文号 as reserved)
   * @letter_id: the id of the letter added to the library
   *
   * The draft was finalized; the editor no longer saves it.
   */
  signals[FINALIZED] = g_signal_new ("finalized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, DAFU_TYPE_DRAFT, G_TYPE_INT64);

  g_type_ensure (DAFU_TYPE_CLAUSE_PANE);
  g_type_ensure (DAFU_TYPE_LAYOUT_PREVIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-draft-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, box);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, header_bar);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, back_button);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, history_box);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, preview_button);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, doc_stack);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, clauses_button);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_button);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_badge);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, final_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, final_label);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, flap);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, doc_scrolled);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, doc_box);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, suggestion_expander);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, reply_expander);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, contact_expander);
  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, entry_fields[i].id, FALSE,
                                               G_STRUCT_OFFSET (DafuDraftEditor, field_rows) +
                                               entry_fields[i].field * sizeof (AdwEntryRow *));
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, kind_row);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, points_view);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, values_group);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, blocks_list);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_title);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_list);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_scrolled);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, checks_none_label);
  gtk_widget_class_bind_template_child (widget_class, DafuDraftEditor, clause_pane);
  gtk_widget_class_bind_template_callback (widget_class, on_checks_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clause_pane_insert_clause_cb);

  gtk_widget_class_install_action (widget_class, "draft.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "draft.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "draft.export-text", NULL, export_text_action);
  gtk_widget_class_install_action (widget_class, "draft.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "draft.finalize", NULL, finalize_action);
  gtk_widget_class_install_action (widget_class, "draft.toggle-preview", NULL, toggle_preview_action);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_toggled_cb);
  dafu_draft_editor_install_layout_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "draft.toggle-clauses", NULL, toggle_clauses_action);
  gtk_widget_class_install_action (widget_class, "draft.toggle-checks", NULL, toggle_checks_action);
  gtk_widget_class_install_action (widget_class, "draft.propose-number", NULL, propose_number_action);
  gtk_widget_class_install_action (widget_class, "draft.add-paragraph", NULL, add_paragraph_action);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_named_action_new (action)));
}

static void
watch_focus (DafuDraftEditor *self,
             GtkWidget       *widget,
             gboolean         fields)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave_cb), self);
  if (fields)
    g_signal_connect (focus, "enter", G_CALLBACK (on_fields_focus_enter_cb), self);
  gtk_widget_add_controller (widget, focus);
}

static void
dafu_draft_editor_init (DafuDraftEditor *self)
{
  g_autoptr(GtkStringList) category_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);
  GtkShortcutController *shortcuts;

  self->cancellable = g_cancellable_new ();
  self->value_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (entry_fields); i++)
    {
      AdwEntryRow *row = self->field_rows[entry_fields[i].field];

      g_object_set_data (G_OBJECT (row), "field", GUINT_TO_POINTER (entry_fields[i].field));
      /* The draft keeps the history. */
      gtk_editable_set_enable_undo (GTK_EDITABLE (row), FALSE);
      g_signal_connect (row, "changed", G_CALLBACK (on_field_row_changed_cb), self);
    }

  gtk_string_list_append (category_list, C_("category", "Not Set"));
  gtk_string_list_append (category_list, _("A (solved)"));
  gtk_string_list_append (category_list, _("B (being solved)"));
  gtk_string_list_append (category_list, _("C (for reference)"));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (category_list));
  gtk_string_list_append (kind_list, C_("kind", "Not Set"));
  gtk_string_list_append (kind_list, _("Suggestion"));
  gtk_string_list_append (kind_list, _("Proposal"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_list));
  g_signal_connect (self->category_row, "notify::selected", G_CALLBACK (on_choice_changed_cb), self);
  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (on_choice_changed_cb), self);

  gtk_text_buffer_set_enable_undo (gtk_text_view_get_buffer (self->points_view), FALSE);
  g_signal_connect (gtk_text_view_get_buffer (self->points_view), "changed",
                    G_CALLBACK (on_points_changed_cb), self);

  watch_focus (self, GTK_WIDGET (self->suggestion_expander), TRUE);
  watch_focus (self, GTK_WIDGET (self->reply_expander), TRUE);
  watch_focus (self, GTK_WIDGET (self->contact_expander), TRUE);
  watch_focus (self, GTK_WIDGET (self->points_view), TRUE);
  watch_focus (self, GTK_WIDGET (self->values_group), TRUE);

  g_object_bind_property (self->clauses_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* Before the text views and entries see them: the draft's own history
   * is the one to walk. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_z, GDK_CONTROL_MASK, "draft.undo");
  add_shortcut (shortcuts, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.redo");
  add_shortcut (shortcuts, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.redo");
  add_shortcut (shortcuts, GDK_KEY_y, GDK_CONTROL_MASK, "draft.redo");
  add_shortcut (shortcuts, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.export-text");
  add_shortcut (shortcuts, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.export-text");
  add_shortcut (shortcuts, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.copy-text");
  add_shortcut (shortcuts, GDK_KEY_C, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.copy-text");
  add_shortcut (shortcuts, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.toggle-preview");
  add_shortcut (shortcuts, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "draft.toggle-preview");
  add_shortcut (shortcuts, GDK_KEY_F9, 0, "draft.toggle-clauses");
  add_shortcut (shortcuts, GDK_KEY_l, GDK_CONTROL_MASK, "draft.toggle-clauses");
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  update_summaries (self);
  update_badge (self);
  update_header (self);
  apply_editable (self);
}

/**
 * dafu_draft_editor_new:
 *
 * Returns: (transfer floating): a new editor, with no draft
 */
GtkWidget *
dafu_draft_editor_new (void)
{
  return g_object_new (DAFU_TYPE_DRAFT_EDITOR, NULL);
}

/**
 * dafu_draft_editor_set_library:
 * @self: a #DafuDraftEditor
 * @library: (nullable): where drafts are saved and clauses come from
 */
void
dafu_draft_editor_set_library (DafuDraftEditor *self,
                               DafuLibrary     *library)
{
  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));
  g_return_if_fail (library == NULL || DAFU_IS_LIBRARY (library));

  if (!g_set_object (&self->library, library))
    return;
  dafu_clause_pane_set_library (self->clause_pane, library);
  if (self->draft != NULL)
    start_autosave (self);
  update_actions (self);
}

/**
 * dafu_draft_editor_get_library:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none) (nullable): the library
 */
DafuLibrary *
dafu_draft_editor_get_library (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->library;
}

/**
 * dafu_draft_editor_set_draft:
 * @self: a #DafuDraftEditor
 * @draft: (nullable): the draft to edit, or %NULL for none
 *
 * Edits @draft, saving it as it changes (unless it is final). The draft
 * edited before is let go: its last changes are written and its editing
 * mark cleared, in the background.
 */
void
dafu_draft_editor_set_draft (DafuDraftEditor *self,
                             DafuDraft       *draft)
{
  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));
  g_return_if_fail (draft == NULL || DAFU_IS_DRAFT (draft));

  if (self->draft == draft)
    return;

  if (self->autosave != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->autosave, self);
      dafu_autosave_close (self->autosave);
      g_clear_object (&self->autosave);
    }
  unbind_draft (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);

  if (draft != NULL)
    {
      self->draft = g_object_ref (draft);
      g_signal_connect_object (draft, "changed", G_CALLBACK (on_draft_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (draft, "field-changed", G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (draft, "notify::can-undo", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (draft, "notify::can-redo", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

      for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
        update_field_row (self, field);
      update_points (self);
      g_clear_pointer (&self->values, g_hash_table_unref);
      update_values (self);
      if (self->values == NULL)
        self->values = dafu_draft_dup_values (draft);

      gtk_list_box_bind_model (self->blocks_list, dafu_draft_get_blocks (draft),
                               create_block_row, self, NULL);
      g_signal_connect_object (dafu_draft_get_blocks (draft), "items-changed",
                               G_CALLBACK (on_blocks_changed_cb), self, G_CONNECT_SWAPPED);
      on_blocks_changed_cb (self);
      dafu_clause_pane_set_values (self->clause_pane, self->values);

      /* A new reply opens on its fields; one under way on its letter. */
      adw_expander_row_set_expanded (self->suggestion_expander,
                                     dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE) == NULL);
      adw_expander_row_set_expanded (self->reply_expander,
                                     dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ISSUER) == NULL);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->doc_scrolled), 0);
    }
  else
    {
      for (guint field = 0; field < DAFU_LETTER_N_FIELDS; field++)
        update_field_row (self, field);
      update_points (self);
      g_clear_pointer (&self->values, g_hash_table_unref);
    }

  apply_editable (self);
  start_autosave (self);
  update_summaries (self);
  dafu_draft_editor_check_now (self);
  update_header (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

/**
 * dafu_draft_editor_get_draft:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none) (nullable): the draft edited
 */
DafuDraft *
dafu_draft_editor_get_draft (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->draft;
}

/**
 * dafu_draft_editor_get_autosave:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none) (nullable): what keeps the draft saved, %NULL
 *   for none or a final draft
 */
DafuAutosave *
dafu_draft_editor_get_autosave (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->autosave;
}

gboolean
dafu_draft_editor_get_folded (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), FALSE);
  return self->folded;
}

/**
 * dafu_draft_editor_set_folded:
 * @self: a #DafuDraftEditor
 * @folded: whether the editor is alone on screen
 */
void
dafu_draft_editor_set_folded (DafuDraftEditor *self,
                              gboolean         folded)
{
  g_return_if_fail (DAFU_IS_DRAFT_EDITOR (self));

  folded = !!folded;
  if (self->folded == folded)
    return;
  self->folded = folded;
  gtk_widget_set_visible (self->back_button, folded);
  /* Narrow, Undo, Redo and Preview are in the menu (and on their keys):
   * the header keeps room for the title and the save state. */
  gtk_widget_set_visible (self->history_box, !folded);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_button), !folded);
  adw_header_bar_set_show_start_title_buttons (self->header_bar, folded);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

/**
 * dafu_draft_editor_get_clause_pane:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none): the clause library beside the draft
 */
DafuClausePane *
dafu_draft_editor_get_clause_pane (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->clause_pane;
}

/**
 * dafu_draft_editor_get_block_row:
 * @self: a #DafuDraftEditor
 * @position: a block's position
 *
 * Returns: (transfer none) (nullable): the row showing that block
 */
DafuBlockRow *
dafu_draft_editor_get_block_row (DafuDraftEditor *self,
                                 guint            position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);

  if (position > G_MAXINT)
    return NULL;
  row = gtk_list_box_get_row_at_index (self->blocks_list, position);
  return DAFU_IS_BLOCK_ROW (row) ? DAFU_BLOCK_ROW (row) : NULL;
}

/**
 * dafu_draft_editor_get_field_row:
 * @self: a #DafuDraftEditor
 * @field: a field
 *
 * Returns: (transfer none) (nullable): the entry for @field, %NULL for the
 *   fields chosen from a list (category, kind) or not shown
 */
AdwEntryRow *
dafu_draft_editor_get_field_row (DafuDraftEditor *self,
                                 DafuLetterField  field)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);

  return field < DAFU_LETTER_N_FIELDS ? self->field_rows[field] : NULL;
}

/**
 * dafu_draft_editor_get_value_row:
 * @self: a #DafuDraftEditor
 * @name: a placeholder's name that is not a field's
 *
 * Returns: (transfer none) (nullable): the entry asking for its value
 */
AdwEntryRow *
dafu_draft_editor_get_value_row (DafuDraftEditor *self,
                                 const char      *name)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return name != NULL ? g_hash_table_lookup (self->value_rows, name) : NULL;
}

/**
 * dafu_draft_editor_get_points_view:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none): the view of the suggestion's points
 */
GtkTextView *
dafu_draft_editor_get_points_view (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->points_view;
}

/**
 * dafu_draft_editor_get_n_issues:
 * @self: a #DafuDraftEditor
 *
 * Returns: how many things the last checks found (the badge's number)
 */
guint
dafu_draft_editor_get_n_issues (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), 0);
  return self->issues != NULL ? self->issues->len : 0;
}

/**
 * dafu_draft_editor_get_issues:
 * @self: a #DafuDraftEditor
 *
 * Returns: (transfer none) (nullable) (element-type DafuCheckIssue): what
 *   the last checks found
 */
GPtrArray *
dafu_draft_editor_get_issues (DafuDraftEditor *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_EDITOR (self), NULL);
  return self->issues;
}
