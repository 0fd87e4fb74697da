/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-block-row"

#include "config.h"

#include "dafu-block-row.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dafu-placeholder.h"

/**
 * DafuBlockRow:
 *
 * One block of a draft in the editor's list: a small label with the
 * block's kind (and whether it is still written from the fields), its text
 * in a #GtkTextView, and buttons to move it, add a paragraph beside it or
 * delete it (`block.move-up` Alt+Up, `block.move-down` Alt+Down,
 * `block.insert-before`, `block.insert-after`, `block.delete` Ctrl+Delete).
 *
 * The text view keeps no history of its own: every edit goes to
 * dafu_draft_set_block_text(), whose history the editor's Undo walks; when
 * the block's text changes from elsewhere (undo, a field that regenerates
 * it) the buffer follows, changing only the part that differs so that the
 * cursor stays where it was.
 *
 * Placeholders are marked with text tags: filled ones (a value exists) in
 * the accent colour, with the value as their tooltip; unfilled ones in the
 * error colour, underlined.
 */

struct _DafuBlockRow
{
  GtkListBoxRow   parent_instance;

  /* Template widgets */
  GtkWidget      *header_box;
  GtkLabel       *kind_label;
  GtkLabel       *generated_label;
  GtkLabel       *placeholder_label;
  GtkWidget      *up_button;
  GtkWidget      *down_button;
  GtkWidget      *menu_button;
  GtkTextView    *text_view;

  DafuDraft      *draft;
  DafuDraftBlock *block;
  GtkTextBuffer  *buffer;
  GtkTextTag     *filled_tag;
  GtkTextTag     *unfilled_tag;
  GHashTable     *values;        /* placeholder name → value, or NULL */
  GPtrArray      *placeholders;  /* DafuPlaceholder in the buffer's text */
  guint           n_filled;
  guint           n_unfilled;
  guint           updating;      /* > 0 while the buffer and the block sync */
  guint           resize_id;
  gboolean        editable;
};

G_DEFINE_FINAL_TYPE (DafuBlockRow, dafu_block_row, GTK_TYPE_LIST_BOX_ROW)

/* Light enough to read in the light and the dark style. */
#define FILLED_BACKGROUND   "rgba(53,132,228,0.18)"
#define UNFILLED_FOREGROUND "#e01b24"
#define UNFILLED_BACKGROUND "rgba(224,27,36,0.12)"

/* ------------------------------------------------------------------ *
 * Text and tags
 * ------------------------------------------------------------------ */

static char *
buffer_text (DafuBlockRow *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, TRUE);
}

static const char *
value_of (DafuBlockRow *self,
          const char   *name)
{
  const char *value = self->values != NULL ? g_hash_table_lookup (self->values, name) : NULL;

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
update_placeholder_label (DafuBlockRow *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), self->n_unfilled > 0);
  if (self->n_unfilled == 0)
    return;
  /* Translators: how many placeholders of a paragraph have no value yet */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to fill", "%u to fill", self->n_unfilled),
                          self->n_unfilled);
  gtk_label_set_label (self->placeholder_label, text);
}

/* Marks the placeholders again: one pass over one paragraph. */
static void
retag (DafuBlockRow *self)
{
  g_autofree char *text = buffer_text (self);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->filled_tag, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->unfilled_tag, &start, &end);

  g_clear_pointer (&self->placeholders, g_ptr_array_unref);
  self->placeholders = dafu_placeholders_find (text);
  self->n_filled = self->n_unfilled = 0;

  for (guint i = 0; i < self->placeholders->len; i++)
    {
      DafuPlaceholder *placeholder = g_ptr_array_index (self->placeholders, i);
      gboolean filled = value_of (self, placeholder->name) != NULL;

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, placeholder->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, placeholder->end);
      gtk_text_buffer_apply_tag (self->buffer, filled ? self->filled_tag : self->unfilled_tag,
                                 &start, &end);
      if (filled)
        self->n_filled++;
      else
        self->n_unfilled++;
    }

  update_placeholder_label (self);
}

/* The user typed: the draft records it (and keeps its history). */
static void
on_buffer_changed_cb (GtkTextBuffer *buffer,
                      DafuBlockRow  *self)
{
  g_autofree char *text = NULL;
  guint position;

  if (self->updating > 0)
    return;

  text = buffer_text (self);
  position = dafu_block_row_get_position (self);
  if (position != G_MAXUINT)
    {
      self->updating++;
      dafu_draft_set_block_text (self->draft, position, text);
      self->updating--;
    }
  retag (self);
}

