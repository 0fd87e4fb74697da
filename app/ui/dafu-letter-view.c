/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-letter-view"

#include "config.h"

#include "dafu-letter-view.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dafu-consultation.h"
#include "dafu-section.h"

/**
 * DafuLetterView:
 *
 * Shows one reply letter: its title, the fields read from it (and the
 * consultation record when it has one) and its body, built from its
 * sections with their headings.  With a query it highlights every match
 * in the body and steps through them (`letter.next-hit`,
 * `letter.previous-hit`); `letter.copy-text` copies the whole letter.
 */

/* The fields block, in the order shown. */
typedef enum {
  ROW_ISSUER,
  ROW_DOC_NUMBER,
  ROW_CATEGORY,
  ROW_SIGNER,
  ROW_SESSION,
  ROW_SUGGESTION_NUMBER,
  ROW_ADDRESSEE,
  ROW_DATE,
  ROW_HANDLER,
  ROW_CONTACT,
  ROW_CC,
  ROW_DISCLOSURE,
  N_ROWS
} Row;

typedef enum {
  CROW_DATE,
  CROW_PLACE,
  CROW_OFFICER,
  CROW_DEPUTY_PHONE,
  CROW_SUGGESTION_POINTS,
  CROW_REPLY_POINTS,
  N_CROWS
} ConsultationRow;

static const char * const row_names[N_ROWS] = {
  [ROW_ISSUER] = N_("Issuer"),
  [ROW_DOC_NUMBER] = N_("Document Number"),
  [ROW_CATEGORY] = N_("Category"),
  [ROW_SIGNER] = N_("Signer"),
  [ROW_SESSION] = N_("Session"),
  [ROW_SUGGESTION_NUMBER] = N_("Suggestion Number"),
  [ROW_ADDRESSEE] = N_("Addressee"),
  [ROW_DATE] = N_("Date"),
  [ROW_HANDLER] = N_("Handler"),
  [ROW_CONTACT] = N_("Contact"),
  [ROW_CC] = N_("Copied To"),
  [ROW_DISCLOSURE] = N_("Disclosure"),
};

static const char * const crow_names[N_CROWS] = {
  [CROW_DATE] = N_("Date"),
  [CROW_PLACE] = N_("Place"),
  [CROW_OFFICER] = N_("Officer"),
  [CROW_DEPUTY_PHONE] = N_("Deputy’s Phone"),
  [CROW_SUGGESTION_POINTS] = N_("Points Raised"),
  [CROW_REPLY_POINTS] = N_("Points Answered"),
};

/* What a field the letter does not state shows. */
#define NO_VALUE "—"

typedef struct
{
  GtkWidget *row;
  GtkWidget *value_label;
  GtkWidget *copy_button;
} FieldRow;

typedef struct
{
  int start;  /* character offsets into the buffer */
  int end;
} CharRange;

struct _DafuLetterView
{
  AdwBin             parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  GtkRevealer       *hit_revealer;
  GtkLabel          *hit_label;
  GtkScrolledWindow *scrolled_window;
  GtkViewport       *viewport;
  GtkLabel          *title_label;
  GtkListBox        *fields_list;
  GtkWidget         *consultation_box;
  GtkListBox        *consultation_list;
  GtkTextView       *text_view;

  GtkSizeGroup      *name_group;
  FieldRow           rows[N_ROWS];
  FieldRow           crows[N_CROWS];

  GtkTextBuffer     *buffer;
  GtkTextTag        *heading_tag;
  GtkTextTag        *subheading_tag;
  GtkTextTag        *dim_tag;
  GtkTextTag        *hit_tag;
  GtkTextTag        *current_hit_tag;

  DafuLetter        *letter;
  DafuQuery         *query;
  GArray            *hits;        /* CharRange */
  int                current_hit;

  guint              scroll_source;
  gboolean           scroll_pending;
  guint              scroll_tries;
  guint              scroll_stable;
  int                scroll_last_height;
  double             scroll_value;        /* where the view was left */
  gulong             letter_notify_id;
  gulong             dark_notify_id;
  gulong             contrast_notify_id;
  guint              dim_color_source;
  GtkRoot           *root;
  gulong             focus_notify_id;
};

