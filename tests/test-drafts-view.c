/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <adwaita.h>
#include <string.h>

#include "dafu-autosave.h"
#include "dafu-block-row.h"
#include "dafu-checks.h"
#include "dafu-clause-dialog.h"
#include "dafu-clause-pane.h"
#include "dafu-draft-editor.h"
#include "dafu-drafts-view.h"
#include "dafu-letter-list.h"
#include "dafu-library-drafts.h"
#include "dafu-placeholder.h"
#include "dafu-window.h"
#include "dafu-window-private.h"

/* The Drafts view under Xvfb, driven as a clerk would: a new reply, its
 * fields, clauses from the library, a paragraph moved and the move
 * undone, the checks, finalizing, and the new letter found by a search;
 * the autosave, the keys that undo, a reply to the letter read, and the
 * view at 360 px. */

static char *tmp_dir;

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
iterate (guint times)
{
  for (guint i = 0; i < times; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
window_ready (gpointer data)
{
  DafuWindow *window = data;

  return dafu_window_get_n_letters (window) > 0 && window->n_hits > 0 &&
         dafu_drafts_view_get_loaded (window->drafts_view);
}

static DafuWindow *
open_window (const char *name,
             int         width)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, "library.db", NULL);
  DafuWindow *window = dafu_window_new (NULL, path);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 760);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (window_ready, window, "the library and its drafts");
  return window;
}

static void
close_window (DafuWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  /* Let the cancelled work and the last autosave come back. */
  iterate (200);
}

static DafuDraftEditor *
editor_of (DafuWindow *window)
{
  return dafu_drafts_view_get_editor (window->drafts_view);
}

static gboolean
clauses_loaded (gpointer data)
{
  return dafu_clause_pane_get_loaded (DAFU_CLAUSE_PANE (data));
}

static gboolean
draft_has_id (gpointer data)
{
  return dafu_draft_get_id (DAFU_DRAFT (data)) != 0;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

/* Answers the dialog shown, as its button would (which also closes it). */
static void
respond (const char *response)
{
  AdwMessageDialog *dialog;

  wait_until (has_message_dialog, NULL, "a dialog");
  dialog = find_message_dialog ();
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (10);
}

static void
set_field (DafuDraftEditor *editor,
           DafuLetterField  field,
           const char      *value)
{
  AdwEntryRow *row = dafu_draft_editor_get_field_row (editor, field);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), value);
}

/* Inserts the first clause of @kind the pane lists, as the Insert button
 * does; returns its paragraph. */
static DafuDraftBlock *
insert_clause_of_kind (DafuDraftEditor *editor,
                       DafuClauseKind   kind)
{
  DafuClausePane *pane = dafu_draft_editor_get_clause_pane (editor);
  DafuDraft *draft = dafu_draft_editor_get_draft (editor);
  GListModel *clauses = dafu_clause_pane_get_clauses (pane);
  DafuClause *clause;
  guint before = dafu_draft_get_n_blocks (draft);
  guint position = G_MAXUINT;

  dafu_clause_pane_set_kind_filter (pane, kind);
  g_assert_cmpuint (g_list_model_get_n_items (clauses), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (clauses); i++)
    {
      g_autoptr(DafuClause) item = g_list_model_get_item (clauses, i);
      g_assert_cmpint (dafu_clause_get_kind (item), ==, kind);
    }

  dafu_clause_pane_select (pane, 0);
  clause = dafu_clause_pane_get_selected (pane);
  g_assert_nonnull (clause);
  g_assert_nonnull (dafu_clause_pane_get_preview (pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "clauses.insert", NULL));
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, before + 1);

  for (guint i = 0; i < dafu_draft_get_n_blocks (draft); i++)
    if (dafu_draft_block_get_clause_id (dafu_draft_get_block (draft, i)) == dafu_clause_get_id (clause))
      position = i;
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, position)), ==,
                   dafu_clause_get_text (clause));
  return dafu_draft_get_block (draft, position);
}

static gboolean
has_unfilled_issue (DafuDraftEditor *editor,
                    int              block)
{
  GPtrArray *issues = dafu_draft_editor_get_issues (editor);

  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      if (issue->kind == DAFU_CHECK_UNFILLED_PLACEHOLDER && (block < 0 || issue->block == block))
        return TRUE;
    }
  return FALSE;
}

typedef struct {
  DafuLibrary *library;
  gint64       id;
  const char  *needle;
} StoredWait;