/* The block changed from elsewhere (undo, redo, regenerated from the
 * fields): replace only the part of the buffer that differs, so that the
 * cursor stays where it was, or lands after the changed part. */
static void
sync_buffer (DafuBlockRow *self)
{
  const char *new_text = dafu_draft_block_get_text (self->block);
  g_autofree char *old_text = buffer_text (self);
  const char *old_p, *new_p, *old_end, *new_end;
  glong prefix = 0, old_len, new_len, suffix = 0;
  GtkTextIter start, end;
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->text_view));

  if (new_text == NULL)
    new_text = "";
  if (g_str_equal (old_text, new_text))
    return;

  old_len = g_utf8_strlen (old_text, -1);
  new_len = g_utf8_strlen (new_text, -1);

  for (old_p = old_text, new_p = new_text;
       *old_p != '\0' && *new_p != '\0' && g_utf8_get_char (old_p) == g_utf8_get_char (new_p);
       old_p = g_utf8_next_char (old_p), new_p = g_utf8_next_char (new_p))
    prefix++;

  old_end = old_text + strlen (old_text);
  new_end = new_text + strlen (new_text);
  while (prefix + suffix < old_len && prefix + suffix < new_len)
    {
      const char *o = g_utf8_find_prev_char (old_text, old_end);
      const char *n = g_utf8_find_prev_char (new_text, new_end);

      if (o == NULL || n == NULL || g_utf8_get_char (o) != g_utf8_get_char (n))
        break;
      old_end = o;
      new_end = n;
      suffix++;
    }

  self->updating++;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, prefix);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, old_len - suffix);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, new_p, new_end - new_p);
  if (had_focus)
    gtk_text_buffer_place_cursor (self->buffer, &start);
  self->updating--;

  retag (self);
}

static void
on_block_text_cb (DafuDraftBlock *block,
                  GParamSpec     *pspec,
                  DafuBlockRow   *self)
{
  if (self->updating == 0)
    sync_buffer (self);
}

static void
update_kind (DafuBlockRow *self)
{
  DafuBlockKind kind = dafu_draft_block_get_kind (self->block);
  gboolean generated = dafu_draft_block_get_generated (self->block);

  gtk_label_set_label (self->kind_label, dafu_block_kind_get_label (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->generated_label), generated);
  if (generated)
    gtk_widget_add_css_class (GTK_WIDGET (self), "generated");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "generated");
}

static gboolean
on_query_tooltip_cb (GtkWidget    *widget,
                     int           x,
                     int           y,
                     gboolean      keyboard,
                     GtkTooltip   *tooltip,
                     DafuBlockRow *self)
{
  GtkTextIter iter;
  guint offset;

  if (self->placeholders == NULL || self->placeholders->len == 0)
    return FALSE;

  if (keyboard)
    gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  else
    {
      int bx, by;

      gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
        return FALSE;
    }
  offset = gtk_text_iter_get_offset (&iter);

  for (guint i = 0; i < self->placeholders->len; i++)
    {
      DafuPlaceholder *placeholder = g_ptr_array_index (self->placeholders, i);
      const char *value;
      g_autofree char *text = NULL;

      if (offset < placeholder->start || offset >= placeholder->end)
        continue;

      value = value_of (self, placeholder->name);
      if (value != NULL)
        /* Translators: a placeholder's name and the value it will be replaced with */
        text = g_strdup_printf (_("{%s} becomes “%s”"), placeholder->name, value);
      else
        text = g_strdup_printf (_("{%s} has no value yet: fill in its field"), placeholder->name);
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  return FALSE;
}

/* Leaving a paragraph ends its undo step, so that Undo does not take back
 * the edits of two paragraphs at once. */
static void
on_focus_leave_cb (GtkEventControllerFocus *controller,
                   DafuBlockRow            *self)
{
  if (self->draft != NULL)
    dafu_draft_break_undo_group (self->draft);
}

/* ------------------------------------------------------------------ *
 * Actions
 * ------------------------------------------------------------------ */

static DafuBlockRow *
row_at (GtkListBox *list,
        guint       position)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, position);

  return DAFU_IS_BLOCK_ROW (row) ? DAFU_BLOCK_ROW (row) : NULL;
}

