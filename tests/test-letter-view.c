/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "dafu-test-util.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "dafu-consultation.h"
#include "dafu-letter-view.h"
#include "dafu-parser.h"
#include "dafu-section.h"

/* The letter view under Xvfb: real widgets, real letters from the parser. */

static const char * const xianyang_headings[] = {
  "一、保障机制持续完善",
  "二、供给能力不断加强",
  "三、服务队伍发展壮大",
  "四、创新服务先行先试",
  "一、统筹推进城乡社区养老服务设施建设。",
  "二、优化居家和社区养老服务供给。",
  "三、建立完善医养结合签约合作服务机制。",
};

typedef struct
{
  GtkWindow      *window;
  DafuLetterView *view;
} Fixture;

static DafuLetter *
load_letter (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;
  DafuLetter *letter;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  letter = dafu_parser_parse_bytes (bytes, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (letter);
  return letter;
}

/* The longest single main loop iteration iterate() saw, in µs. */
static gint64 longest_iteration;

/* Runs the main loop for @ms milliseconds. */
static void
iterate (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      gint64 before = g_get_monotonic_time ();

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
      longest_iteration = MAX (longest_iteration, g_get_monotonic_time () - before);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 700, 500);
  fixture->view = DAFU_LETTER_VIEW (dafu_letter_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);

  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (fixture->view)); i++)
    iterate (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  iterate (50);
  g_assert_null (fixture->view);
}

static void
show_letter (Fixture    *fixture,
             const char *name)
{
  g_autoptr(DafuLetter) letter = load_letter (name);

  dafu_letter_view_set_letter (fixture->view, letter);
  iterate (50);
}

/* Widget tree helpers */

static GtkWidget *
find_widget (GtkWidget *widget,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_label_with_class (GtkWidget     *widget,
                     gconstpointer  css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
is_button_with_action (GtkWidget     *widget,
                       gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

static gboolean
is_revealer (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_REVEALER (widget);
}

static gboolean
is_scrolled_window (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_SCROLLED_WINDOW (widget);
}

/* A label showing @text that a user can see. */
static gboolean
shows_text (DafuLetterView *view,
            const char     *text)
{
  GtkWidget *label = find_widget (GTK_WIDGET (view), is_label_with_text, text);

  return label != NULL && gtk_widget_is_visible (label);
}

static const char *
title_text (DafuLetterView *view)
{
  GtkWidget *label = find_widget (GTK_WIDGET (view), is_label_with_class, "title-2");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static GtkTextBuffer *
view_buffer (DafuLetterView *view)
{
  return gtk_text_view_get_buffer (dafu_letter_view_get_text_view (view));
}

static char *
buffer_text (DafuLetterView *view)
{
  GtkTextBuffer *buffer = view_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
}

static GtkTextTag *
tag (DafuLetterView *view,
     const char     *name)
{
  GtkTextTag *found = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (view_buffer (view)), name);

  g_assert_nonnull (found);
  return found;
}

/* The character ranges the tag @name covers, as pairs of offsets. */
static GArray *
tag_ranges (DafuLetterView *view,
            const char     *name)
{
  GtkTextTag *t = tag (view, name);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (int));
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (view_buffer (view), &iter);
  if (!gtk_text_iter_starts_tag (&iter, t))
    if (!gtk_text_iter_forward_to_tag_toggle (&iter, t))
      return ranges;

  do
    {
      int offset = gtk_text_iter_get_offset (&iter);
      g_array_append_val (ranges, offset);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, t) && !gtk_text_iter_is_end (&iter));

  if (ranges->len % 2 == 1)
    {
      int offset = gtk_text_iter_get_offset (&iter);
      g_array_append_val (ranges, offset);
    }
  return ranges;
}

/* The character ranges of every occurrence of @needle in @haystack. */
static GArray *
occurrences (const char *haystack,
             const char *needle)
{
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (int));
  int n_chars = (int) g_utf8_strlen (needle, -1);

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + strlen (needle), needle))
    {
      int start = (int) g_utf8_pointer_to_offset (haystack, p);
      int end = start + n_chars;

      g_array_append_val (ranges, start);
      g_array_append_val (ranges, end);
    }
  return ranges;
}