static gboolean
stored_text_has (gpointer data)
{
  StoredWait *wait = data;
  g_autoptr(DafuDraft) stored = dafu_library_load_draft (wait->library, wait->id, NULL);
  g_autofree char *text = NULL;

  if (stored == NULL)
    return FALSE;
  text = dafu_draft_render_text (stored, NULL);
  return text != NULL && strstr (text, wait->needle) != NULL;
}

static gboolean
is_final (gpointer data)
{
  DafuDraft *draft = dafu_draft_editor_get_draft (DAFU_DRAFT_EDITOR (data));

  return draft != NULL && dafu_draft_get_state (draft) == DAFU_DRAFT_STATE_FINAL;
}

typedef struct {
  DafuWindow *window;
  gint64      n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;
  return dafu_window_get_n_letters (wait->window) == wait->n;
}

static gboolean
search_shows (gpointer data)
{
  DafuWindow *window = data;

  return window->query != NULL &&
         g_strcmp0 (dafu_query_get_text (window->query),
                    gtk_editable_get_text (GTK_EDITABLE (window->search_entry))) == 0;
}

static GPtrArray *
block_order (DafuDraft *draft)
{
  GPtrArray *order = g_ptr_array_new ();

  for (guint i = 0; i < dafu_draft_get_n_blocks (draft); i++)
    g_ptr_array_add (order, dafu_draft_get_block (draft, i));
  return order;
}

