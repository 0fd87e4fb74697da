/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <poppler.h>

#include "dafu-document.h"
#include "dafu-export.h"
#include "dafu-output.h"
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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/print/matches-export/changzhi", "changzhi-2025-59.txt", test_print_matches_export);
  g_test_add_data_func ("/print/matches-export/jincheng", "jincheng-444.txt", test_print_matches_export);

  return g_test_run ();
}