G_DEFINE_FINAL_TYPE (DafuLetterView, dafu_letter_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LETTER,
  PROP_QUERY,
  PROP_N_HITS,
  PROP_CURRENT_HIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_actions (DafuLetterView *self)
{
  gboolean has_hits = self->hits->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.next-hit", has_hits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.previous-hit", has_hits);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "letter.copy-text", self->letter != NULL);
}

static void
show_toast (DafuLetterView *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 2);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_to_clipboard (DafuLetterView *self,
                   const char     *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  show_toast (self, _("Copied to clipboard"));
}

/* Fields */

static void
on_copy_button_clicked_cb (GtkButton      *button,
                           DafuLetterView *self)
{
  GtkLabel *value = g_object_get_data (G_OBJECT (button), "dafu-value-label");

  copy_to_clipboard (self, gtk_label_get_text (value));
}

static void
build_row (DafuLetterView *self,
           GtkListBox     *list,
           FieldRow       *row,
           const char     *name)
{
  /* Translators: the tooltip of a field's copy button, "Copy Signer" */
  g_autofree char *copy_label = g_strdup_printf (_("Copy %s"), name);
  GtkWidget *box, *name_label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_set_valign (name_label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_size_group_add_widget (self->name_group, name_label);
  gtk_box_append (GTK_BOX (box), name_label);

  row->value_label = gtk_label_new (NO_VALUE);
  gtk_label_set_xalign (GTK_LABEL (row->value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (row->value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (row->value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (row->value_label), TRUE);
  /* Selectable with the pointer; the keyboard has the copy button. */
  gtk_widget_set_focusable (row->value_label, FALSE);
  gtk_widget_set_hexpand (row->value_label, TRUE);
  gtk_widget_set_valign (row->value_label, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->value_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, name,
                                  -1);
  gtk_box_append (GTK_BOX (box), row->value_label);

  row->copy_button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (row->copy_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->copy_button, copy_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  gtk_widget_add_css_class (row->copy_button, "flat");
  g_object_set_data (G_OBJECT (row->copy_button), "dafu-value-label", row->value_label);
  g_signal_connect (row->copy_button, "clicked", G_CALLBACK (on_copy_button_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), row->copy_button);

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);
  gtk_list_box_append (list, row->row);
}

/* Shows @value, or a dimmed dash without a copy button when it is %NULL;
 * the button keeps its place so that every row has the same layout. */
static void
set_row_value (FieldRow   *row,
               const char *value)
{
  gboolean known = value != NULL && value[0] != '\0';

  gtk_label_set_text (GTK_LABEL (row->value_label), known ? value : NO_VALUE);
  if (known)
    gtk_widget_remove_css_class (row->value_label, "dim-label");
  else
    gtk_widget_add_css_class (row->value_label, "dim-label");
  gtk_widget_set_sensitive (row->copy_button, known);
  gtk_widget_set_opacity (row->copy_button, known ? 1.0 : 0.0);
}

/* @a and @b joined by a space, either of them possibly missing. */
static char *
join_values (const char *a,
             const char *b)
{
  gboolean has_a = a != NULL && a[0] != '\0';
  gboolean has_b = b != NULL && b[0] != '\0';

  if (has_a && has_b)
    return g_strdup_printf ("%s %s", a, b);
  if (has_a)
    return g_strdup (a);
  if (has_b)
    return g_strdup (b);
  return NULL;
}

static char *
points_text (int points)
{
  return points >= 0 ? g_strdup_printf ("%d", points) : NULL;
}

static void
update_fields (DafuLetterView *self)
{
  static const struct {
    Row row;
    DafuLetterField field;
  } plain[] = {
    { ROW_ISSUER, DAFU_LETTER_FIELD_ISSUER },
    { ROW_DOC_NUMBER, DAFU_LETTER_FIELD_DOC_NUMBER },
    { ROW_CATEGORY, DAFU_LETTER_FIELD_CATEGORY },
    { ROW_SIGNER, DAFU_LETTER_FIELD_SIGNER },
    { ROW_SESSION, DAFU_LETTER_FIELD_SESSION },
    { ROW_SUGGESTION_NUMBER, DAFU_LETTER_FIELD_SUGGESTION_NUMBER },
    { ROW_DATE, DAFU_LETTER_FIELD_DATE },
    { ROW_HANDLER, DAFU_LETTER_FIELD_HANDLER },
    { ROW_CC, DAFU_LETTER_FIELD_CC },
    { ROW_DISCLOSURE, DAFU_LETTER_FIELD_PUBLIC_NOTE },
  };
  DafuLetter *letter = self->letter;
  DafuConsultation *consultation;
  g_autofree char *addressee = NULL;
  g_autofree char *contact = NULL;
  const char *title;

  if (letter == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      for (guint i = 0; i < N_ROWS; i++)
        set_row_value (&self->rows[i], NULL);
      gtk_widget_set_visible (self->consultation_box, FALSE);
      return;
    }

  title = dafu_letter_get_title (letter);
  if (title == NULL || title[0] == '\0')
    title = dafu_letter_get_file_name (letter);
  if (title == NULL || title[0] == '\0')
    title = _("Untitled Letter");
  gtk_label_set_text (self->title_label, title);

  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    set_row_value (&self->rows[plain[i].row], dafu_letter_get_field (letter, plain[i].field));

  addressee = join_values (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE),
                           dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE_ROLE));
  set_row_value (&self->rows[ROW_ADDRESSEE], addressee);
  contact = join_values (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CONTACT),
                         dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CONTACT_PHONE));
  set_row_value (&self->rows[ROW_CONTACT], contact);

  consultation = dafu_letter_get_consultation (letter);
  gtk_widget_set_visible (self->consultation_box, consultation != NULL);
  if (consultation != NULL)
    {
      g_autofree char *officer = NULL;
      g_autofree char *raised = NULL;
      g_autofree char *answered = NULL;

      officer = join_values (dafu_consultation_get_officer (consultation),
                             dafu_consultation_get_officer_phone (consultation));
      raised = points_text (dafu_consultation_get_suggestion_points (consultation));
      answered = points_text (dafu_consultation_get_reply_points (consultation));

      set_row_value (&self->crows[CROW_DATE], dafu_consultation_get_date (consultation));
      set_row_value (&self->crows[CROW_PLACE], dafu_consultation_get_place (consultation));
      set_row_value (&self->crows[CROW_OFFICER], officer);
      set_row_value (&self->crows[CROW_DEPUTY_PHONE], dafu_consultation_get_deputy_phone (consultation));
      set_row_value (&self->crows[CROW_SUGGESTION_POINTS], raised);
      set_row_value (&self->crows[CROW_REPLY_POINTS], answered);
    }
}