static void
test_write_finalize_search (void)
{
  DafuWindow *window = open_window ("flow", 1280);
  DafuLibrary *library = dafu_window_get_library (window);
  DafuDraftEditor *editor = editor_of (window);
  DafuClausePane *pane = dafu_draft_editor_get_clause_pane (editor);
  DafuDraftBlock *opening, *measure, *closing;
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *text = NULL;
  g_autofree char *state = NULL;
  DafuBlockRow *row;
  DafuDraft *draft;
  gint64 n_letters = dafu_window_get_n_letters (window);
  guint position, n_with_deputy_missing, n_after;
  gint64 started;
  gboolean found = FALSE;

  /* Ctrl+N: a new draft, open on the Drafts view. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-draft", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "drafts");
  draft = dafu_draft_editor_get_draft (editor);
  g_assert_nonnull (draft);
  g_assert_true (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)) == 1);
  g_assert_nonnull (dafu_draft_editor_get_autosave (editor));
  wait_until (draft_has_id, draft, "the new draft's first save");

  /* The fields, all but the deputy for now. */
  set_field (editor, DAFU_LETTER_FIELD_SESSION, "市九届人大五次会议");
  set_field (editor, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "517");
  set_field (editor, DAFU_LETTER_FIELD_TITLE, "关于推进智慧养老驿站建设的建议");
  set_field (editor, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SESSION), ==, "市九届人大五次会议");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_TITLE), ==, "关于推进智慧养老驿站建设的建议");

  /* Three clauses mined from the samples: each goes where its kind
   * belongs. */
  wait_until (clauses_loaded, pane, "the clauses");
  g_assert_cmpuint (g_list_model_get_n_items (dafu_clause_pane_get_clauses (pane)), >, 0);
  closing = insert_clause_of_kind (editor, DAFU_CLAUSE_KIND_CLOSING);
  opening = insert_clause_of_kind (editor, DAFU_CLAUSE_KIND_OPENING);
  measure = insert_clause_of_kind (editor, DAFU_CLAUSE_KIND_MEASURE);
  g_assert_cmpuint (dafu_draft_find_block (draft, opening), <, dafu_draft_find_block (draft, measure));
  g_assert_cmpuint (dafu_draft_find_block (draft, measure), <, dafu_draft_find_block (draft, closing));
  /* Their use is counted. */
  g_assert_cmpuint (dafu_clause_get_use_count (dafu_clause_pane_get_selected (pane)), ==, 1);

  /* Every paragraph has its row, with the clause's text in its view. */
  position = dafu_draft_find_block (draft, measure);
  row = dafu_draft_editor_get_block_row (editor, position);
  g_assert_nonnull (row);
  g_assert_true (dafu_block_row_get_block (row) == measure);
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (dafu_block_row_get_text_view (row));
    GtkTextIter start, end;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, dafu_draft_block_get_text (measure));
  }

  /* Move the measure above the opening; Undo puts it back. */
  order = block_order (draft);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "block.move-up", NULL));
  g_assert_cmpuint (dafu_draft_find_block (draft, measure), ==, position - 1);
  g_assert_true (dafu_draft_editor_get_block_row (editor, position - 1) != row);
  g_assert_true (dafu_block_row_get_block (dafu_draft_editor_get_block_row (editor, position - 1)) == measure);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.undo", NULL));
  for (guint i = 0; i < order->len; i++)
    g_assert_true (dafu_draft_get_block (draft, i) == g_ptr_array_index (order, i));
  g_assert_true (dafu_block_row_get_block (dafu_draft_editor_get_block_row (editor, position)) == measure);

  /* The checks: no deputy yet, so the salutation's {代表} is unfilled;
   * filling the field takes that away. */
  dafu_draft_editor_check_now (editor);
  n_with_deputy_missing = dafu_draft_editor_get_n_issues (editor);
  g_assert_true (has_unfilled_issue (editor, -1));
  set_field (editor, DAFU_LETTER_FIELD_ADDRESSEE, "李建国");
  dafu_draft_editor_check_now (editor);
  n_after = dafu_draft_editor_get_n_issues (editor);
  g_assert_cmpuint (n_after, <, n_with_deputy_missing);

  /* The rest of what the clauses ask for, as the clerk would fill it:
   * a field's entry, or the entry asking for another placeholder. */
  text = dafu_draft_render_text (draft, &unfilled);
  for (guint i = 0; i < unfilled->len; i++)
    {
      const char *name = g_ptr_array_index (unfilled, i);
      AdwEntryRow *value_row = dafu_draft_editor_get_value_row (editor, name);
      gboolean done = FALSE;

      for (guint field = 0; field < DAFU_LETTER_N_FIELDS && !done; field++)
        if (g_strcmp0 (dafu_placeholders_name_for_field (field), name) == 0 &&
            dafu_draft_editor_get_field_row (editor, field) != NULL)
          {
            set_field (editor, field, field == DAFU_LETTER_FIELD_DATE ? "2026-11-20" : "示例");
            done = TRUE;
          }
      if (!done)
        {
          g_assert_nonnull (value_row);
          gtk_editable_set_text (GTK_EDITABLE (value_row), "示例");
        }
    }
  g_clear_pointer (&unfilled, g_ptr_array_unref);
  g_clear_pointer (&text, g_free);
  text = dafu_draft_render_text (draft, &unfilled);
  g_assert_cmpuint (unfilled->len, ==, 0);
  dafu_draft_editor_check_now (editor);
  g_assert_false (has_unfilled_issue (editor, -1));

  /* The autosave has it in the library within about two seconds. */
  {
    StoredWait wait = { library, dafu_draft_get_id (draft), "李建国" };

    started = g_get_monotonic_time ();
    wait_until (stored_text_has, &wait, "the autosave");
    g_assert_cmpint (g_get_monotonic_time () - started, <, 2500 * G_TIME_SPAN_MILLISECOND);
  }
  state = dafu_draft_editor_dup_save_state (editor);
  g_assert_true (g_str_equal (state, "Saved") || g_str_equal (state, "Saving…"));

  /* Finalize, confirmed: the reply turns final and is a letter now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.finalize", NULL));
  respond ("finalize");
  wait_until (is_final, editor, "the reply to be final");
  g_assert_null (dafu_draft_editor_get_autosave (editor));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (dafu_draft_editor_get_block_row (editor, 0))) &&
                  gtk_text_view_get_editable (dafu_block_row_get_text_view (dafu_draft_editor_get_block_row (editor, 0))));
  {
    CountWait wait = { window, n_letters + 1 };
    wait_until (count_is, &wait, "the letter count to grow");
  }

  /* The Search view finds the new letter. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "search");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "search");
  gtk_editable_set_text (GTK_EDITABLE (window->search_entry), "智慧养老驿站");
  wait_until (search_shows, window, "the search");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (window->selection)); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (window->selection), i);

      if (g_strcmp0 (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), "李建国") == 0)
        found = TRUE;
    }
  g_assert_true (found);

  close_window (window);
}

static char *
buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether @editor handles @accelerator with @action in the capture phase,
 * that is before the focused text view or entry. */
static gboolean
editor_binds (DafuDraftEditor *editor,
              const char      *accelerator,
              const char      *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (editor));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (g_str_equal (trigger, accelerator) && GTK_IS_NAMED_ACTION (named) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action))
            return TRUE;
        }
    }
  return FALSE;
}