static char *
range_text (DafuLetterView *view,
            int             start,
            int             end)
{
  GtkTextIter a, b;

  gtk_text_buffer_get_iter_at_offset (view_buffer (view), &a, start);
  gtk_text_buffer_get_iter_at_offset (view_buffer (view), &b, end);
  return gtk_text_buffer_get_slice (view_buffer (view), &a, &b, TRUE);
}

static gboolean
action_button_sensitive (DafuLetterView *view,
                         const char     *action)
{
  GtkWidget *button = find_widget (GTK_WIDGET (view), is_button_with_action, action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static gboolean
hit_bar_shown (DafuLetterView *view)
{
  GtkWidget *revealer = find_widget (GTK_WIDGET (view), is_revealer, NULL);

  g_assert_nonnull (revealer);
  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer));
}

static void
on_notify_count_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* Tests */

static void
test_fields_and_body (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkTextTag *heading = NULL;

  show_letter (fixture, "xianyang-2024-39.txt");

  g_assert_cmpstr (title_text (fixture->view), ==, "关于推进社区居家养老服务体系建设的建议");
  g_assert_true (shows_text (fixture->view, "咸民函〔2024〕39号"));
  g_assert_true (shows_text (fixture->view, "蒲军"));
  g_assert_true (shows_text (fixture->view, "咸阳市民政局"));
  g_assert_true (shows_text (fixture->view, "刘亚宁 代表"));
  g_assert_true (shows_text (fixture->view, "Document Number"));
  g_assert_true (shows_text (fixture->view, "Copied To"));
  /* The letter states no disclosure: a dimmed dash, nothing to copy. */
  g_assert_true (shows_text (fixture->view, "—"));
  g_assert_true (gtk_widget_has_css_class (find_widget (GTK_WIDGET (fixture->view), is_label_with_text, "—"),
                                           "dim-label"));
  g_assert_true (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (fixture->view), is_button_with_tooltip,
                                                       "Copy Document Number")));
  g_assert_false (gtk_widget_is_sensitive (find_widget (GTK_WIDGET (fixture->view), is_button_with_tooltip,
                                                        "Copy Disclosure")));

  /* Each level-1 heading on its own line, in the heading style. */
  text = buffer_text (fixture->view);
  heading = tag (fixture->view, "heading");
  for (guint i = 0; i < G_N_ELEMENTS (xianyang_headings); i++)
    {
      g_autofree char *line = g_strconcat ("\n", xianyang_headings[i], "\n", NULL);
      const char *found = strstr (text, line);
      int start, end;
      GtkTextIter iter;

      g_assert_nonnull (found);
      start = (int) g_utf8_pointer_to_offset (text, found + 1);
      end = start + (int) g_utf8_strlen (xianyang_headings[i], -1);
      for (int k = start; k < end; k++)
        {
          gtk_text_buffer_get_iter_at_offset (view_buffer (fixture->view), &iter, k);
          g_assert_true (gtk_text_iter_has_tag (&iter, heading));
        }
      gtk_text_buffer_get_iter_at_offset (view_buffer (fixture->view), &iter, end + 1);
      g_assert_false (gtk_text_iter_has_tag (&iter, heading));
    }

  /* The body's paragraphs are there, the heading style only on headings. */
  g_assert_nonnull (strstr (text, "建成城镇社区老年人日间照料中心266个"));
  {
    g_autoptr(GArray) ranges = tag_ranges (fixture->view, "heading");
    g_assert_cmpuint (ranges->len / 2, ==, G_N_ELEMENTS (xianyang_headings));
  }

  /* A read-only body that the keyboard reaches. */
  g_assert_false (gtk_text_view_get_editable (dafu_letter_view_get_text_view (fixture->view)));
  g_assert_false (gtk_text_view_get_cursor_visible (dafu_letter_view_get_text_view (fixture->view)));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (dafu_letter_view_get_text_view (fixture->view))));
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (fixture->view)));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (dafu_letter_view_get_text_view (fixture->view))));
}

static void
assert_hits_are (DafuLetterView *view,
                 GArray         *expected)
{
  g_autoptr(GArray) ranges = tag_ranges (view, "hit");

  g_assert_cmpuint (dafu_letter_view_get_n_hits (view), ==, expected->len / 2);
  g_assert_cmpuint (ranges->len, ==, expected->len);
  for (guint i = 0; i < ranges->len; i++)
    g_assert_cmpint (g_array_index (ranges, int, i), ==, g_array_index (expected, int, i));
}

