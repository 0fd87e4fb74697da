/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-result-row"

#include "config.h"

#include "dafu-result-row.h"

#include <glib/gi18n.h>
#include <string.h>

/* How much of the letter a snippet shows, in characters. */
#define SNIPPET_WIDTH 90

/**
 * DafuResultRow:
 *
 * One hit in the results list: the title, a line with city · 文号 · date,
 * the category as a badge and the snippet with the matched text marked.
 */
struct _DafuResultRow
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkLabel   *title_label;
  GtkLabel   *category_label;
  GtkLabel   *meta_label;
  GtkLabel   *snippet_label;

  DafuLetter *letter;
};

G_DEFINE_FINAL_TYPE (DafuResultRow, dafu_result_row, GTK_TYPE_WIDGET)

/* The snippet marks hits with <b>; give them the highlight colour too. */
static char *
highlight_markup (const char *snippet)
{
  g_auto(GStrv) open_parts = g_strsplit (snippet, "<b>", -1);
  g_autofree char *opened = g_strjoinv ("<span weight=\"bold\" bgcolor=\"#f6d32d\" bgalpha=\"40%\">", open_parts);
  g_auto(GStrv) close_parts = g_strsplit (opened, "</b>", -1);

  return g_strjoinv ("</span>", close_parts);
}

static char *
meta_line (DafuLetter *letter)
{
  const char *parts[] = {
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY),
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER),
    dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE),
  };
  g_autoptr(GPtrArray) present = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_ptr_array_add (present, (gpointer) parts[i]);
  if (present->len == 0 && dafu_letter_get_file_name (letter) != NULL)
    g_ptr_array_add (present, (gpointer) dafu_letter_get_file_name (letter));
  g_ptr_array_add (present, NULL);

  return g_strjoinv (" · ", (char **) present->pdata);
}

/* Without a search, the row shows how the letter begins: after the
 * salutation (代表：/委员：) when there is one, past the header lines. */
static char *
opening_snippet (const char *text)
{
  static const char * const salutations[] = { "代表：", "委员：", "代表:", "委员:" };
  const char *start = text;
  g_autofree char *part = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (salutations); i++)
    {
      const char *found = strstr (text, salutations[i]);

      if (found != NULL && (start == text || found < start))
        start = found + strlen (salutations[i]);
    }

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  /* g_utf8_substring() reads past the end of a shorter text. */
  part = g_utf8_substring (start, 0, MIN (g_utf8_strlen (start, -1), SNIPPET_WIDTH));
  return g_markup_escape_text (g_strdelimit (part, "\n\t", ' '), -1);
}

/**
 * dafu_result_row_set_letter:
 * @self: a row
 * @letter: (nullable): the letter to show
 * @query: (nullable): the search, for the snippet
 */
void
dafu_result_row_set_letter (DafuResultRow *self,
                            DafuLetter    *letter,
                            DafuQuery     *query)
{
  g_autofree char *meta = NULL;
  g_autofree char *snippet = NULL;
  g_autofree char *markup = NULL;
  const char *title, *category, *text;

  g_return_if_fail (DAFU_IS_RESULT_ROW (self));

  g_set_object (&self->letter, letter);
  if (letter == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->meta_label, "");
      gtk_label_set_label (self->snippet_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->category_label), FALSE);
      return;
    }

  title = dafu_letter_get_title (letter);
  gtk_label_set_label (self->title_label, title != NULL ? title : _("Untitled Letter"));

  category = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY);
  gtk_widget_set_visible (GTK_WIDGET (self->category_label), category != NULL);
  if (category != NULL)
    {
      g_autofree char *badge = g_strdup_printf (_("%s Class"), category);
      gtk_label_set_label (self->category_label, badge);
    }

  meta = meta_line (letter);
  gtk_label_set_label (self->meta_label, meta);

  text = dafu_letter_get_text (letter);
  if (query != NULL && dafu_query_get_terms (query)[0] != NULL)
    snippet = dafu_query_snippet (query, text != NULL ? text : "", SNIPPET_WIDTH);
  else
    snippet = opening_snippet (text != NULL ? text : "");
  markup = highlight_markup (snippet);
  gtk_label_set_markup (self->snippet_label, markup);
}

DafuLetter *
dafu_result_row_get_letter (DafuResultRow *self)
{
  g_return_val_if_fail (DAFU_IS_RESULT_ROW (self), NULL);
  return self->letter;
}

static void
dafu_result_row_dispose (GObject *object)
{
  DafuResultRow *self = DAFU_RESULT_ROW (object);

  g_clear_object (&self->letter);
  gtk_widget_dispose_template (GTK_WIDGET (self), DAFU_TYPE_RESULT_ROW);

  G_OBJECT_CLASS (dafu_result_row_parent_class)->dispose (object);
}

static void
dafu_result_row_class_init (DafuResultRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dafu_result_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dafu/Dafu/ui/dafu-result-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DafuResultRow, box);
  gtk_widget_class_bind_template_child (widget_class, DafuResultRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, DafuResultRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, DafuResultRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, DafuResultRow, snippet_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dafu_result_row_init (DafuResultRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dafu_result_row_new (void)
{
  return g_object_new (DAFU_TYPE_RESULT_ROW, NULL);
}