/* Typing goes to the draft; its Undo (not the text view's) takes it back
 * and the view follows; placeholders are marked. */
static void
test_typing_and_undo (void)
{
  DafuWindow *window = open_window ("typing", 1280);
  DafuDraftEditor *editor = editor_of (window);
  DafuDraft *draft;
  DafuBlockRow *row;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  g_autofree char *before = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *undone = NULL;
  GtkTextIter end;
  guint position;
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "请{代表}与{联络人}联系。");

  draft = dafu_drafts_view_new_draft (window->drafts_view);
  position = dafu_draft_get_n_blocks (draft);
  dafu_draft_insert_block (draft, position, block);
  dafu_draft_break_undo_group (draft);
  row = dafu_draft_editor_get_block_row (editor, position);
  g_assert_nonnull (row);
  view = dafu_block_row_get_text_view (row);
  buffer = gtk_text_view_get_buffer (view);

  /* The view keeps no history; the draft does, and Ctrl+Z reaches the
   * draft's Undo before the text view sees it. */
  g_assert_false (gtk_text_buffer_get_enable_undo (buffer));
  g_assert_true (editor_binds (editor, "<Control>z", "draft.undo"));
  g_assert_true (editor_binds (editor, "<Shift><Control>z", "draft.redo"));

  /* No deputy, no {联络人}: both unfilled; the deputy's field fills one. */
  g_assert_cmpuint (dafu_block_row_get_n_unfilled (row), ==, 2);
  set_field (editor, DAFU_LETTER_FIELD_ADDRESSEE, "王丽");
  g_assert_cmpuint (dafu_block_row_get_n_unfilled (row), ==, 1);
  g_assert_cmpuint (dafu_block_row_get_n_filled (row), ==, 1);
  /* The other placeholder is asked for once, and its value fills it. */
  dafu_draft_editor_check_now (editor);
  g_assert_nonnull (dafu_draft_editor_get_value_row (editor, "联络人"));
  gtk_editable_set_text (GTK_EDITABLE (dafu_draft_editor_get_value_row (editor, "联络人")), "社会事务科");
  g_assert_cmpstr (dafu_draft_get_value (draft, "联络人"), ==, "社会事务科");
  g_assert_cmpuint (dafu_block_row_get_n_unfilled (row), ==, 0);
  dafu_draft_break_undo_group (draft);

  before = buffer_text (view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "谢谢。", -1);
  typed = buffer_text (view);
  g_assert_cmpstr (dafu_draft_block_get_text (block), ==, typed);
  /* The text view's own Undo has nothing to undo. */
  gtk_widget_activate_action (GTK_WIDGET (view), "text.undo", NULL);
  g_clear_pointer (&undone, g_free);
  undone = buffer_text (view);
  g_assert_cmpstr (undone, ==, typed);
  g_clear_pointer (&undone, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.undo", NULL));
  undone = buffer_text (view);
  g_assert_cmpstr (undone, ==, before);
  g_assert_cmpstr (dafu_draft_block_get_text (block), ==, before);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.redo", NULL));
  g_clear_pointer (&undone, g_free);
  undone = buffer_text (view);
  g_assert_cmpstr (undone, ==, typed);

  /* Undo reaches the fields too: the entry follows. */
  set_field (editor, DAFU_LETTER_FIELD_SIGNER, "赵刚");
  dafu_draft_break_undo_group (draft);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.undo", NULL));
  g_assert_null (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SIGNER));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dafu_draft_editor_get_field_row (editor, DAFU_LETTER_FIELD_SIGNER))),
                   ==, "");

  /* A check found in a paragraph leads to it. */
  dafu_draft_editor_check_now (editor);
  for (guint i = 0; i < dafu_draft_editor_get_n_issues (editor); i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (dafu_draft_editor_get_issues (editor), i);

      if (issue->block >= 0)
        {
          DafuBlockRow *target = dafu_draft_editor_get_block_row (editor, issue->block);

          dafu_draft_editor_show_issue (editor, i);
          iterate (5);
          g_assert_true (gtk_widget_has_focus (GTK_WIDGET (dafu_block_row_get_text_view (target))));
          break;
        }
    }

  close_window (window);
}

typedef struct {
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_read (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_clipboard_read_cb, &read);
  wait_until (clipboard_read, &read, "the clipboard");
  return read.text;
}