static void
assert_current_hit (DafuLetterView *view,
                    GArray         *expected,
                    int             hit)
{
  g_autoptr(GArray) current = tag_ranges (view, "current-hit");

  g_assert_cmpint (dafu_letter_view_get_current_hit (view), ==, hit);
  g_assert_cmpuint (current->len, ==, 2);
  g_assert_cmpint (g_array_index (current, int, 0), ==, g_array_index (expected, int, 2 * hit));
  g_assert_cmpint (g_array_index (current, int, 1), ==, g_array_index (expected, int, 2 * hit + 1));
}

static void
test_hits (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autofree char *text = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autofree char *label = NULL;
  guint n, notified = 0, n_hits_notified = 0;

  show_letter (fixture, "xianyang-2024-39.txt");
  g_signal_connect (fixture->view, "notify::current-hit", G_CALLBACK (on_notify_count_cb), &notified);
  g_signal_connect (fixture->view, "notify::n-hits", G_CALLBACK (on_notify_count_cb), &n_hits_notified);

  g_assert_false (hit_bar_shown (fixture->view));
  g_assert_false (action_button_sensitive (fixture->view, "letter.next-hit"));

  dafu_letter_view_set_query (fixture->view, query);
  g_assert_true (dafu_letter_view_get_query (fixture->view) == query);

  text = buffer_text (fixture->view);
  expected = occurrences (text, "养老");
  n = expected->len / 2;
  g_assert_cmpuint (n, >, 10);
  assert_hits_are (fixture->view, expected);
  assert_current_hit (fixture->view, expected, 0);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_cmpuint (n_hits_notified, ==, 1);

  /* The bar tells where we are and steps both ways, wrapping around. */
  iterate (50);
  g_assert_true (hit_bar_shown (fixture->view));
  label = g_strdup_printf ("1 of %u", n);
  g_assert_true (shows_text (fixture->view, label));
  g_assert_true (action_button_sensitive (fixture->view, "letter.next-hit"));
  g_assert_true (action_button_sensitive (fixture->view, "letter.previous-hit"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "letter.next-hit", NULL));
  assert_current_hit (fixture->view, expected, 1);
  g_clear_pointer (&label, g_free);
  label = g_strdup_printf ("2 of %u", n);
  g_assert_true (shows_text (fixture->view, label));

  dafu_letter_view_previous_hit (fixture->view);
  assert_current_hit (fixture->view, expected, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "letter.previous-hit", NULL));
  assert_current_hit (fixture->view, expected, (int) n - 1);
  dafu_letter_view_next_hit (fixture->view);
  assert_current_hit (fixture->view, expected, 0);

  dafu_letter_view_set_current_hit (fixture->view, 5);
  assert_current_hit (fixture->view, expected, 5);
  g_object_set (fixture->view, "current-hit", 6, NULL);
  assert_current_hit (fixture->view, expected, 6);
  dafu_letter_view_set_current_hit (fixture->view, (int) n);  /* out of range: ignored */
  assert_current_hit (fixture->view, expected, 6);

  /* A new letter starts again at the first hit, and so does a new query. */
  show_letter (fixture, "xianyang-2024-39.txt");
  assert_hits_are (fixture->view, expected);
  assert_current_hit (fixture->view, expected, 0);
  dafu_letter_view_next_hit (fixture->view);
  {
    g_autoptr(DafuQuery) again = dafu_query_new ("养老");
    guint count;

    g_object_get (fixture->view, "n-hits", &count, NULL);
    g_assert_cmpuint (count, ==, n);
    dafu_letter_view_set_query (fixture->view, again);
    assert_current_hit (fixture->view, expected, 0);
  }

  /* NULL clears every mark and the bar. */
  dafu_letter_view_set_query (fixture->view, NULL);
  {
    g_autoptr(GArray) hits = tag_ranges (fixture->view, "hit");
    g_autoptr(GArray) current = tag_ranges (fixture->view, "current-hit");

    g_assert_cmpuint (hits->len, ==, 0);
    g_assert_cmpuint (current->len, ==, 0);
  }
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, -1);
  g_assert_false (hit_bar_shown (fixture->view));
  g_assert_false (action_button_sensitive (fixture->view, "letter.next-hit"));
}