static void
focus_at (DafuBlockRow *row,
          int           offset)
{
  GtkTextIter iter;

  if (row == NULL)
    return;
  if (offset < 0)
    gtk_text_buffer_get_end_iter (row->buffer, &iter);
  else
    gtk_text_buffer_get_iter_at_offset (row->buffer, &iter, offset);
  gtk_text_buffer_place_cursor (row->buffer, &iter);
  gtk_widget_grab_focus (GTK_WIDGET (row->text_view));
}

static int
cursor_offset (DafuBlockRow *self)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, gtk_text_buffer_get_insert (self->buffer));
  return gtk_text_iter_get_offset (&iter);
}

static GtkListBox *
parent_list (DafuBlockRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return GTK_IS_LIST_BOX (parent) ? GTK_LIST_BOX (parent) : NULL;
}

static void
insert_paragraph (DafuBlockRow *self,
                  gboolean      after)
{
  g_autoptr(DafuBlockRow) keep = g_object_ref (self);
  g_autoptr(DafuDraftBlock) block = NULL;
  GtkListBox *list = parent_list (self);
  guint position = dafu_block_row_get_position (self);

  if (position == G_MAXUINT || !self->editable)
    return;
  if (after)
    position++;

  block = dafu_draft_block_new (DAFU_BLOCK_KIND_TEXT, "");
  dafu_draft_break_undo_group (self->draft);
  dafu_draft_insert_block (self->draft, position, block);
  dafu_draft_break_undo_group (self->draft);
  if (list != NULL)
    focus_at (row_at (list, position), 0);
}

static void
insert_before_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  insert_paragraph (DAFU_BLOCK_ROW (widget), FALSE);
}

static void
insert_after_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  insert_paragraph (DAFU_BLOCK_ROW (widget), TRUE);
}

static void
move (DafuBlockRow *self,
      int           delta)
{
  g_autoptr(DafuBlockRow) keep = g_object_ref (self);
  GtkListBox *list = parent_list (self);
  guint position = dafu_block_row_get_position (self);
  guint n = dafu_draft_get_n_blocks (self->draft);
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->text_view));
  int offset = cursor_offset (self);
  guint to;

  if (position == G_MAXUINT || !self->editable)
    return;
  if ((delta < 0 && position == 0) || (delta > 0 && position + 1 >= n))
    return;
  to = position + delta;

  dafu_draft_break_undo_group (self->draft);
  dafu_draft_move_block (self->draft, position, to);
  dafu_draft_break_undo_group (self->draft);

  /* The list made a new row for the block where it went. */
  if (list != NULL)
    {
      DafuBlockRow *moved = row_at (list, to);

      if (had_focus)
        focus_at (moved, offset);
      else if (moved != NULL)
        gtk_widget_grab_focus (delta < 0 ? moved->up_button : moved->down_button);
    }
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move (DAFU_BLOCK_ROW (widget), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move (DAFU_BLOCK_ROW (widget), 1);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DafuBlockRow *self = DAFU_BLOCK_ROW (widget);
  g_autoptr(DafuBlockRow) keep = g_object_ref (self);
  GtkListBox *list = parent_list (self);
  guint position = dafu_block_row_get_position (self);
  guint n;

  if (position == G_MAXUINT || !self->editable)
    return;

  dafu_draft_break_undo_group (self->draft);
  dafu_draft_remove_block (self->draft, position);
  dafu_draft_break_undo_group (self->draft);

  /* The focus goes to the paragraph that took its place, else the one
   * before. */
  n = dafu_draft_get_n_blocks (self->draft);
  if (list != NULL && n > 0)
    focus_at (row_at (list, MIN (position, n - 1)), position < n ? 0 : -1);
}

/* ------------------------------------------------------------------ *
 * GObject
 * ------------------------------------------------------------------ */

static gboolean
resize_cb (gpointer user_data)
{
  DafuBlockRow *self = user_data;

  self->resize_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self->text_view));
  return G_SOURCE_REMOVE;
}

/* A text view measures its lines in an idle of its own after it is
 * shown; a row inserted while the list is laid out (a clause inserted from
 * the pane) kept the height of an empty view until the window was resized.
 * Asking again once those lines are measured gives the row its height. */
static void
dafu_block_row_map (GtkWidget *widget)
{
  DafuBlockRow *self = DAFU_BLOCK_ROW (widget);

  GTK_WIDGET_CLASS (dafu_block_row_parent_class)->map (widget);
  if (self->resize_id == 0)
    self->resize_id = g_idle_add_full (G_PRIORITY_LOW, resize_cb, self, NULL);
}