static gboolean
doc_number_set (gpointer data)
{
  return dafu_draft_get_field (DAFU_DRAFT (data), DAFU_LETTER_FIELD_DOC_NUMBER) != NULL;
}

/* An unfilled placeholder is never let through silently: Finalize refuses
 * and names it, Copy asks first. Propose Next Number fills the 文号. */
static void
test_unfilled_and_number (void)
{
  DafuWindow *window = open_window ("unfilled", 1280);
  DafuDraftEditor *editor = editor_of (window);
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_PLAN, "下一步，我们将推进{项目名称}建设。");
  g_autofree char *copied = NULL;
  AdwMessageDialog *dialog;
  DafuDraft *draft;
  const char *number;

  /* A reply to a letter of the library: its fields fill the standard
   * parts; only the paragraph added asks for a value. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 0, TRUE);
  while (window->letter == NULL)
    iterate (1);
  dafu_window_show_view (window, "drafts");
  draft = dafu_drafts_view_new_reply_to (window->drafts_view, window->letter);
  dafu_draft_insert_block (draft, 2, block);
  {
    g_autoptr(GPtrArray) unfilled = NULL;
    g_autofree char *text = dafu_draft_render_text (draft, &unfilled);

    g_assert_cmpuint (unfilled->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (unfilled, 0), ==, "项目名称");
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.finalize", NULL));
  wait_until (has_message_dialog, NULL, "the refusal");
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "{项目名称}"));
  g_assert_false (adw_message_dialog_has_response (dialog, "finalize"));
  respond ("close");
  g_assert_cmpint (dafu_draft_get_state (draft), ==, DAFU_DRAFT_STATE_DRAFT);

  /* Copy asks; Cancel copies nothing, Copy Anyway copies it as it is. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (editor)), "before");
  gtk_widget_activate_action (GTK_WIDGET (editor), "draft.copy-text", NULL);
  respond ("cancel");
  copied = clipboard_text (GTK_WIDGET (editor));
  g_assert_cmpstr (copied, ==, "before");
  g_clear_pointer (&copied, g_free);
  gtk_widget_activate_action (GTK_WIDGET (editor), "draft.copy-text", NULL);
  respond ("go");
  copied = clipboard_text (GTK_WIDGET (editor));
  g_assert_nonnull (strstr (copied, "推进{项目名称}建设"));
  g_clear_pointer (&copied, g_free);

  /* Filled in, it copies at once, with the value. */
  dafu_draft_editor_check_now (editor);
  gtk_editable_set_text (GTK_EDITABLE (dafu_draft_editor_get_value_row (editor, "项目名称")), "智慧养老平台");
  gtk_widget_activate_action (GTK_WIDGET (editor), "draft.copy-text", NULL);
  iterate (20);
  g_assert_null (find_message_dialog ());
  copied = clipboard_text (GTK_WIDGET (editor));
  g_assert_nonnull (strstr (copied, "推进智慧养老平台建设"));

  /* The next number for the issuer's prefix and the draft's year. */
  set_field (editor, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  set_field (editor, DAFU_LETTER_FIELD_DATE, "2026-11-20");
  gtk_widget_activate_action (GTK_WIDGET (editor), "draft.propose-number", NULL);
  wait_until (doc_number_set, draft, "a proposed 文号");
  number = dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER);
  g_assert_nonnull (strstr (number, "2026"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dafu_draft_editor_get_field_row (editor, DAFU_LETTER_FIELD_DOC_NUMBER))),
                   ==, number);

  close_window (window);
}

/* Reply… on the letter read starts a reply to it, on the Drafts view. */
static void
test_reply_to_letter (void)
{
  DafuWindow *window = open_window ("reply", 1280);
  DafuDraftEditor *editor = editor_of (window);
  g_autoptr(DafuLetter) letter = NULL;
  DafuDraft *draft;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (window->selection), 0, TRUE);
  while (window->letter == NULL)
    iterate (1);
  letter = g_object_ref (window->letter);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reply-to-letter", NULL));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "drafts");
  draft = dafu_draft_editor_get_draft (editor);
  g_assert_nonnull (draft);
  g_assert_cmpint (dafu_draft_get_letter_id (draft), ==, dafu_letter_get_id (letter));
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==,
                   dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dafu_draft_editor_get_field_row (editor, DAFU_LETTER_FIELD_ADDRESSEE))),
                   ==, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE));
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), >, 0);

  /* On the Drafts view Delete does not delete the letter out of sight. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-letter", NULL);
  iterate (50);
  g_assert_true (window->letter != NULL);
  {
    g_autoptr(DafuLetter) stored = dafu_library_get_letter (dafu_window_get_library (window),
                                                            dafu_letter_get_id (letter), NULL);
    g_assert_nonnull (stored);
  }

  close_window (window);
}

/* The descendants of @root of @type, depth first. */
static void
collect (GtkWidget *root,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        g_ptr_array_add (found, child);
      else
        collect (child, type, found);
    }
}

