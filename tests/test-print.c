/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <poppler.h>
#include <string.h>

#include "dafu-document.h"
#include "dafu-export.h"
#include "dafu-output.h"
#include "dafu-parser.h"
#include "dafu-pdf-reader.h"
#include "dafu-test-ui.h"
#include "dafu-test-util.h"

/* Printing gives the same pages as the PDF export: the print path (here
 * GtkPrintOperation exporting to a file, as printing to a PDF printer
 * does) and the export draw with the same layout. */

static PopplerDocument *
open_pdf (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *pdf = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_no_error (error);
  return pdf;
}

static void
test_print_matches_export (gconstpointer data)
{
  const char *sample = data;
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *exported = g_build_filename (dir, "exported.pdf", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(DafuLetter) letter = dafu_test_load_sample (sample);
  g_autoptr(DafuDocument) document = dafu_document_new_from_letter (letter);
  g_autoptr(GFile) file = g_file_new_for_path (exported);
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) a_object = NULL;
  PopplerDocument *a, *b;
  g_autoptr(GObject) b_object = NULL;
  GtkPrintOperationResult result;

  g_assert_true (dafu_export_to_file (document, DAFU_EXPORT_PDF, file, NULL, NULL, &error));
  g_assert_no_error (error);
  result = dafu_print_document (NULL, document, GTK_PRINT_OPERATION_ACTION_EXPORT, printed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  a = open_pdf (exported);
  b = open_pdf (printed);
  a_object = G_OBJECT (a);
  b_object = G_OBJECT (b);
  g_assert_cmpint (poppler_document_get_n_pages (a), >, 0);
  g_assert_cmpint (poppler_document_get_n_pages (a), ==, poppler_document_get_n_pages (b));
  for (int i = 0; i < poppler_document_get_n_pages (a); i++)
    {
      g_autoptr(GObject) page_a = G_OBJECT (poppler_document_get_page (a, i));
      g_autoptr(GObject) page_b = G_OBJECT (poppler_document_get_page (b, i));
      PopplerPage *pa = POPPLER_PAGE (page_a);
      PopplerPage *pb = POPPLER_PAGE (page_b);
      g_autofree char *ta = poppler_page_get_text (pa);
      g_autofree char *tb = poppler_page_get_text (pb);
      double wa, ha, wb, hb;
      g_autofree PopplerRectangle *ra = NULL;
      g_autofree PopplerRectangle *rb = NULL;
      guint na = 0, nb = 0;

      /* The same sheet, the same words, and every character in the same
       * place (to a tenth of a point). */
      poppler_page_get_size (pa, &wa, &ha);
      poppler_page_get_size (pb, &wb, &hb);
      g_assert_cmpfloat_with_epsilon (wa, wb, 0.5);
      g_assert_cmpfloat_with_epsilon (ha, hb, 0.5);
      g_assert_cmpstr (ta, ==, tb);
      g_assert_true (poppler_page_get_text_layout (pa, &ra, &na));
      g_assert_true (poppler_page_get_text_layout (pb, &rb, &nb));
      g_assert_cmpuint (na, ==, nb);
      for (guint c = 0; c < na; c++)
        {
          g_assert_cmpfloat_with_epsilon (ra[c].x1, rb[c].x1, 0.1);
          g_assert_cmpfloat_with_epsilon (ra[c].y1, rb[c].y1, 0.1);
        }
    }

  dafu_test_rm_rf (dir);
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

#define DOMAIN "dafu-output"

static void
on_message (const char     *domain,
            GLogLevelFlags  level,
            const char     *message,
            gpointer        user_data)
{
  char **saved = user_data;

  g_free (*saved);
  *saved = g_strdup (message);
}

/* Exports @document through the file chooser as the clerk does, ticking
 * or unticking "Hide personal data"; returns the PDF's text. */
static char *
export_through_chooser (DafuDocument *document,
                        gboolean      is_public,
                        const char   *hide,
                        const char   *dir,
                        const char   *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkFileChooser *chooser = NULL;
  g_autofree char *saved = NULL;
  guint handler = g_log_set_handler (DOMAIN, G_LOG_LEVEL_MESSAGE, on_message, &saved);
  char *text;

  gtk_window_present (GTK_WINDOW (window));
  /* A save dialog starts in the working folder. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  dafu_output_export (window, document, DAFU_EXPORT_PDF, "答复", is_public, "139-3406-6646", NULL);
  for (guint i = 0; i < 200; i++)
    {
      chooser = (GtkFileChooser *) dafu_test_find_toplevel (GTK_TYPE_FILE_CHOOSER);
      if (chooser != NULL)
        break;
      iterate (10);
    }
  g_assert_nonnull (chooser);

  /* Ticked to begin with for a letter marked public, not otherwise. */
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "hide-personal-data"), ==, is_public ? "true" : "false");
  gtk_file_chooser_set_choice (chooser, "hide-personal-data", hide);
  gtk_file_chooser_set_current_name (chooser, name);
  /* The dialog opens in the working folder (see below). */
  {
    g_autoptr(GFile) chosen = NULL;
    g_autoptr(GFile) expected = g_file_get_child (folder, name);

    for (guint i = 0; i < 500 && (chosen = gtk_file_chooser_get_file (chooser)) == NULL; i++)
      iterate (10);
    g_assert_nonnull (chosen);
    g_assert_true (g_file_equal (chosen, expected));
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  /* Written when the window says so (in the log, without a toast overlay). */
  for (guint i = 0; i < 3000 && saved == NULL; i++)
    iterate (10);
  g_log_remove_handler (DOMAIN, handler);
  g_assert_nonnull (saved);
  g_assert_true (g_str_has_prefix (saved, "Reply saved to "));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_chdir (g_test_get_dir (G_TEST_BUILT)), ==, 0);

  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
    bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  }
  text = dafu_pdf_extract_text (bytes, &error);
  g_assert_no_error (error);
  return text;
}