/* Body */

static void
update_dim_color (DafuLetterView *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->text_view));
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA color;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  color.alpha *= 0.55f;
  g_object_set (self->dim_tag, "foreground-rgba", &color, NULL);
}

static gboolean
update_dim_color_cb (gpointer user_data)
{
  DafuLetterView *self = user_data;

  self->dim_color_source = 0;
  update_dim_color (self);
  return G_SOURCE_REMOVE;
}

/* The new style's colours are known only once GTK has restyled the
 * widgets, so read them after the next frame's work. */
static void
on_style_changed_cb (DafuLetterView *self)
{
  if (self->dim_color_source == 0)
    self->dim_color_source = g_idle_add_full (G_PRIORITY_LOW, update_dim_color_cb, self, NULL);
}

static void
append_text (DafuLetterView *self,
             gboolean       *first,
             const char     *text,
             GtkTextTag     *tag)
{
  GtkTextIter end;

  if (text == NULL || text[0] == '\0')
    return;

  gtk_text_buffer_get_end_iter (self->buffer, &end);
  if (!*first)
    gtk_text_buffer_insert (self->buffer, &end, "\n", 1);
  *first = FALSE;

  if (tag != NULL)
    gtk_text_buffer_insert_with_tags (self->buffer, &end, text, -1, tag, NULL);
  else
    gtk_text_buffer_insert (self->buffer, &end, text, -1);
}