static gboolean
list_has_rows (gpointer data)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (data), 0) != NULL;
}

static gboolean
list_has_n_rows (gpointer data)
{
  gpointer *args = data;
  guint n = GPOINTER_TO_UINT (args[1]);

  return gtk_list_box_get_row_at_index (args[0], n - 1) != NULL &&
         gtk_list_box_get_row_at_index (args[0], n) == NULL;
}

static gboolean
editor_has_reply_to (gpointer data)
{
  DafuDraft *draft = dafu_draft_editor_get_draft (DAFU_DRAFT_EDITOR (data));

  return draft != NULL && dafu_draft_get_letter_id (draft) != 0;
}

/* New Reply To…: the letters found as the clerk types; picking one starts
 * a reply to it. By hand, the fields given fill the new reply. */
static void
test_new_reply_dialog (void)
{
  DafuWindow *window = open_window ("new-reply", 1280);
  DafuDraftEditor *editor = editor_of (window);
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *hits;
  g_autoptr(DafuLetter) letter = NULL;
  DafuDraft *draft;
  guint n_found;

  dafu_window_show_view (window, "drafts");
  gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.new-reply", NULL);
  wait_until (has_message_dialog, NULL, "the New Reply dialog");
  dialog = find_message_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));

  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_autoptr(GPtrArray) lists = g_ptr_array_new ();

    box = adw_message_dialog_get_extra_child (dialog);
    collect (box, GTK_TYPE_SEARCH_ENTRY, entries);
    collect (box, GTK_TYPE_LIST_BOX, lists);
    g_assert_cmpuint (entries->len, ==, 1);
    entry = g_ptr_array_index (entries, 0);
    /* The hits first, then the group's list of entries. */
    g_assert_cmpuint (lists->len, >=, 1);
    hits = g_ptr_array_index (lists, 0);
  }

  /* It opens on the letters of the library; typing narrows them to what
   * the library finds; the first hit is the one to answer. */
  wait_until (list_has_rows, hits, "the letters");
  gtk_editable_set_text (GTK_EDITABLE (entry), "榆林");
  {
    g_autoptr(DafuQuery) query = dafu_query_new ("榆林");
    g_autoptr(DafuLetterList) found = dafu_library_search (dafu_window_get_library (window), query,
                                                           DAFU_SORT_RELEVANCE, 20, NULL, NULL);
    gpointer args[2];

    n_found = g_list_model_get_n_items (G_LIST_MODEL (found));
    g_assert_cmpuint (n_found, >, 0);
    g_assert_cmpuint (n_found, <, 5);
    letter = dafu_library_get_letter (dafu_window_get_library (window), dafu_letter_list_get_id (found, 0), NULL);
    args[0] = hits;
    args[1] = GUINT_TO_POINTER (n_found);
    wait_until (list_has_n_rows, args, "the letters found");
  }
  gtk_list_box_select_row (GTK_LIST_BOX (hits), gtk_list_box_get_row_at_index (GTK_LIST_BOX (hits), 0));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  respond ("create");
  wait_until (editor_has_reply_to, editor, "the reply");
  draft = dafu_draft_editor_get_draft (editor);
  g_assert_cmpint (dafu_draft_get_letter_id (draft), ==, dafu_letter_get_id (letter));
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==,
                   dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE));

  /* By hand: the rows are session, number, deputy and title. */
  gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.new-reply", NULL);
  wait_until (has_message_dialog, NULL, "the New Reply dialog");
  dialog = find_message_dialog ();
  {
    const char *values[] = { "市十届人大一次会议", "12", "周敏", "关于增设社区食堂的建议" };
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect (adw_message_dialog_get_extra_child (dialog), ADW_TYPE_ENTRY_ROW, rows);
    g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (values));
    for (guint i = 0; i < rows->len; i++)
      gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, i)), values[i]);
  }
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  respond ("create");
  draft = dafu_draft_editor_get_draft (editor);
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==, "周敏");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_TITLE), ==, "关于增设社区食堂的建议");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER), ==, "12");

  close_window (window);
}