static void
test_merged_hits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务");
  g_autofree char *text = NULL;
  g_autoptr(GArray) ranges = NULL;
  g_autoptr(GArray) yanglao = NULL;
  g_autoptr(GArray) fuwu = NULL;
  gboolean found_run = FALSE;

  show_letter (fixture, "xianyang-2024-39.txt");
  dafu_letter_view_set_query (fixture->view, query);

  text = buffer_text (fixture->view);
  yanglao = occurrences (text, "养老");
  fuwu = occurrences (text, "服务");
  ranges = tag_ranges (fixture->view, "hit");
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, ranges->len / 2);
  /* 养老服务 is one hit, not two. */
  g_assert_cmpuint (ranges->len / 2, <, (yanglao->len + fuwu->len) / 2);

  for (guint i = 0; i < ranges->len; i += 2)
    {
      g_autofree char *hit = range_text (fixture->view, g_array_index (ranges, int, i),
                                         g_array_index (ranges, int, i + 1));

      if (strcmp (hit, "养老服务") == 0)
        found_run = TRUE;
      else
        g_assert_true (strcmp (hit, "养老") == 0 || strcmp (hit, "服务") == 0 ||
                       strstr (hit, "养老服务") != NULL || strstr (hit, "服务养老") != NULL);
      /* Runs never touch. */
      if (i + 2 < ranges->len)
        g_assert_cmpint (g_array_index (ranges, int, i + 1), <, g_array_index (ranges, int, i + 2));
    }
  g_assert_true (found_run);
}

static void
test_no_match (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(DafuQuery) none = dafu_query_new ("火星基地");
  g_autoptr(DafuQuery) filter_only = dafu_query_new ("city:咸阳");

  show_letter (fixture, "xianyang-2024-39.txt");
  dafu_letter_view_set_query (fixture->view, none);
  iterate (50);

  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, -1);
  g_assert_true (hit_bar_shown (fixture->view));
  g_assert_true (shows_text (fixture->view, "No matches in this letter"));
  g_assert_false (action_button_sensitive (fixture->view, "letter.next-hit"));
  g_assert_false (action_button_sensitive (fixture->view, "letter.previous-hit"));
  dafu_letter_view_next_hit (fixture->view);
  dafu_letter_view_previous_hit (fixture->view);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, -1);

  /* A query of filters only has nothing to mark and no bar. */
  dafu_letter_view_set_query (fixture->view, filter_only);
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_false (hit_bar_shown (fixture->view));
}

static void
on_text_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read_cb, &text);
  for (guint i = 0; i < 500 && text == NULL; i++)
    iterate (10);
  g_assert_nonnull (text);
  return text;
}

static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(DafuLetter) letter = load_letter ("xianyang-2024-39.txt");
  g_autofree char *copied = NULL;
  GtkWidget *button;

  g_assert_false (action_button_sensitive (fixture->view, "letter.copy-text"));
  dafu_letter_view_set_letter (fixture->view, letter);
  g_assert_true (action_button_sensitive (fixture->view, "letter.copy-text"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "letter.copy-text", NULL));
  copied = read_clipboard (GTK_WIDGET (fixture->view));
  g_assert_cmpstr (copied, ==, dafu_letter_get_text (letter));
  g_clear_pointer (&copied, g_free);

  /* A field's own copy button copies just that value. */
  button = find_widget (GTK_WIDGET (fixture->view), is_button_with_tooltip, "Copy Document Number");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_focus_on_click (button));
  g_signal_emit_by_name (button, "clicked");
  copied = read_clipboard (GTK_WIDGET (fixture->view));
  g_assert_cmpstr (copied, ==, "咸民函〔2024〕39号");
}

static void
test_consultation (Fixture       *fixture,
                   gconstpointer  data)
{
  show_letter (fixture, "jincheng-444.txt");
  g_assert_cmpstr (title_text (fixture->view), ==, "关于加强居家养老服务的建议");
  g_assert_true (shows_text (fixture->view, "Consultation"));
  g_assert_true (shows_text (fixture->view, "泽州县妇幼保健院儿科"));
  g_assert_true (shows_text (fixture->view, "2023-07-20"));

  show_letter (fixture, "xianyang-2024-39.txt");
  g_assert_false (shows_text (fixture->view, "Consultation"));
  g_assert_false (shows_text (fixture->view, "泽州县妇幼保健院儿科"));
}