static void
build_body (DafuLetterView *self)
{
  GListModel *sections;
  guint n_sections;
  gboolean first = TRUE;

  gtk_text_buffer_set_text (self->buffer, "", 0);
  if (self->letter == NULL)
    return;

  sections = dafu_letter_get_sections (self->letter);
  n_sections = sections != NULL ? g_list_model_get_n_items (sections) : 0;

  if (n_sections == 0)
    {
      const char *text = dafu_letter_get_text (self->letter);

      if (text != NULL && g_utf8_validate (text, -1, NULL))
        gtk_text_buffer_set_text (self->buffer, text, -1);
      else if (text != NULL)
        {
          g_autofree char *valid = g_utf8_make_valid (text, -1);
          gtk_text_buffer_set_text (self->buffer, valid, -1);
        }
      return;
    }

  for (guint i = 0; i < n_sections; i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
      DafuSectionKind kind = dafu_section_get_kind (section);
      const char *heading = dafu_section_get_heading (section);
      GtkTextTag *text_tag = NULL;

      if (heading != NULL && heading[0] != '\0')
        append_text (self, &first, heading,
                     dafu_section_get_level (section) >= 2 ? self->subheading_tag : self->heading_tag);

      if (kind == DAFU_SECTION_KIND_SIGNATURE || kind == DAFU_SECTION_KIND_FOOTER)
        text_tag = self->dim_tag;
      append_text (self, &first, dafu_section_get_text (section), text_tag);
    }
}

/* Hits */

/* Brings the current hit into view unless it is in view already; returns
 * whether it moved the view. */
static gboolean
scroll_to_current_hit_now (DafuLetterView *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled_window);
  const CharRange *hit;
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;
  double x, y, value, page, target;

  if (self->current_hit < 0 || (guint) self->current_hit >= self->hits->len || content == NULL)
    return FALSE;

  /* The viewport's child: its coordinates are the scrolled content's. */
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));

  hit = &g_array_index (self->hits, CharRange, self->current_hit);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, hit->start);
  gtk_text_view_get_iter_location (self->text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->text_view), content, wx, wy, &x, &y))
    return FALSE;

  value = gtk_adjustment_get_value (vadjustment);
  page = gtk_adjustment_get_page_size (vadjustment);

  /* Leave it where it is when the whole hit is in sight. */
  if (y >= value && y + rect.height <= value + page)
    return FALSE;

  target = y - page / 3;
  target = CLAMP (target, gtk_adjustment_get_lower (vadjustment),
                  gtk_adjustment_get_upper (vadjustment) - page);
  gtk_adjustment_set_value (vadjustment, target);
  self->scroll_value = gtk_adjustment_get_value (vadjustment);
  return TRUE;
}

/* How often and how long to follow the layout of a long text. */
#define SCROLL_INTERVAL_MS 20
#define SCROLL_MAX_TRIES 250
#define SCROLL_STABLE_TRIES 5

/* The view lays long text out bit by bit in the background, which moves
 * the hit down as the lines above it get their real heights: scroll again
 * whenever the height of the text changes, until it holds still, unless
 * the user has scrolled meanwhile. */