static void
dafu_block_row_dispose (GObject *object)
{
  DafuBlockRow *self = DAFU_BLOCK_ROW (object);

  g_clear_handle_id (&self->resize_id, g_source_remove);

  if (self->block != NULL)
    g_signal_handlers_disconnect_by_data (self->block, self);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->block);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->placeholders, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_BLOCK_ROW);

  G_OBJECT_CLASS (dafu_block_row_parent_class)->dispose (object);
}

static void
dafu_block_row_class_init (DafuBlockRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_block_row_dispose;
  widget_class->map = dafu_block_row_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-block-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, generated_label);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, DafuBlockRow, text_view);

  gtk_widget_class_install_action (widget_class, "block.insert-before", NULL, insert_before_action);
  gtk_widget_class_install_action (widget_class, "block.insert-after", NULL, insert_after_action);
  gtk_widget_class_install_action (widget_class, "block.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "block.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "block.delete", NULL, delete_action);
}

static void
dafu_block_row_init (DafuBlockRow *self)
{
  GtkEventController *controller;
  GtkShortcutController *shortcuts;

  self->editable = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  /* The draft keeps the history; the buffer's own would fight it. */
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  self->filled_tag = gtk_text_buffer_create_tag (self->buffer, "placeholder-filled",
                                                 "background", FILLED_BACKGROUND,
                                                 "weight", PANGO_WEIGHT_BOLD,
                                                 NULL);
  self->unfilled_tag = gtk_text_buffer_create_tag (self->buffer, "placeholder-unfilled",
                                                   "foreground", UNFILLED_FOREGROUND,
                                                   "background", UNFILLED_BACKGROUND,
                                                   "underline", PANGO_UNDERLINE_ERROR,
                                                   "weight", PANGO_WEIGHT_BOLD,
                                                   NULL);

  g_signal_connect (self->text_view, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  /* Before the text view sees them: Ctrl+Delete there would delete a word. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                                          gtk_named_action_new ("block.move-up")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                                          gtk_named_action_new ("block.move-down")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("block.delete")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Delete, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("block.delete")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
}

/**
 * dafu_block_row_new:
 * @draft: the draft @block belongs to
 * @block: the block to show and edit
 *
 * Returns: (transfer floating): a row for @block
 */
GtkWidget *
dafu_block_row_new (DafuDraft      *draft,
                    DafuDraftBlock *block)
{
  DafuBlockRow *self;
  const char *text;

  g_return_val_if_fail (DAFU_IS_DRAFT (draft), NULL);
  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (block), NULL);

  self = g_object_new (DAFU_TYPE_BLOCK_ROW, NULL);
  self->draft = g_object_ref (draft);
  self->block = g_object_ref (block);

  text = dafu_draft_block_get_text (block);
  self->updating++;
  gtk_text_buffer_set_text (self->buffer, text != NULL ? text : "", -1);
  self->updating--;
  update_kind (self);
  retag (self);

  g_signal_connect (self->buffer, "changed", G_CALLBACK (on_buffer_changed_cb), self);
  g_signal_connect (block, "notify::text", G_CALLBACK (on_block_text_cb), self);
  g_signal_connect_swapped (block, "notify::kind", G_CALLBACK (update_kind), self);
  g_signal_connect_swapped (block, "notify::generated", G_CALLBACK (update_kind), self);

  return GTK_WIDGET (self);
}

/**
 * dafu_block_row_get_draft:
 * @self: a #DafuBlockRow
 *
 * Returns: (transfer none): the draft the row's block belongs to
 */
DafuDraft *
dafu_block_row_get_draft (DafuBlockRow *self)
{
  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), NULL);
  return self->draft;
}

/**
 * dafu_block_row_get_block:
 * @self: a #DafuBlockRow
 *
 * Returns: (transfer none): the block shown
 */
DafuDraftBlock *
dafu_block_row_get_block (DafuBlockRow *self)
{
  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), NULL);
  return self->block;
}

/**
 * dafu_block_row_get_text_view:
 * @self: a #DafuBlockRow
 *
 * Returns: (transfer none): the view that edits the block's text
 */
GtkTextView *
dafu_block_row_get_text_view (DafuBlockRow *self)
{
  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), NULL);
  return self->text_view;
}