static gboolean
drafts_listed_are (gpointer data)
{
  gpointer *args = data;
  DafuLibrary *library = args[0];
  guint n = GPOINTER_TO_UINT (args[1]);
  g_autoptr(GPtrArray) drafts = dafu_library_list_drafts (library, NULL);

  return drafts != NULL && drafts->len == n;
}

/* Deleting the open draft takes it from the list and the library. */
static void
test_delete_draft (void)
{
  DafuWindow *window = open_window ("delete", 1280);
  DafuLibrary *library = dafu_window_get_library (window);
  DafuDraftEditor *editor = editor_of (window);
  DafuDraft *first, *second;
  gpointer one[] = { library, GUINT_TO_POINTER (1) };
  gpointer two[] = { library, GUINT_TO_POINTER (2) };
  gpointer three[] = { library, GUINT_TO_POINTER (3) };

  first = dafu_drafts_view_new_draft (window->drafts_view);
  wait_until (draft_has_id, first, "the first draft's id");
  second = dafu_drafts_view_new_draft (window->drafts_view);
  wait_until (draft_has_id, second, "the second draft's id");
  wait_until (drafts_listed_are, two, "two drafts in the library");

  /* Duplicate makes a third, opened. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.duplicate", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)), ==, 3);
  g_assert_true (dafu_draft_editor_get_draft (editor) != second);
  wait_until (draft_has_id, dafu_draft_editor_get_draft (editor), "the copy's id");
  wait_until (drafts_listed_are, three, "three drafts in the library");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.delete", NULL));
  g_assert_null (dafu_draft_editor_get_draft (editor));
  g_assert_cmpuint (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)), ==, 2);
  wait_until (drafts_listed_are, two, "the copy to be deleted");

  dafu_drafts_view_open_draft (window->drafts_view, second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.delete", NULL));
  wait_until (drafts_listed_are, one, "the draft to be deleted");
  g_assert_cmpuint (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)), ==, 1);

  close_window (window);
}

/* A draft left marked as being edited (Dafu stopped) is listed again,
 * recovered, and its text is intact. */
static void
test_recovered_draft (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "recover", NULL);
  g_autofree char *path = g_build_filename (dir, "library.db", NULL);
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuAutosave) autosave = NULL;
  g_autoptr(GError) error = NULL;
  DafuWindow *window;
  DafuDraft *listed;

  g_mkdir_with_parents (dir, 0700);
  library = dafu_library_new (path, NULL, &error);
  g_assert_no_error (error);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于增设公交站点的建议");
  dafu_draft_add_standard_parts (draft);
  /* An autosave that is never closed leaves the mark. */
  autosave = dafu_autosave_new (library, draft);
  g_assert_true (dafu_autosave_flush_sync (autosave, &error));
  g_clear_object (&autosave);
  g_clear_object (&library);

  window = open_window ("recover", 1280);
  g_assert_cmpuint (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)), ==, 1);
  listed = g_list_model_get_item (dafu_drafts_view_get_drafts (window->drafts_view), 0);
  g_object_unref (listed);
  g_assert_cmpstr (dafu_draft_get_field (listed, DAFU_LETTER_FIELD_TITLE), ==, "关于增设公交站点的建议");
  /* The toast's Open button opens it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->drafts_view), "drafts.open", "x",
                                             dafu_draft_get_id (listed)));
  g_assert_true (dafu_draft_editor_get_draft (editor_of (window)) == listed);

  close_window (window);
}

/* The width @widget needs at least (the window adds its frame's). */
static int
min_width (GtkWidget *widget)
{
  int min;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

static gboolean
leaflet_shows_editor (gpointer data)
{
  DafuWindow *window = data;
  GtkWidget *editor = GTK_WIDGET (editor_of (window));

  return gtk_widget_get_mapped (editor) && gtk_widget_get_width (editor) > 0;
}

static gboolean
editor_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* At 360 px the list and the editor fold into one pane, and the clause
 * pane lies over the letter instead of beside it. */
static void
test_narrow (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *layout = NULL;
  DafuWindow *window;
  DafuDraftEditor *editor;

  /* GNOME's buttons: a close button only. */
  g_object_get (settings, "gtk-decoration-layout", &layout, NULL);
  g_object_set (settings, "gtk-decoration-layout", "appmenu:close", NULL);
  window = open_window ("narrow", 360);
  editor = editor_of (window);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "drafts");
  iterate (50);
  g_assert_cmpint (min_width (GTK_WIDGET (window->toast_overlay)), <=, 360);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-draft", NULL);
  wait_until (leaflet_shows_editor, window, "the editor");
  iterate (50);
  g_assert_cmpint (min_width (GTK_WIDGET (window->toast_overlay)), <=, 360);
  g_assert_true (dafu_draft_editor_get_folded (editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "draft.toggle-clauses", NULL));
  iterate (50);
  g_assert_cmpint (min_width (GTK_WIDGET (window->toast_overlay)), <=, 360);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-back", NULL);
  wait_until (editor_hidden, editor, "the list to come back");

  close_window (window);
  g_object_set (settings, "gtk-decoration-layout", layout, NULL);
}