static gboolean
scroll_to_current_hit_cb (gpointer user_data)
{
  DafuLetterView *self = user_data;
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  int height = gtk_widget_get_height (GTK_WIDGET (self->text_view));

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    {
      /* on_text_view_map_cb() starts again. */
      self->scroll_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (self->scroll_tries > 0 && G_APPROX_VALUE (gtk_adjustment_get_value (vadjustment),
                                                self->scroll_value, 0.5) == FALSE)
    {
      /* The user scrolled: theirs to say where to look now. */
      self->scroll_pending = FALSE;
      self->scroll_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (height > 0 && height != self->scroll_last_height)
    {
      self->scroll_stable = 0;
      scroll_to_current_hit_now (self);
    }
  else
    self->scroll_stable++;

  self->scroll_last_height = height;
  self->scroll_value = gtk_adjustment_get_value (vadjustment);

  if (++self->scroll_tries >= SCROLL_MAX_TRIES || (height > 0 && self->scroll_stable >= SCROLL_STABLE_TRIES))
    {
      scroll_to_current_hit_now (self);
      self->scroll_pending = FALSE;
      self->scroll_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
queue_scroll_to_current_hit (DafuLetterView *self)
{
  if (self->current_hit < 0)
    return;

  self->scroll_pending = TRUE;
  self->scroll_tries = 0;
  self->scroll_stable = 0;
  self->scroll_last_height = -1;
  if (self->scroll_source != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->text_view)))
    return;

  self->scroll_source = g_timeout_add_full (G_PRIORITY_LOW, SCROLL_INTERVAL_MS,
                                            scroll_to_current_hit_cb, self, NULL);
}

/* The viewport does not scroll to the focus (it would jump to the top of
 * the long body when it is clicked); this brings any other widget that
 * takes the focus, a copy button say, into view. */
static void
on_focus_widget_changed_cb (DafuLetterView *self)
{
  GtkWidget *content = gtk_viewport_get_child (self->viewport);
  GtkWidget *focus = gtk_root_get_focus (self->root);
  GtkAdjustment *vadjustment;
  graphene_rect_t bounds;

  if (focus == NULL || content == NULL || !gtk_widget_is_ancestor (focus, content))
    return;
  if (focus == GTK_WIDGET (self->text_view) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->text_view)))
    return;
  if (!gtk_widget_compute_bounds (focus, content, &bounds))
    return;

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_clamp_page (vadjustment, bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
dafu_letter_view_root (GtkWidget *widget)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (widget);

  GTK_WIDGET_CLASS (dafu_letter_view_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  self->focus_notify_id = g_signal_connect_swapped (self->root, "notify::focus-widget",
                                                    G_CALLBACK (on_focus_widget_changed_cb), self);
}

static void
dafu_letter_view_unroot (GtkWidget *widget)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (widget);

  if (self->root != NULL)
    g_clear_signal_handler (&self->focus_notify_id, self->root);
  self->root = NULL;

  GTK_WIDGET_CLASS (dafu_letter_view_parent_class)->unroot (widget);
}

/* Focusing the view focuses the letter's body, where the keyboard reads
 * and selects. */
static gboolean
dafu_letter_view_grab_focus (GtkWidget *widget)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
on_text_view_map_cb (DafuLetterView *self)
{
  if (self->scroll_pending)
    queue_scroll_to_current_hit (self);
}

static void
update_hit_bar (DafuLetterView *self)
{
  const char * const *terms = self->query != NULL ? dafu_query_get_terms (self->query) : NULL;
  gboolean show = self->letter != NULL && terms != NULL && terms[0] != NULL;

  gtk_revealer_set_reveal_child (self->hit_revealer, show);
  if (!show)
    return;

  if (self->hits->len == 0)
    gtk_label_set_text (self->hit_label, _("No matches in this letter"));
  else
    {
      /* Translators: the match in view and how many there are, "3 of 12" */
      g_autofree char *text = g_strdup_printf (_("%u of %u"), (guint) self->current_hit + 1, self->hits->len);

      gtk_label_set_text (self->hit_label, text);
    }
}

static void
set_current_hit_internal (DafuLetterView *self,
                          int             hit)
{
  GtkTextIter start, end;

  if (self->current_hit >= 0 && (guint) self->current_hit < self->hits->len)
    {
      const CharRange *old = &g_array_index (self->hits, CharRange, self->current_hit);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, old->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, old->end);
      gtk_text_buffer_remove_tag (self->buffer, self->current_hit_tag, &start, &end);
    }

  self->current_hit = hit;

  if (hit >= 0)
    {
      const CharRange *now = &g_array_index (self->hits, CharRange, hit);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, now->start);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, now->end);
      gtk_text_buffer_apply_tag (self->buffer, self->current_hit_tag, &start, &end);
      queue_scroll_to_current_hit (self);
    }
  else
    self->scroll_pending = FALSE;

  update_hit_bar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_HIT]);
}

/* Finds the query's hits in the text of the buffer and marks them all;
 * the first becomes the current one. */
static void
update_hits (DafuLetterView *self)
{
  GtkTextIter start, end;
  guint old_n = self->hits->len;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->hit_tag, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->current_hit_tag, &start, &end);
  g_array_set_size (self->hits, 0);
  self->current_hit = -1;

  if (self->query != NULL && self->letter != NULL)
    {
      /* The slice holds a character for every buffer position, so that
       * its character offsets are the buffer's. */
      g_autofree char *text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
      g_autoptr(GArray) hits = dafu_query_find_hits (self->query, text);
      const char *pos = text;
      int offset = 0;

      g_array_set_size (self->hits, hits->len);
      for (guint i = 0; i < hits->len; i++)
        {
          const DafuHit *hit = &g_array_index (hits, DafuHit, i);
          CharRange *range = &g_array_index (self->hits, CharRange, i);

          /* One pass through the text for all hits. */
          offset += g_utf8_pointer_to_offset (pos, text + hit->start);
          range->start = offset;
          offset += g_utf8_pointer_to_offset (text + hit->start, text + hit->end);
          range->end = offset;
          pos = text + hit->end;

          gtk_text_buffer_get_iter_at_offset (self->buffer, &start, range->start);
          gtk_text_buffer_get_iter_at_offset (self->buffer, &end, range->end);
          gtk_text_buffer_apply_tag (self->buffer, self->hit_tag, &start, &end);
        }
    }

  if (old_n != self->hits->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HITS]);

  update_actions (self);
  set_current_hit_internal (self, self->hits->len > 0 ? 0 : -1);
}