/**
 * dafu_block_row_get_position:
 * @self: a #DafuBlockRow
 *
 * Returns: the block's position in its draft, or %G_MAXUINT when the
 *   draft no longer has it
 */
guint
dafu_block_row_get_position (DafuBlockRow *self)
{
  guint position;

  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), G_MAXUINT);

  if (self->draft == NULL || self->block == NULL)
    return G_MAXUINT;
  position = dafu_draft_find_block (self->draft, self->block);
  return position < dafu_draft_get_n_blocks (self->draft) ? position : G_MAXUINT;
}

/**
 * dafu_block_row_set_values:
 * @self: a #DafuBlockRow
 * @values: (nullable): placeholder names and their values (from the
 *   draft's fields and its own values)
 *
 * Marks the placeholders again with these values.
 */
void
dafu_block_row_set_values (DafuBlockRow *self,
                           GHashTable   *values)
{
  g_return_if_fail (DAFU_IS_BLOCK_ROW (self));

  if (values != NULL)
    g_hash_table_ref (values);
  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = values;
  retag (self);
}

/**
 * dafu_block_row_get_n_unfilled:
 * @self: a #DafuBlockRow
 *
 * Returns: how many placeholders of the block have no value
 */
guint
dafu_block_row_get_n_unfilled (DafuBlockRow *self)
{
  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), 0);
  return self->n_unfilled;
}

/**
 * dafu_block_row_get_n_filled:
 * @self: a #DafuBlockRow
 *
 * Returns: how many placeholders of the block have a value
 */
guint
dafu_block_row_get_n_filled (DafuBlockRow *self)
{
  g_return_val_if_fail (DAFU_IS_BLOCK_ROW (self), 0);
  return self->n_filled;
}

/**
 * dafu_block_row_set_editable:
 * @self: a #DafuBlockRow
 * @editable: whether the block can be changed (not in a final draft)
 */
void
dafu_block_row_set_editable (DafuBlockRow *self,
                             gboolean      editable)
{
  g_return_if_fail (DAFU_IS_BLOCK_ROW (self));

  self->editable = !!editable;
  gtk_text_view_set_editable (self->text_view, self->editable);
  gtk_text_view_set_cursor_visible (self->text_view, self->editable);
  gtk_widget_set_visible (self->up_button, self->editable);
  gtk_widget_set_visible (self->down_button, self->editable);
  gtk_widget_set_visible (self->menu_button, self->editable);
  dafu_block_row_update_actions (self);
}

/**
 * dafu_block_row_update_actions:
 * @self: a #DafuBlockRow
 *
 * Enables moving up and down as the block's place allows; the editor
 * calls it when the blocks change.
 */
void
dafu_block_row_update_actions (DafuBlockRow *self)
{
  guint position, n;

  g_return_if_fail (DAFU_IS_BLOCK_ROW (self));

  position = dafu_block_row_get_position (self);
  n = self->draft != NULL ? dafu_draft_get_n_blocks (self->draft) : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "block.move-up",
                                 self->editable && position != G_MAXUINT && position > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "block.move-down",
                                 self->editable && position != G_MAXUINT && position + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "block.insert-before", self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "block.insert-after", self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "block.delete", self->editable);
}

/**
 * dafu_block_row_focus:
 * @self: a #DafuBlockRow
 *
 * Puts the keyboard focus in the block's text.
 */
void
dafu_block_row_focus (DafuBlockRow *self)
{
  g_return_if_fail (DAFU_IS_BLOCK_ROW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

/**
 * dafu_block_row_select_range:
 * @self: a #DafuBlockRow
 * @start: the first character to select, in the block's text
 * @end: the character after the last one
 *
 * Focuses the block's text and selects that range (clamped to the text).
 */
void
dafu_block_row_select_range (DafuBlockRow *self,
                             guint         start,
                             guint         end)
{
  GtkTextIter from, to;
  guint n;

  g_return_if_fail (DAFU_IS_BLOCK_ROW (self));

  n = gtk_text_buffer_get_char_count (self->buffer);
  start = MIN (start, n);
  end = CLAMP (end, start, n);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  gtk_text_buffer_get_iter_at_offset (self->buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &to, end);
  gtk_text_buffer_select_range (self->buffer, &to, &from);
  gtk_text_view_scroll_to_iter (self->text_view, &from, 0.0, FALSE, 0, 0);
}