static void
test_null_letter (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(DafuLetter) untitled = dafu_letter_new ();
  g_autofree char *text = NULL;
  guint n;

  dafu_letter_view_set_query (fixture->view, query);
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_false (hit_bar_shown (fixture->view));

  show_letter (fixture, "xianyang-2024-39.txt");
  n = dafu_letter_view_get_n_hits (fixture->view);
  g_assert_cmpuint (n, >, 0);

  dafu_letter_view_set_letter (fixture->view, NULL);
  g_assert_null (dafu_letter_view_get_letter (fixture->view));
  text = buffer_text (fixture->view);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpstr (title_text (fixture->view), ==, "");
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, -1);
  g_assert_false (hit_bar_shown (fixture->view));
  g_assert_false (action_button_sensitive (fixture->view, "letter.copy-text"));
  iterate (50);

  show_letter (fixture, "xianyang-2024-39.txt");
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, n);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, 0);
  g_assert_cmpstr (title_text (fixture->view), ==, "关于推进社区居家养老服务体系建设的建议");

  /* A letter without title or file name, sections or text. */
  dafu_letter_view_set_letter (fixture->view, untitled);
  g_assert_cmpstr (title_text (fixture->view), ==, "Untitled Letter");
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, 0);
  g_assert_true (shows_text (fixture->view, "No matches in this letter"));

  /* A corrected field shows at once. */
  dafu_letter_set_field (untitled, DAFU_LETTER_FIELD_SIGNER, "张三");
  g_assert_true (shows_text (fixture->view, "张三"));
}

/* Whether the current hit lies inside the scrolled window's visible part. */
static gboolean
current_hit_in_view (DafuLetterView *view,
                     GtkAdjustment  *adjustment)
{
  GtkTextView *text_view = dafu_letter_view_get_text_view (view);
  g_autoptr(GArray) current = tag_ranges (view, "current-hit");
  GtkWidget *scrolled = find_widget (GTK_WIDGET (view), is_scrolled_window, NULL);
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;
  double x, y;

  g_assert_cmpuint (current->len, ==, 2);
  gtk_text_buffer_get_iter_at_offset (view_buffer (view), &iter, g_array_index (current, int, 0));
  gtk_text_view_get_iter_location (text_view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (text_view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &wx, &wy);
  /* Relative to the scrolled window: in view when between 0 and its height. */
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (text_view), scrolled, wx, wy, &x, &y));

  return y >= 0 && y + rect.height <= gtk_adjustment_get_page_size (adjustment);
}

/* Waits up to 10 s for the current hit to come into view. */
static gboolean
wait_for_hit_in_view (DafuLetterView *view)
{
  GtkWidget *scrolled = find_widget (GTK_WIDGET (view), is_scrolled_window, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  iterate (100);
  for (guint i = 0; i < 200; i++)
    {
      if (current_hit_in_view (view, adjustment))
        return TRUE;
      iterate (50);
    }
  return FALSE;
}

/* The current hit is brought into view, in a window too small for the letter. */
static void
test_scroll_to_hit (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  GtkWidget *scrolled = find_widget (GTK_WIDGET (fixture->view), is_scrolled_window, NULL);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  double first;

  show_letter (fixture, "xianyang-2024-39.txt");
  dafu_letter_view_set_query (fixture->view, query);
  g_assert_true (wait_for_hit_in_view (fixture->view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 2 * gtk_adjustment_get_page_size (adjustment));
  first = gtk_adjustment_get_value (adjustment);
  /* The first 养老 is in the opening, below the fields. */
  g_assert_cmpfloat (first, >, 0);

  dafu_letter_view_previous_hit (fixture->view);  /* the last one, near the end */
  g_assert_true (wait_for_hit_in_view (fixture->view));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, first + gtk_adjustment_get_page_size (adjustment));

  dafu_letter_view_next_hit (fixture->view);  /* back to the first */
  g_assert_true (wait_for_hit_in_view (fixture->view));

  /* Every few hits in turn, as a user stepping through them sees them. */
  for (guint i = 1; i < dafu_letter_view_get_n_hits (fixture->view); i += 7)
    {
      dafu_letter_view_set_current_hit (fixture->view, (int) i);
      g_assert_true (wait_for_hit_in_view (fixture->view));
    }

  /* Clicking into the body (which focuses it) does not move the text. */
  dafu_letter_view_previous_hit (fixture->view);
  g_assert_true (wait_for_hit_in_view (fixture->view));
  {
    double before = gtk_adjustment_get_value (adjustment);

    gtk_widget_grab_focus (GTK_WIDGET (dafu_letter_view_get_text_view (fixture->view)));
    iterate (200);
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, before);
  }

  /* A copy button that takes the focus from the keyboard comes into view. */
  {
    GtkWidget *button = find_widget (GTK_WIDGET (fixture->view), is_button_with_tooltip, "Copy Issuer");
    graphene_rect_t bounds;

    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
    g_assert_true (gtk_widget_grab_focus (button));
    iterate (200);
    g_assert_true (gtk_widget_compute_bounds (button, scrolled, &bounds));
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_adjustment_get_page_size (adjustment));
  }

  /* A user who scrolls away is left there. */
  dafu_letter_view_set_current_hit (fixture->view, 0);
  g_assert_true (wait_for_hit_in_view (fixture->view));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  iterate (300);
  g_assert_false (current_hit_in_view (fixture->view, adjustment));
}