/* Actions */

static void
next_hit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  dafu_letter_view_next_hit (DAFU_LETTER_VIEW (widget));
}

static void
previous_hit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  dafu_letter_view_previous_hit (DAFU_LETTER_VIEW (widget));
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (widget);
  const char *text;
  g_autofree char *buffer_text = NULL;

  if (self->letter == NULL)
    return;

  text = dafu_letter_get_text (self->letter);
  if (text == NULL || text[0] == '\0')
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      text = buffer_text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
    }

  copy_to_clipboard (self, text);
}

static void
on_letter_notify_cb (DafuLetterView *self,
                     GParamSpec     *pspec,
                     DafuLetter     *letter)
{
  /* A corrected field shows at once; the body stays as it is. */
  update_fields (self);
}

/* GObject */

static void
dafu_letter_view_dispose (GObject *object)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (object);

  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_handle_id (&self->dim_color_source, g_source_remove);
  g_clear_signal_handler (&self->dark_notify_id, adw_style_manager_get_default ());
  g_clear_signal_handler (&self->contrast_notify_id, adw_style_manager_get_default ());
  if (self->letter != NULL)
    g_clear_signal_handler (&self->letter_notify_id, self->letter);
  g_clear_object (&self->letter);
  g_clear_object (&self->query);

  /* AdwBin unparents its child in its own dispose; let it go first so the
   * template does not leave AdwBin a dangling child. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_LETTER_VIEW);

  G_OBJECT_CLASS (dafu_letter_view_parent_class)->dispose (object);
}

static void
dafu_letter_view_finalize (GObject *object)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (object);

  g_clear_pointer (&self->hits, g_array_unref);
  g_clear_object (&self->name_group);

  G_OBJECT_CLASS (dafu_letter_view_parent_class)->finalize (object);
}

static void
dafu_letter_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_LETTER:
      g_value_set_object (value, self->letter);
      break;
    case PROP_QUERY:
      g_value_set_object (value, self->query);
      break;
    case PROP_N_HITS:
      g_value_set_uint (value, self->hits->len);
      break;
    case PROP_CURRENT_HIT:
      g_value_set_int (value, self->current_hit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_letter_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DafuLetterView *self = DAFU_LETTER_VIEW (object);

  switch (prop_id)
    {
    case PROP_LETTER:
      dafu_letter_view_set_letter (self, g_value_get_object (value));
      break;
    case PROP_QUERY:
      dafu_letter_view_set_query (self, g_value_get_object (value));
      break;
    case PROP_CURRENT_HIT:
      dafu_letter_view_set_current_hit (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_letter_view_class_init (DafuLetterViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_letter_view_dispose;
  object_class->finalize = dafu_letter_view_finalize;
  object_class->get_property = dafu_letter_view_get_property;
  object_class->set_property = dafu_letter_view_set_property;

  widget_class->root = dafu_letter_view_root;
  widget_class->unroot = dafu_letter_view_unroot;
  widget_class->grab_focus = dafu_letter_view_grab_focus;

  /**
   * DafuLetterView:letter:
   *
   * The letter shown, or %NULL for none.
   */
  properties[PROP_LETTER] =
    g_param_spec_object ("letter", NULL, NULL, DAFU_TYPE_LETTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuLetterView:query:
   *
   * The query whose matches are highlighted, or %NULL for none.
   */
  properties[PROP_QUERY] =
    g_param_spec_object ("query", NULL, NULL, DAFU_TYPE_QUERY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuLetterView:n-hits:
   *
   * How many stretches of the letter's body match the query.
   */
  properties[PROP_N_HITS] =
    g_param_spec_uint ("n-hits", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * DafuLetterView:current-hit:
   *
   * The index of the match in view, or -1 when there is none.
   */
  properties[PROP_CURRENT_HIT] =
    g_param_spec_int ("current-hit", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-letter-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, hit_revealer);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, hit_label);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, viewport);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, title_label);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, fields_list);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, consultation_box);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, consultation_list);
  gtk_widget_class_bind_template_child (widget_class, DafuLetterView, text_view);

  /* The shortcuts for stepping through the hits, Ctrl+G and Shift+Ctrl+G,
   * are the window's, so that they work from its search entry too. */
  gtk_widget_class_install_action (widget_class, "letter.next-hit", NULL, next_hit_action);
  gtk_widget_class_install_action (widget_class, "letter.previous-hit", NULL, previous_hit_action);
  gtk_widget_class_install_action (widget_class, "letter.copy-text", NULL, copy_text_action);
}