static gboolean
page_is_empty (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (DAFU_WINDOW (data)->stack), "empty") == 0;
}

/* An empty library still drafts: its page offers New Draft, and going
 * back to Search shows the empty page again. */
static void
test_empty_library (void)
{
  g_autofree char *no_samples = g_build_filename (tmp_dir, "no-samples", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "empty", "library.db", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("DAFU_SAMPLES_DIR"));
  DafuWindow *window;

  g_mkdir_with_parents (no_samples, 0700);
  g_setenv ("DAFU_SAMPLES_DIR", no_samples, TRUE);
  window = dafu_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (page_is_empty, window, "the empty library page");
  g_setenv ("DAFU_SAMPLES_DIR", saved, TRUE);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-draft", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "library");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->view_stack), ==, "drafts");
  g_assert_nonnull (dafu_draft_editor_get_draft (editor_of (window)));
  wait_until (draft_has_id, dafu_draft_editor_get_draft (editor_of (window)), "the draft's first save");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "search");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "drafts");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "library");
  g_assert_cmpuint (g_list_model_get_n_items (dafu_drafts_view_get_drafts (window->drafts_view)), ==, 1);

  close_window (window);
}

/* Every template of the drafting widgets builds (the .ui files are not
 * checked by the version ceilings). */
static void
test_templates (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "templates.db", NULL);
  g_autoptr(DafuLibrary) library = dafu_library_new (path, NULL, NULL);
  g_autoptr(DafuClause) clause = dafu_clause_new (DAFU_CLAUSE_KIND_PLAN, "下一步", "下一步，我们将{措施}。");
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "{代表}");
  DafuClauseDialog *dialog;
  GtkWidget *widget;

  g_assert_nonnull (library);
  widget = g_object_ref_sink (dafu_drafts_view_new ());
  g_object_unref (widget);
  widget = g_object_ref_sink (dafu_clause_pane_new ());
  g_object_unref (widget);
  widget = g_object_ref_sink (dafu_draft_editor_new ());
  g_object_unref (widget);
  dafu_draft_insert_block (draft, 0, block);
  widget = g_object_ref_sink (dafu_block_row_new (draft, block));
  g_assert_cmpuint (dafu_block_row_get_n_unfilled (DAFU_BLOCK_ROW (widget)), ==, 1);
  g_object_unref (widget);

  dialog = dafu_clause_dialog_new (NULL, library, clause);
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = dafu_clause_dialog_new (NULL, library, NULL);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (10);
}

int
main (int argc, char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_unsetenv ("DAFU_LIBRARY");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = dafu_test_make_tmp ();
  g_assert_nonnull (g_getenv ("DAFU_SAMPLES_DIR"));

  g_test_add_func ("/drafts-view/templates", test_templates);
  g_test_add_func ("/drafts-view/write-finalize-search", test_write_finalize_search);
  g_test_add_func ("/drafts-view/typing-and-undo", test_typing_and_undo);
  g_test_add_func ("/drafts-view/unfilled-and-number", test_unfilled_and_number);
  g_test_add_func ("/drafts-view/reply-to-letter", test_reply_to_letter);
  g_test_add_func ("/drafts-view/new-reply-dialog", test_new_reply_dialog);
  g_test_add_func ("/drafts-view/delete", test_delete_draft);
  g_test_add_func ("/drafts-view/recovered", test_recovered_draft);
  g_test_add_func ("/drafts-view/narrow", test_narrow);
  g_test_add_func ("/drafts-view/empty-library", test_empty_library);

  status = g_test_run ();
  dafu_test_rm_rf (tmp_dir);
  g_free (tmp_dir);
  return status;
}