static void
test_destroy_with_query (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = dafu_letter_view_new ();
  g_autoptr(DafuQuery) query = dafu_query_new ("养老 服务");
  g_autoptr(DafuLetter) letter = load_letter ("xianyang-2024-39.txt");

  gtk_window_set_child (window, view);
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  dafu_letter_view_set_letter (DAFU_LETTER_VIEW (view), letter);
  dafu_letter_view_set_query (DAFU_LETTER_VIEW (view), query);
  gtk_window_present (window);
  iterate (20);
  dafu_letter_view_next_hit (DAFU_LETTER_VIEW (view));
  gtk_widget_activate_action (view, "letter.copy-text", NULL);
  gtk_window_destroy (window);
  iterate (200);

  g_assert_null (view);
  /* The view let go of what it was given. */
  g_assert_cmpint (G_OBJECT (query)->ref_count, ==, 1);
  g_assert_cmpint (G_OBJECT (letter)->ref_count, ==, 1);
}

/* A megabyte of text must not freeze the window. */
static void
test_large_letter (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(DafuLetter) letter = dafu_letter_new ();
  g_autoptr(DafuQuery) query = dafu_query_new ("养老");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *shown = NULL;
  guint n = 0;
  gint64 start, set_time, query_time;

  while (text->len < 1024 * 1024)
    {
      g_string_append (text, "推进社区居家养老服务体系建设，完善养老服务设施，加强队伍建设。");
      n += 2;
      if (n % 20 == 0)
        g_string_append_c (text, '\n');
    }
  dafu_letter_set_text (letter, text->str);

  start = g_get_monotonic_time ();
  dafu_letter_view_set_letter (fixture->view, letter);
  set_time = g_get_monotonic_time () - start;

  start = g_get_monotonic_time ();
  dafu_letter_view_set_query (fixture->view, query);
  query_time = g_get_monotonic_time () - start;
  g_assert_cmpuint (dafu_letter_view_get_n_hits (fixture->view), ==, n);

  start = g_get_monotonic_time ();
  longest_iteration = 0;
  dafu_letter_view_previous_hit (fixture->view);
  g_assert_cmpint (dafu_letter_view_get_current_hit (fixture->view), ==, (int) n - 1);
  g_assert_true (wait_for_hit_in_view (fixture->view));

  shown = buffer_text (fixture->view);
  g_assert_cmpstr (shown, ==, text->str);

  g_test_message ("1 MB letter: shown in %.0f ms, %u hits marked in %.0f ms, "
                  "longest main loop iteration after %.0f ms",
                  set_time / 1000.0, n, query_time / 1000.0, longest_iteration / 1000.0);
  /* Generous: minutes would be a freeze, not a slow machine. */
  g_assert_cmpint (set_time + query_time, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpint (longest_iteration, <, 10 * G_USEC_PER_SEC);
}

static double
dim_red (DafuLetterView *view)
{
  GdkRGBA *color = NULL;
  double red;

  g_object_get (tag (view, "dim"), "foreground-rgba", &color, NULL);
  g_assert_nonnull (color);
  red = color->red;
  gdk_rgba_free (color);
  return red;
}

/* The dimmed signature stays readable when the style turns dark and back. */
static void
test_dark_style (Fixture       *fixture,
                 gconstpointer  data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  show_letter (fixture, "xianyang-2024-39.txt");
  {
    g_autoptr(GArray) dim = tag_ranges (fixture->view, "dim");
    g_autofree char *signature = NULL;

    g_assert_cmpuint (dim->len, >=, 2);
    signature = range_text (fixture->view, g_array_index (dim, int, 0), g_array_index (dim, int, dim->len - 1));
    g_assert_nonnull (strstr (signature, "咸阳市民政局"));
  }

  /* The style change reaches the view within a few frames; a busy machine
   * (or the sanitizers) may take longer, so wait for it up to 5 s. */
#define WAIT_DIM(dark) \
  G_STMT_START { \
    for (guint i = 0; i < 250 && (dim_red (fixture->view) > 0.5) != (dark); i++) \
      iterate (20); \
  } G_STMT_END

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  WAIT_DIM (FALSE);
  g_assert_cmpfloat (dim_red (fixture->view), <, 0.5);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  WAIT_DIM (TRUE);
  g_assert_cmpfloat (dim_red (fixture->view), >, 0.5);

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  WAIT_DIM (FALSE);
  g_assert_cmpfloat (dim_red (fixture->view), <, 0.5);
#undef WAIT_DIM
}

/* DAFU_SCREENSHOT=path.png saves the view with a letter and a query:
 * DAFU_SCREENSHOT_LETTER (a sample's name), DAFU_SCREENSHOT_QUERY,
 * DAFU_SCREENSHOT_HIT (the current hit), DAFU_SCREENSHOT_DARK (any value)
 * and DAFU_SCREENSHOT_LOCALEDIR (compiled translations, for LANGUAGE)
 * change what it shows. */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *path = g_getenv ("DAFU_SCREENSHOT");
  const char *query_text = g_getenv ("DAFU_SCREENSHOT_QUERY");
  g_autoptr(DafuQuery) query = dafu_query_new (query_text != NULL ? query_text : "养老 服务");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  if (path == NULL)
    {
      g_test_skip ("DAFU_SCREENSHOT is not set");
      return;
    }

  if (g_getenv ("DAFU_SCREENSHOT_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (fixture->window, 900, 1000);
  show_letter (fixture, g_getenv ("DAFU_SCREENSHOT_LETTER") ? g_getenv ("DAFU_SCREENSHOT_LETTER") : "xianyang-2024-39.txt");
  dafu_letter_view_set_query (fixture->view, query);
  if (g_getenv ("DAFU_SCREENSHOT_HIT"))
    dafu_letter_view_set_current_hit (fixture->view, atoi (g_getenv ("DAFU_SCREENSHOT_HIT")));
  iterate (1000);

  width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  height = gtk_widget_get_height (GTK_WIDGET (fixture->window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (fixture->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (fixture->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

int
main (int argc, char **argv)
{
  /* A screenshot may be taken in another language, with the translations
   * compiled into DAFU_SCREENSHOT_LOCALEDIR. */
  if (g_getenv ("DAFU_SCREENSHOT") == NULL)
    g_setenv ("LANGUAGE", "C", TRUE);
  else if (g_getenv ("DAFU_SCREENSHOT_LOCALEDIR") != NULL)
    {
      /* gtk_test_init() keeps the C locale. */
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DAFU_SCREENSHOT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/letter-view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("fields-and-body", test_fields_and_body);
  ADD ("hits", test_hits);
  ADD ("merged-hits", test_merged_hits);
  ADD ("no-match", test_no_match);
  ADD ("copy", test_copy);
  ADD ("consultation", test_consultation);
  ADD ("null-letter", test_null_letter);
  ADD ("scroll-to-hit", test_scroll_to_hit);
  ADD ("large-letter", test_large_letter);
  ADD ("dark-style", test_dark_style);
  ADD ("screenshot", test_screenshot);
  g_test_add_func ("/letter-view/destroy-with-query", test_destroy_with_query);

#undef ADD

  return g_test_run ();
}