static void
dafu_letter_view_init (DafuLetterView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  self->hits = g_array_new (FALSE, FALSE, sizeof (CharRange));
  self->current_hit = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->name_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  for (guint i = 0; i < N_ROWS; i++)
    build_row (self, self->fields_list, &self->rows[i], _(row_names[i]));
  for (guint i = 0; i < N_CROWS; i++)
    build_row (self, self->consultation_list, &self->crows[i], _(crow_names[i]));

  self->buffer = gtk_text_view_get_buffer (self->text_view);
  self->heading_tag = gtk_text_buffer_create_tag (self->buffer, "heading",
                                                  "weight", PANGO_WEIGHT_BOLD,
                                                  "scale", 1.15,
                                                  "pixels-above-lines", 8,
                                                  NULL);
  self->subheading_tag = gtk_text_buffer_create_tag (self->buffer, "subheading",
                                                     "weight", PANGO_WEIGHT_BOLD,
                                                     NULL);
  self->dim_tag = gtk_text_buffer_create_tag (self->buffer, "dim",
                                              "scale", 0.9,
                                              NULL);
  /* Created last, so that they win over the tags above. */
  self->hit_tag = gtk_text_buffer_create_tag (self->buffer, "hit",
                                              "background-rgba", &(GdkRGBA) { 0.965f, 0.827f, 0.176f, 0.5f },
                                              NULL);
  self->current_hit_tag = gtk_text_buffer_create_tag (self->buffer, "current-hit",
                                                      "background-rgba", &(GdkRGBA) { 1.0f, 0.471f, 0.0f, 0.75f },
                                                      NULL);

  update_dim_color (self);
  self->dark_notify_id = g_signal_connect_swapped (style_manager, "notify::dark",
                                                   G_CALLBACK (on_style_changed_cb), self);
  self->contrast_notify_id = g_signal_connect_swapped (style_manager, "notify::high-contrast",
                                                       G_CALLBACK (on_style_changed_cb), self);
  g_signal_connect_object (self->text_view, "realize",
                           G_CALLBACK (update_dim_color), self,
                           G_CONNECT_SWAPPED);

  g_signal_connect_object (self->text_view, "map",
                           G_CALLBACK (on_text_view_map_cb), self,
                           G_CONNECT_SWAPPED);

  update_fields (self);
  update_actions (self);
}

/**
 * dafu_letter_view_new:
 *
 * Returns: (transfer floating): a new, empty #DafuLetterView
 */
GtkWidget *
dafu_letter_view_new (void)
{
  return g_object_new (DAFU_TYPE_LETTER_VIEW, NULL);
}

/**
 * dafu_letter_view_get_letter:
 * @self: a #DafuLetterView
 *
 * Returns: (transfer none) (nullable): the letter shown
 */
DafuLetter *
dafu_letter_view_get_letter (DafuLetterView *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER_VIEW (self), NULL);

  return self->letter;
}

/**
 * dafu_letter_view_set_letter:
 * @self: a #DafuLetterView
 * @letter: (nullable): the letter to show, or %NULL to show nothing
 *
 * Shows @letter, with the query's matches marked and the first one in
 * view.
 */