/* A reply marked public leaves the bureau: the export dialog offers to hide
 * personal data, ticked; the deputy's mobile number and an ID number are
 * then masked in the PDF, and kept when the clerk unticks it. */
static void
test_export_hides_personal_data (void)
{
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(DafuDocument) document = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;

  /* The Jincheng reply, with the deputy's number and an ID number in its
   * closing paragraph. */
  {
    g_autofree char *samples = dafu_test_samples_dir ();
    g_autofree char *path = g_build_filename (samples, "jincheng-444.txt", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) parts = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    parts = g_strsplit (contents, "感谢您对养老工作的关心和支持", 2);
    g_assert_cmpuint (g_strv_length (parts), ==, 2);
    text = g_strconcat (parts[0], "如有疑问，请联系李蕾代表，电话13934066646，身份证号140502198001011236。",
                        "感谢您对养老工作的关心和支持", parts[1], NULL);
    letter = dafu_parser_parse_text (text, &error);
    g_assert_no_error (error);
  }
  document = dafu_document_new_from_letter (letter);

  hidden = export_through_chooser (document, TRUE, "true", dir, "hidden.pdf");
  g_assert_null (strstr (hidden, "13934066646"));
  g_assert_null (strstr (hidden, "140502198001011236"));
  g_assert_nonnull (strstr (hidden, "139****6646"));

  shown = export_through_chooser (document, FALSE, "false", dir, "shown.pdf");
  g_assert_nonnull (strstr (shown, "13934066646"));

  dafu_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/print/matches-export/changzhi", "changzhi-2025-59.txt", test_print_matches_export);
  g_test_add_data_func ("/print/matches-export/jincheng", "jincheng-444.txt", test_print_matches_export);
  g_test_add_func ("/export/hides-personal-data", test_export_hides_personal_data);

  return g_test_run ();
}