void
dafu_letter_view_set_letter (DafuLetterView *self,
                             DafuLetter     *letter)
{
  g_return_if_fail (DAFU_IS_LETTER_VIEW (self));
  g_return_if_fail (letter == NULL || DAFU_IS_LETTER (letter));

  if (self->letter == letter)
    return;

  if (self->letter != NULL)
    g_clear_signal_handler (&self->letter_notify_id, self->letter);
  g_set_object (&self->letter, letter);
  if (letter != NULL)
    self->letter_notify_id = g_signal_connect_object (letter, "notify",
                                                      G_CALLBACK (on_letter_notify_cb), self,
                                                      G_CONNECT_SWAPPED);

  update_fields (self);
  build_body (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);
  update_hits (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LETTER]);
}

/**
 * dafu_letter_view_get_query:
 * @self: a #DafuLetterView
 *
 * Returns: (transfer none) (nullable): the query whose matches are marked
 */
DafuQuery *
dafu_letter_view_get_query (DafuLetterView *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER_VIEW (self), NULL);

  return self->query;
}

/**
 * dafu_letter_view_set_query:
 * @self: a #DafuLetterView
 * @query: (nullable): the query to highlight, or %NULL for none
 *
 * Marks every match of @query's terms in the letter's body and brings the
 * first one into view.
 */
void
dafu_letter_view_set_query (DafuLetterView *self,
                            DafuQuery      *query)
{
  g_return_if_fail (DAFU_IS_LETTER_VIEW (self));
  g_return_if_fail (query == NULL || DAFU_IS_QUERY (query));

  if (!g_set_object (&self->query, query))
    return;

  update_hits (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * dafu_letter_view_get_n_hits:
 * @self: a #DafuLetterView
 *
 * Returns: how many stretches of the body match the query
 */
guint
dafu_letter_view_get_n_hits (DafuLetterView *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER_VIEW (self), 0);

  return self->hits->len;
}

/**
 * dafu_letter_view_get_current_hit:
 * @self: a #DafuLetterView
 *
 * Returns: the index of the current match, or -1 when there is none
 */
int
dafu_letter_view_get_current_hit (DafuLetterView *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER_VIEW (self), -1);

  return self->current_hit;
}

/**
 * dafu_letter_view_set_current_hit:
 * @self: a #DafuLetterView
 * @hit: the index of a match
 *
 * Makes match @hit the current one and brings it into view.  An index out
 * of range is ignored.
 */
void
dafu_letter_view_set_current_hit (DafuLetterView *self,
                                  int             hit)
{
  g_return_if_fail (DAFU_IS_LETTER_VIEW (self));

  if (hit < 0 || (guint) hit >= self->hits->len)
    return;

  if (hit == self->current_hit)
    {
      queue_scroll_to_current_hit (self);
      return;
    }

  set_current_hit_internal (self, hit);
}

/**
 * dafu_letter_view_next_hit:
 * @self: a #DafuLetterView
 *
 * Moves to the next match, from the last one to the first.
 */
void
dafu_letter_view_next_hit (DafuLetterView *self)
{
  g_return_if_fail (DAFU_IS_LETTER_VIEW (self));

  if (self->hits->len == 0)
    return;

  dafu_letter_view_set_current_hit (self, (self->current_hit + 1) % (int) self->hits->len);
}

/**
 * dafu_letter_view_previous_hit:
 * @self: a #DafuLetterView
 *
 * Moves to the previous match, from the first one to the last.
 */
void
dafu_letter_view_previous_hit (DafuLetterView *self)
{
  int n;

  g_return_if_fail (DAFU_IS_LETTER_VIEW (self));

  n = (int) self->hits->len;
  if (n == 0)
    return;

  dafu_letter_view_set_current_hit (self, self->current_hit <= 0 ? n - 1 : self->current_hit - 1);
}

/**
 * dafu_letter_view_get_text_view:
 * @self: a #DafuLetterView
 *
 * The text view that shows the letter's body, for a caller that needs to
 * reach its buffer (to print it, say) or to give it the focus.
 *
 * Returns: (transfer none): the body's text view
 */
GtkTextView *
dafu_letter_view_get_text_view (DafuLetterView *self)
{
  g_return_val_if_fail (DAFU_IS_LETTER_VIEW (self), NULL);

  return self->text_view;
}
