/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dafu-backup.h"
#include "dafu-checks.h"
#include "dafu-cli-json.h"
#include "dafu-clause.h"
#include "dafu-comparison.h"
#include "dafu-consultation.h"
#include "dafu-facet.h"
#include "dafu-document.h"
#include "dafu-export.h"
#include "dafu-figure.h"
#include "dafu-generator.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-letter.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-parser.h"
#include "dafu-privacy.h"
#include "dafu-query.h"
#include "dafu-section.h"
#include "dafu-text.h"

/* dafu-cli: the library from the command line, thin over the core.
 * Exit status: 0 done, 1 something failed, 2 the command line was wrong. */

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

#define SNIPPET_WIDTH 80

typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (const char *library_path, int argc, char **argv);
} Command;

static void
print_error (const char *message)
{
  g_printerr ("dafu-cli: %s\n", message);
}

/* A wrong command line: the reason and where to read more, on one line. */
static int
usage_error (const char *message)
{
  g_autofree char *line = g_strdup_printf (_("%s Run “%s --help” for usage."),
                                           message, g_get_prgname ());

  print_error (line);
  return EXIT_USAGE;
}

static gboolean
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv,
               int             *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (error->message);
      return FALSE;
    }
  return TRUE;
}

static DafuLibrary *
open_library (const char *path)
{
  g_autoptr(GError) error = NULL;
  DafuLibrary *library = dafu_library_new (path, NULL, &error);

  if (library == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open the library: %s"), error->message);
      print_error (message);
    }
  return library;
}

static void
print_json (JsonNode *node)
{
  g_autofree char *line = dafu_cli_json_to_line (node);
  g_print ("%s\n", line);
}

/* Pango markup from a snippet, for a terminal: bold runs in bold. */
static char *
snippet_for_terminal (const char *markup)
{
  gboolean tty = isatty (STDOUT_FILENO);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *unescaped = NULL;

  for (const char *p = markup; *p; )
    {
      if (g_str_has_prefix (p, "<b>"))
        {
          g_string_append (out, tty ? "\033[1m" : "");
          p += 3;
        }
      else if (g_str_has_prefix (p, "</b>"))
        {
          g_string_append (out, tty ? "\033[0m" : "");
          p += 4;
        }
      else
        g_string_append_c (out, *p++);
    }

  /* The snippet's own text was escaped for Pango; undo that for a terminal. */
  unescaped = g_strdup (out->str);
  g_string_truncate (out, 0);
  for (const char *p = unescaped; *p; )
    {
      static const struct { const char *entity; char c; } entities[] = {
        { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' },
      };
      gboolean replaced = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entities) && !replaced; i++)
        if (g_str_has_prefix (p, entities[i].entity))
          {
            g_string_append_c (out, entities[i].c);
            p += strlen (entities[i].entity);
            replaced = TRUE;
          }
      if (!replaced)
        g_string_append_c (out, *p++);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_letter_text (DafuLetter *letter,
                   const char *file,
                   gboolean    details)
{
  GListModel *sections = dafu_letter_get_sections (letter);
  DafuConsultation *consultation = dafu_letter_get_consultation (letter);

  if (dafu_letter_get_id (letter) != 0)
    g_print ("%-18s %" G_GINT64_FORMAT "\n", "id", dafu_letter_get_id (letter));
  if (file != NULL)
    g_print ("%-18s %s\n", "file", file);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      const char *value = dafu_letter_get_field (letter, i);
      g_print ("%-18s %s\n", dafu_letter_field_key (i), value != NULL ? value : "—");
    }
  if (consultation != NULL)
    {
      g_autofree char *date = NULL, *place = NULL, *officer = NULL;

      g_object_get (consultation, "date", &date, "place", &place, "officer", &officer, NULL);
      g_print ("%-18s %s %s %s\n", "consultation",
               date != NULL ? date : "—", place != NULL ? place : "—", officer != NULL ? officer : "—");
    }
  for (guint i = 0; i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
      const char *heading = dafu_section_get_heading (section);

      if (!details && (heading == NULL || dafu_section_get_level (section) != 1))
        continue;
      g_print ("%-18s %*s[%s] %s\n", i == 0 || !details ? "section" : "",
               (int) (dafu_section_get_level (section) > 1 ? 2 : 0), "",
               dafu_section_kind_to_string (dafu_section_get_kind (section)),
               heading != NULL ? heading : "");
    }
}

/* ---------------------------------------------------------------- parse */

static int
cmd_parse (const char  *library_path,
           int          argc,
           char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per file"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — read letters without storing them"));
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (_("Name at least one file to parse."));

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(DafuLetter) letter = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *basename = g_path_get_basename (argv[i]);

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                NULL, &error);
      if (info != NULL && dafu_text_check_file_size (basename, g_file_info_get_size (info), &error))
        bytes = g_file_load_bytes (file, NULL, NULL, &error);
      if (bytes != NULL)
        letter = dafu_parser_parse_bytes (bytes, basename, &error);

      if (letter == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", argv[i], error->message);
          print_error (message);
          status = EXIT_FAILED;
          continue;
        }

      if (json)
        {
          g_autoptr(JsonNode) node = dafu_cli_letter_to_json (letter, basename, DAFU_JSON_FIELDS);
          print_json (node);
        }
      else
        {
          if (i > 1)
            g_print ("\n");
          print_letter_text (letter, basename, FALSE);
        }
    }

  return status;
}

/* --------------------------------------------------------------- import */

static int
cmd_import (const char  *library_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("PATH… — import letter files and folders"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuImportReport) report = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (_("Name at least one file or folder to import."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));

  report = dafu_library_import (library, (GFile * const *) files->pdata, files->len, NULL);

  for (guint i = 0; i < dafu_import_report_get_n_entries (report); i++)
    {
      const char *path = dafu_import_report_get_path (report, i);
      const char *message = dafu_import_report_get_message (report, i);
      gint64 id = dafu_import_report_get_letter_id (report, i);

      switch (dafu_import_report_get_status (report, i))
        {
        case DAFU_IMPORT_STATUS_IMPORTED:
          g_print (_("imported  %s (letter %lld)\n"), path, (long long) id);
          break;
        case DAFU_IMPORT_STATUS_UPDATED:
          g_print (_("updated   %s (letter %lld)\n"), path, (long long) id);
          break;
        case DAFU_IMPORT_STATUS_SKIPPED:
          g_print (_("skipped   %s: %s\n"), path, message);
          break;
        case DAFU_IMPORT_STATUS_FAILED:
        default:
          g_print (_("failed    %s: %s\n"), path, message);
          status = EXIT_FAILED;
          break;
        }
    }

  g_print (_("%u imported, %u updated, %u skipped, %u failed\n"),
           dafu_import_report_count (report, DAFU_IMPORT_STATUS_IMPORTED),
           dafu_import_report_count (report, DAFU_IMPORT_STATUS_UPDATED),
           dafu_import_report_count (report, DAFU_IMPORT_STATUS_SKIPPED),
           dafu_import_report_count (report, DAFU_IMPORT_STATUS_FAILED));

  /* The library stopped the import (a full disk…): the reason, once. */
  if (dafu_import_report_get_error (report) != NULL)
    {
      print_error (dafu_import_report_get_error (report)->message);
      status = EXIT_FAILED;
    }
  return status;
}

/* --------------------------------------------------------------- search */

static gboolean
parse_sort (const char *text,
            DafuSort   *sort)
{
  if (text == NULL || g_str_equal (text, "relevance"))
    *sort = DAFU_SORT_RELEVANCE;
  else if (g_str_equal (text, "date"))
    *sort = DAFU_SORT_DATE;
  else if (g_str_equal (text, "title"))
    *sort = DAFU_SORT_TITLE;
  else
    return FALSE;
  return TRUE;
}

static void
print_hits (DafuLetterList *hits,
            DafuQuery      *query,
            gboolean        json)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
    {
      g_autoptr(DafuLetter) letter = g_list_model_get_item (G_LIST_MODEL (hits), i);
      g_autofree char *snippet = NULL;
      const char *title = dafu_letter_get_title (letter);
      const char *city = dafu_letter_get_city (letter);
      const char *date = dafu_letter_get_date (letter);
      double score = dafu_letter_list_get_score (hits, i);

      if (query != NULL)
        snippet = dafu_query_snippet (query, dafu_letter_get_text (letter), SNIPPET_WIDTH);

      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, dafu_letter_get_id (letter));
          json_builder_set_member_name (builder, "title");
          title != NULL ? json_builder_add_string_value (builder, title) : json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "city");
          city != NULL ? json_builder_add_string_value (builder, city) : json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "date");
          date != NULL ? json_builder_add_string_value (builder, date) : json_builder_add_null_value (builder);
          if (query != NULL)
            {
              json_builder_set_member_name (builder, "score");
              json_builder_add_double_value (builder, score);
              json_builder_set_member_name (builder, "snippet");
              json_builder_add_string_value (builder, snippet);
            }
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          print_json (node);
        }
      else
        {
          g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s", dafu_letter_get_id (letter),
                   date != NULL ? date : "—", city != NULL ? city : "—",
                   title != NULL ? title : _("(untitled)"));
          if (query != NULL)
            {
              g_autofree char *shown = snippet_for_terminal (snippet);
              g_print ("\t%.2f\n    %s\n", -score, shown);
            }
          else
            g_print ("\n");
        }
    }
}

static int
cmd_search (const char  *library_path,
            int          argc,
            char       **argv)
{
  g_autofree char *city = NULL, *category = NULL, *kind = NULL, *sort_name = NULL;
  int year = 0, limit = 50;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "city", 0, 0, G_OPTION_ARG_STRING, &city, N_("Only letters from this city"), N_("CITY") },
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("Only letters of this year"), N_("YEAR") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Only this category (A, B, C or D)"), N_("CATEGORY") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("Only suggestions or proposals"), N_("KIND") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name, N_("Order: relevance, date or title"), N_("ORDER") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N hits (0 for all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per hit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("QUERY — search the library"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuQuery) query = NULL;
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  DafuSort sort;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (!parse_sort (sort_name, &sort))
    return usage_error (_("The order must be relevance, date or title."));
  if (limit < 0)
    return usage_error (_("The limit must be 0 or more."));
  if (year < 0)
    return usage_error (_("The year must be a positive number."));

  text = g_strjoinv (" ", argv + 1);
  query = dafu_query_new (text);
  if (city != NULL)
    dafu_query_set_city (query, city);
  if (year > 0)
    dafu_query_set_year (query, year);
  /* The query drops a value it does not know; say so instead. */
  if (category != NULL)
    {
      dafu_query_set_category (query, category);
      if (dafu_query_get_category (query) == NULL)
        return usage_error (_("The category must be A, B, C or D."));
    }
  if (kind != NULL)
    {
      dafu_query_set_kind (query, kind);
      if (dafu_query_get_kind (query) == NULL)
        return usage_error (_("The kind must be “suggestion” or “proposal”."));
    }

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  hits = dafu_library_search (library, query, sort, limit, NULL, &error);
  if (hits == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  print_hits (hits, query, json);
  return EXIT_OK;
}

/* ------------------------------------------------------ show, list, facets */

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

static int
cmd_show (const char  *library_path,
          int          argc,
          char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the letter as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show one letter"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !parse_id (argv[1], &id))
    return usage_error (_("Give the number of one letter."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  letter = dafu_library_get_letter (library, id, &error);
  if (letter == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonNode) node = dafu_cli_letter_to_json (letter, dafu_letter_get_file_name (letter),
                                                          DAFU_JSON_DETAILS);
      print_json (node);
    }
  else
    {
      print_letter_text (letter, dafu_letter_get_file_name (letter), TRUE);
      g_print ("\n%s\n", dafu_letter_get_text (letter));
    }

  return EXIT_OK;
}

static int
cmd_list (const char  *library_path,
          int          argc,
          char       **argv)
{
  g_autofree char *sort_name = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort_name, N_("Order: date or title"), N_("ORDER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per letter"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the letters in the library"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuLetterList) letters = NULL;
  g_autoptr(GError) error = NULL;
  DafuSort sort = DAFU_SORT_DATE;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("“list” takes no arguments."));
  if (sort_name != NULL && (!parse_sort (sort_name, &sort) || sort == DAFU_SORT_RELEVANCE))
    return usage_error (_("The order must be date or title."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  letters = dafu_library_list (library, sort, &error);
  if (letters == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  print_hits (letters, NULL, json);
  return EXIT_OK;
}

static int
cmd_facets (const char  *library_path,
            int          argc,
            char       **argv)
{
  static const char * const names[] = { "city", "year", "category", "kind" };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the counts as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— count letters by city, year, category and kind"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("“facets” takes no arguments."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  json_builder_begin_object (builder);
  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) facets = dafu_library_get_facets (library, names[n], &error);

      if (facets == NULL)
        {
          print_error (error->message);
          return EXIT_FAILED;
        }

      json_builder_set_member_name (builder, names[n]);
      json_builder_begin_object (builder);
      if (!json)
        g_print ("%s:\n", names[n]);
      for (guint i = 0; i < g_list_model_get_n_items (facets); i++)
        {
          g_autoptr(DafuFacet) facet = g_list_model_get_item (facets, i);

          json_builder_set_member_name (builder, dafu_facet_get_value (facet));
          json_builder_add_int_value (builder, dafu_facet_get_count (facet));
          if (!json)
            g_print ("  %-16s %u\n", dafu_facet_get_value (facet), dafu_facet_get_count (facet));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  if (json)
    {
      g_autoptr(JsonNode) node = json_builder_get_root (builder);
      print_json (node);
    }

  return EXIT_OK;
}

/* ----------------------------------------------------- corrections, delete */

static int
cmd_set (const char  *library_path,
         int          argc,
         char       **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("ID FIELD [VALUE] — correct a field of a letter (no value clears it)"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  DafuLetterField field;
  gint64 id;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if ((argc != 3 && argc != 4) || !parse_id (argv[1], &id))
    return usage_error (_("Give a letter number, a field and its new value."));
  if (!dafu_letter_field_from_key (argv[2], &field))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown field “%s”."), argv[2]);
      return usage_error (message);
    }

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  if (!dafu_library_update_field (library, id, field, argc == 4 ? argv[3] : NULL, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

static int
cmd_delete (const char  *library_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — remove a letter from the library"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !parse_id (argv[1], &id))
    return usage_error (_("Give the number of one letter."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  if (!dafu_library_delete_letter (library, id, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------- generate */

static void
on_generate_progress (guint    done,
                      guint    count,
                      gpointer user_data)
{
  /* Rewritten in place on the terminal; cleared at the end. */
  if (done < count)
    g_printerr ("\r%s %u/%u", _("Writing letters…"), done, count);
  else
    g_printerr ("\r\033[K");
}

static int
cmd_generate (const char  *library_path,
              int          argc,
              char       **argv)
{
  int count = 10000;
  g_autofree char *seed_text = NULL;
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count, N_("Write N letters (default 10000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("The corpus: the same seed gives the same letters (default 1)"), N_("S") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out, N_("Write into the folder DIR"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— write a corpus of generated letters"));
  g_autoptr(GError) error = NULL;
  guint64 seed = 1;
  gboolean tty = isatty (STDERR_FILENO);
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    {
      g_autofree char *message = g_strdup_printf (_("Unexpected argument “%s”."), argv[1]);
      return usage_error (message);
    }
  if (out == NULL || *out == '\0')
    return usage_error (_("Name the folder to write into with --out DIR."));
  if (count <= 0)
    return usage_error (_("The count must be a positive number."));
  if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    return usage_error (_("The seed must be a whole number of 0 or more."));

  if (!dafu_generator_write_full (out, (guint) count, seed, tty ? on_generate_progress : NULL, NULL,
                                  NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot write the letters: %s"), error->message);

      if (tty)
        g_printerr ("\n");
      print_error (message);
      return EXIT_FAILED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Wrote %d letter to %s", "Wrote %d letters to %s", count),
           count, out);
  g_print ("\n");
  return EXIT_OK;
}

/* ------------------------------------------------------------- compare */

/* Prints @text padded with spaces to @width terminal columns (Chinese
 * characters take two). */
static void
print_cell (const char *text,
            guint       width)
{
  guint used = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      used += g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
    }
  g_print ("%s", text);
  for (; used < width; used++)
    g_print (" ");
}

/* Characters @start…@end of @text (character offsets), for printing. */
static char *
char_slice (const char *text,
            guint       start,
            guint       end)
{
  const char *from = g_utf8_offset_to_pointer (text, start);
  const char *to = g_utf8_offset_to_pointer (text, end);

  return g_strndup (from, to - from);
}

static const char *
section_heading (DafuLetter *letter,
                 int         index)
{
  g_autoptr(DafuSection) section = NULL;

  if (index < 0)
    return NULL;
  section = g_list_model_get_item (dafu_letter_get_sections (letter), index);
  /* The letter keeps its sections, so the string outlives this reference. */
  return section != NULL ? dafu_section_get_heading (section) : NULL;
}

static const char *
section_label (DafuLetter *letter,
               int         index)
{
  g_autoptr(DafuSection) section = NULL;
  const char *heading;

  if (index < 0)
    return "—";
  section = g_list_model_get_item (dafu_letter_get_sections (letter), index);
  heading = dafu_section_get_heading (section);
  if (heading != NULL)
    return heading;

  /* A part without a heading is named by what it is. */
  switch (dafu_section_get_kind (section))
    {
    case DAFU_SECTION_KIND_OPENING:
      return _("(opening)");
    case DAFU_SECTION_KIND_CLOSING:
      return _("(closing)");
    case DAFU_SECTION_KIND_SIGNATURE:
      return _("(signature)");
    case DAFU_SECTION_KIND_FOOTER:
      return _("(copies and notes)");
    case DAFU_SECTION_KIND_MEASURE:
    case DAFU_SECTION_KIND_PROBLEM:
    case DAFU_SECTION_KIND_PLAN:
    default:
      return _("(untitled part)");
    }
}

static char *
sections_list (GArray *sections)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? ", " : "", g_array_index (sections, guint, i) + 1);
  return g_string_free (out, FALSE);
}

static JsonNode *
comparison_to_json (DafuComparison *cmp)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  DafuThemes *themes = dafu_comparison_get_themes (cmp);
  GArray *rows = dafu_comparison_get_rows (cmp);
  GArray *shared = dafu_comparison_get_shared_runs (cmp);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "letters");
  json_builder_begin_array (builder);
  for (guint side = 0; side < 2; side++)
    {
      DafuLetter *letter = dafu_comparison_get_letter (cmp, side);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, dafu_letter_get_id (letter));
      json_builder_set_member_name (builder, "city");
      json_builder_add_string_value (builder, dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, dafu_letter_get_title (letter));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "similarity");
  json_builder_add_double_value (builder, dafu_comparison_get_similarity (cmp));

  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      json_builder_begin_object (builder);
      for (guint side = 0; side < 2; side++)
        {
          int index = side == 0 ? row->a : row->b;

          json_builder_set_member_name (builder, side == 0 ? "a" : "b");
          if (index < 0)
            json_builder_add_null_value (builder);
          else
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "section");
              json_builder_add_int_value (builder, index);
              json_builder_set_member_name (builder, "heading");
              json_builder_add_string_value (builder,
                                             section_heading (dafu_comparison_get_letter (cmp, side), index));
              json_builder_end_object (builder);
            }
        }
      json_builder_set_member_name (builder, "similarity");
      json_builder_add_double_value (builder, row->similarity);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "themes");
  json_builder_begin_array (builder);
  for (guint t = 0; t < dafu_themes_get_n_themes (themes); t++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, dafu_themes_get_id (themes, t));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, dafu_themes_get_name (themes, t));
      for (guint side = 0; side < 2; side++)
        {
          GArray *sections = dafu_comparison_get_theme_sections (cmp, side, t);

          json_builder_set_member_name (builder, side == 0 ? "a" : "b");
          json_builder_begin_array (builder);
          for (guint i = 0; i < sections->len; i++)
            json_builder_add_int_value (builder, g_array_index (sections, guint, i));
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "shared");
  json_builder_begin_array (builder);
  for (guint i = 0; i < shared->len; i++)
    {
      const DafuSharedRun *run = &g_array_index (shared, DafuSharedRun, i);
      g_autofree char *text = char_slice (dafu_letter_get_text (dafu_comparison_get_letter (cmp, 1)),
                                          run->b_start, run->b_end);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "a");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, run->a_start);
      json_builder_add_int_value (builder, run->a_end);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "b");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, run->b_start);
      json_builder_add_int_value (builder, run->b_end);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "figures");
  json_builder_begin_object (builder);
  for (guint side = 0; side < 2; side++)
    {
      GPtrArray *figures = dafu_comparison_get_figures (cmp, side);

      json_builder_set_member_name (builder, side == 0 ? "a" : "b");
      json_builder_begin_array (builder);
      for (guint f = 0; f < figures->len; f++)
        {
          DafuFigure *figure = g_ptr_array_index (figures, f);
          int theme = dafu_comparison_get_figure_theme (cmp, side, f);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, dafu_figure_get_text (figure));
          json_builder_set_member_name (builder, "value");
          json_builder_add_double_value (builder, dafu_figure_get_normalized (figure));
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, dafu_figure_get_unit (figure));
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, dafu_figure_get_label (figure));
          json_builder_set_member_name (builder, "theme");
          if (theme >= 0)
            json_builder_add_string_value (builder, dafu_themes_get_id (themes, theme));
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_comparison (DafuComparison *cmp)
{
  DafuThemes *themes = dafu_comparison_get_themes (cmp);
  DafuLetter *letters[2] = { dafu_comparison_get_letter (cmp, 0), dafu_comparison_get_letter (cmp, 1) };
  GArray *rows = dafu_comparison_get_rows (cmp);
  GArray *shared = dafu_comparison_get_shared_runs (cmp);

  for (guint side = 0; side < 2; side++)
    g_print ("%s  %s %s\n", side == 0 ? "A" : "B",
             dafu_letter_get_field (letters[side], DAFU_LETTER_FIELD_CITY) ?: "—",
             dafu_letter_get_title (letters[side]) ?: "—");
  g_print (_("Similarity: %.0f %%\n"), dafu_comparison_get_similarity (cmp) * 100);

  g_print ("\n%s\n", _("Aligned sections"));
  for (guint i = 0; i < rows->len; i++)
    {
      const DafuAlignedPair *row = &g_array_index (rows, DafuAlignedPair, i);

      g_print ("  ");
      print_cell (section_label (letters[0], row->a), 40);
      g_print (" | ");
      print_cell (section_label (letters[1], row->b), 40);
      if (row->a >= 0 && row->b >= 0)
        g_print ("  %3.0f %%", row->similarity * 100);
      g_print ("\n");
    }

  g_print ("\n%s\n", _("Themes (sections of A | of B)"));
  for (guint t = 0; t < dafu_themes_get_n_themes (themes); t++)
    {
      GArray *in_a = dafu_comparison_get_theme_sections (cmp, 0, t);
      GArray *in_b = dafu_comparison_get_theme_sections (cmp, 1, t);
      g_autofree char *list_a = NULL, *list_b = NULL;

      if (in_a->len == 0 && in_b->len == 0)
        continue;
      list_a = in_a->len > 0 ? sections_list (in_a) : g_strdup (_("gap"));
      list_b = in_b->len > 0 ? sections_list (in_b) : g_strdup (_("gap"));
      g_print ("  ");
      print_cell (dafu_themes_get_name (themes, t), 40);
      print_cell (list_a, 20);
      g_print (" | %s\n", list_b);
    }

  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u shared phrase", "%u shared phrases", shared->len), shared->len);
  g_print ("\n");
  for (guint i = 0; i < shared->len; i++)
    {
      const DafuSharedRun *run = &g_array_index (shared, DafuSharedRun, i);
      g_autofree char *text = char_slice (dafu_letter_get_text (letters[1]), run->b_start, run->b_end);

      g_strdelimit (text, "\n", ' ');
      g_print ("  %s  (A %u–%u, B %u–%u)\n", text, run->a_start, run->a_end, run->b_start, run->b_end);
    }

  g_print ("\n%s\n", _("Key figures by theme (A | B)"));
  for (int t = -1; t < (int) dafu_themes_get_n_themes (themes); t++)
    {
      g_autoptr(GString) line_a = g_string_new (NULL);
      g_autoptr(GString) line_b = g_string_new (NULL);
      GString *line[2] = { line_a, line_b };

      for (guint side = 0; side < 2; side++)
        {
          GPtrArray *figures = dafu_comparison_get_figures (cmp, side);

          for (guint f = 0; f < figures->len; f++)
            if (dafu_comparison_get_figure_theme (cmp, side, f) == t)
              {
                DafuFigure *figure = g_ptr_array_index (figures, f);
                const char *label = dafu_figure_get_label (figure);

                g_string_append_printf (line[side], "%s%s %s", line[side]->len > 0 ? "; " : "",
                                        label != NULL ? label : "", dafu_figure_get_text (figure));
              }
        }
      if (line[0]->len == 0 && line[1]->len == 0)
        continue;
      g_print ("  %s\n    A: %s\n    B: %s\n", t >= 0 ? dafu_themes_get_name (themes, t) : _("Other"),
               line[0]->len > 0 ? line[0]->str : "—", line[1]->len > 0 ? line[1]->str : "—");
    }
}

static int
cmd_compare (const char  *library_path,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE, html = FALSE, show_personal = FALSE;
  int min_run = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the comparison as JSON"), NULL },
    { "html", 0, 0, G_OPTION_ARG_NONE, &html, N_("Print the comparison as an HTML report"), NULL },
    { "show-personal-data", 0, 0, G_OPTION_ARG_NONE, &show_personal,
      N_("Keep mobile and ID-card numbers in the HTML report (masked by default)"), NULL },
    { "min-run", 0, 0, G_OPTION_ARG_INT, &min_run, N_("Shortest shared phrase, in characters (8)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID1 ID2 — compare two letters"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuThemes) themes = NULL;
  g_autoptr(DafuComparison) cmp = NULL;
  g_autoptr(GError) error = NULL;
  DafuLetter *letters[2] = { NULL, NULL };
  gint64 ids[2];
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 3 || !parse_id (argv[1], &ids[0]) || !parse_id (argv[2], &ids[1]))
    return usage_error (_("Give the numbers of two letters."));
  if (min_run < 0 || min_run > 1000)
    return usage_error (_("The shortest shared phrase must be 1 to 1000 characters."));
  if (json && html)
    return usage_error (_("Choose --json or --html, not both."));

  themes = dafu_themes_new_default (&error);
  if (themes == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  for (guint side = 0; side < 2; side++)
    {
      letters[side] = dafu_library_get_letter (library, ids[side], &error);
      if (letters[side] == NULL)
        {
          print_error (error->message);
          g_clear_object (&letters[0]);
          return EXIT_FAILED;
        }
    }

  cmp = dafu_comparison_new (letters[0], letters[1], themes, min_run);
  g_object_unref (letters[0]);
  g_object_unref (letters[1]);

  if (json)
    {
      g_autoptr(JsonNode) node = comparison_to_json (cmp);
      print_json (node);
    }
  else if (html)
    {
      g_autofree char *report = dafu_comparison_to_html (cmp);

      /* A report is made to leave the bureau: personal numbers are masked
       * unless asked otherwise. */
      if (!show_personal)
        {
          char *masked = dafu_privacy_mask_text (report, NULL, NULL);

          g_free (report);
          report = masked;
        }
      g_print ("%s", report);
    }
  else
    print_comparison (cmp);

  return EXIT_OK;
}

static int
cmd_related (const char  *library_path,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  int limit = 10;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N letters (10)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per letter"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — the most similar letters from other cities"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GArray) related = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !parse_id (argv[1], &id))
    return usage_error (_("Give the number of one letter."));
  if (limit < 1 || limit > 1000)
    return usage_error (_("The limit must be 1 to 1000."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  related = dafu_library_related (library, id, limit, &error);
  if (related == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < related->len; i++)
    {
      const DafuRelated *r = &g_array_index (related, DafuRelated, i);
      g_autoptr(DafuLetter) letter = dafu_library_get_letter (library, r->id, NULL);
      const char *city = letter != NULL ? dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CITY) : NULL;
      const char *title = letter != NULL ? dafu_letter_get_title (letter) : NULL;

      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, r->id);
          json_builder_set_member_name (builder, "score");
          json_builder_add_double_value (builder, r->score);
          json_builder_set_member_name (builder, "city");
          json_builder_add_string_value (builder, city);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, title);
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          print_json (node);
        }
      else
        g_print ("%" G_GINT64_FORMAT "\t%3.0f %%\t%s\t%s\n", r->id, r->score * 100,
                 city != NULL ? city : "—", title != NULL ? title : "—");
    }

  return EXIT_OK;
}

static int
cmd_clauses (const char  *library_path,
             int          argc,
             char       **argv)
{
  gboolean json = FALSE;
  g_autofree char *kind_name = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      N_("Only clauses of this kind (opening, overview, measure, problem, plan, closing, signature, contact, footer)"),
      N_("KIND") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object per clause"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the clauses mined from the library and written by hand"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GError) error = NULL;
  DafuClauseKind kind = DAFU_CLAUSE_KIND_OPENING;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("This command takes no arguments."));
  if (kind_name != NULL && !dafu_clause_kind_from_string (kind_name, &kind))
    return usage_error (_("Unknown kind of clause."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  /* Mining again only when the letters changed since the last time. */
  if (dafu_library_update_clauses (library, NULL, &error))
    clauses = dafu_library_list_clauses (library, &error);
  if (clauses == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);
      const char * const *cities = dafu_clause_get_cities (clause);
      g_autofree char *joined = cities != NULL ? g_strjoinv ("、", (char **) cities) : g_strdup ("");

      if (kind_name != NULL && dafu_clause_get_kind (clause) != kind)
        continue;
      if (json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;
          const char * const *themes = dafu_clause_get_themes (clause);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, dafu_clause_get_id (clause));
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, dafu_clause_kind_to_string (dafu_clause_get_kind (clause)));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, dafu_clause_get_title (clause));
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, dafu_clause_get_text (clause));
          json_builder_set_member_name (builder, "letters");
          json_builder_add_int_value (builder, dafu_clause_get_n_letters (clause));
          json_builder_set_member_name (builder, "uses");
          json_builder_add_int_value (builder, dafu_clause_get_use_count (clause));
          json_builder_set_member_name (builder, "mined");
          json_builder_add_boolean_value (builder, dafu_clause_get_mined (clause));
          json_builder_set_member_name (builder, "themes");
          json_builder_begin_array (builder);
          for (guint t = 0; themes != NULL && themes[t] != NULL; t++)
            json_builder_add_string_value (builder, themes[t]);
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "cities");
          json_builder_begin_array (builder);
          for (guint c = 0; cities != NULL && cities[c] != NULL; c++)
            json_builder_add_string_value (builder, cities[c]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          print_json (node);
        }
      else
        g_print ("%" G_GINT64_FORMAT "\t%s\t%u\t%s\t%s\n", dafu_clause_get_id (clause),
                 dafu_clause_kind_to_string (dafu_clause_get_kind (clause)),
                 dafu_clause_get_n_letters (clause), *joined != '\0' ? joined : "—",
                 dafu_clause_get_title (clause));
    }
  return EXIT_OK;
}

static int
cmd_drafts (const char  *library_path,
            int          argc,
            char       **argv)
{
  const GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the drafts, the most recent first"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("This command takes no arguments."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;
  drafts = dafu_library_list_drafts (library, &error);
  if (drafts == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; i < drafts->len; i++)
    {
      DafuDraft *draft = g_ptr_array_index (drafts, i);
      g_autofree char *title = dafu_draft_dup_display_title (draft);
      const char *addressee = dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE);

      g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\n", dafu_draft_get_id (draft),
               dafu_draft_get_state (draft) == DAFU_DRAFT_STATE_FINAL ? "final" : "draft",
               addressee != NULL ? addressee : "—", title != NULL ? title : "—");
    }
  return EXIT_OK;
}

static int
cmd_draft (const char  *library_path,
           int          argc,
           char       **argv)
{
  gboolean check = FALSE;
  const GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_NONE, &check, N_("List what the checks find instead of the text"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — a draft's text, with its placeholders filled"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuDraft) draft = NULL;
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 id;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !parse_id (argv[1], &id))
    return usage_error (_("Give the number of one draft."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;
  draft = dafu_library_load_draft (library, id, &error);
  if (draft == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (check)
    {
      g_autoptr(GPtrArray) issues = dafu_draft_check (draft);

      for (guint i = 0; i < issues->len; i++)
        {
          const DafuCheckIssue *issue = g_ptr_array_index (issues, i);

          if (issue->block >= 0)
            g_print (_("Block %d: %s\n"), issue->block + 1, issue->message);
          else
            g_print ("%s\n", issue->message);
        }
      return issues->len == 0 ? EXIT_OK : EXIT_FAILED;
    }

  /* An unfilled placeholder is never exported silently. */
  text = dafu_draft_render_text (draft, &unfilled);
  if (unfilled != NULL && unfilled->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *message = NULL;

      g_ptr_array_add (unfilled, NULL);
      names = g_strjoinv ("、", (char **) unfilled->pdata);
      message = g_strdup_printf (_("The draft still has unfilled placeholders: %s."), names);
      print_error (message);
      return EXIT_FAILED;
    }
  g_print ("%s\n", text);
  return EXIT_OK;
}

static int
cmd_export (const char  *library_path,
            int          argc,
            char       **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *out_path = NULL;
  gboolean is_draft = FALSE, hide_personal = FALSE, show_personal = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("pdf, docx or txt (default: from the file name)"), N_("FORMAT") },
    { "hide-personal-data", 0, 0, G_OPTION_ARG_NONE, &hide_personal,
      N_("Mask mobile and ID-card numbers (the default for a letter marked public)"), NULL },
    { "show-personal-data", 0, 0, G_OPTION_ARG_NONE, &show_personal,
      N_("Keep mobile and ID-card numbers, even in a letter marked public"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write to FILE (- for standard output)"), N_("FILE") },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &is_draft, N_("ID is a draft's, not a letter's"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — a letter or a draft in the official layout"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(DafuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *deputy_phone = NULL;
  DafuExportFormat format;
  gboolean is_public = FALSE;
  gboolean ok;
  gint64 id;
  int status = EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !parse_id (argv[1], &id))
    return usage_error (_("Give the number of one letter, or of one draft with --draft."));
  if (out_path == NULL)
    return usage_error (_("Say where to write with -o FILE."));
  if (format_name == NULL)
    {
      const char *dot = strrchr (out_path, '.');

      format_name = g_strdup (dot != NULL ? dot + 1 : "");
    }
  if (!dafu_export_format_from_name (format_name, &format))
    return usage_error (_("The format must be pdf, docx or txt."));
  if (hide_personal && show_personal)
    return usage_error (_("Choose --hide-personal-data or --show-personal-data, not both."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;

  if (is_draft)
    {
      g_autoptr(DafuDraft) draft = dafu_library_load_draft (library, id, &error);

      if (draft != NULL)
        {
          document = dafu_document_new_from_draft (draft, &error);
          is_public = dafu_privacy_draft_is_public (draft, &deputy_phone);
        }
    }
  else
    {
      g_autoptr(DafuLetter) letter = dafu_library_get_letter (library, id, &error);

      if (letter != NULL)
        {
          document = dafu_document_new_from_letter (letter);
          is_public = dafu_privacy_letter_is_public (letter, &deputy_phone);
        }
    }

  /* A letter marked public leaves the bureau: its personal numbers are
   * masked unless asked otherwise. */
  if (document != NULL && (hide_personal || (is_public && !show_personal)))
    {
      DafuDocument *masked = dafu_privacy_mask_document (document, deputy_phone, NULL);

      g_object_unref (document);
      document = masked;
    }

  if (document != NULL && g_strcmp0 (out_path, "-") == 0)
    {
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      ok = dafu_export_write (document, format, out, NULL, NULL, &error) &&
           g_output_stream_close (out, NULL, &error);
      if (ok)
        {
          GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (out);
          gsize size = g_memory_output_stream_get_data_size (memory);

          if (fwrite (g_memory_output_stream_get_data (memory), 1, size, stdout) != size || fflush (stdout) != 0)
            {
              print_error (_("Cannot write to standard output."));
              return EXIT_FAILED;
            }
        }
    }
  else if (document != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (out_path);

      ok = dafu_export_to_file (document, format, file, &fonts, NULL, &error);
    }
  else
    ok = FALSE;

  if (!ok)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  /* Which fonts the layout found, so the clerk knows what she prints. */
  if (fonts != NULL)
    g_print ("%s\n", fonts);
  return EXIT_OK;
}

/* ----------------------------------------------------------------- main */

/* ------------------------------------------------- check, backup, restore */

static int
cmd_check (const char  *library_path,
           int          argc,
           char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check that the library file is whole"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("“check” takes no arguments."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;
  if (!dafu_library_check (library, NULL, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print ("%s\n", _("The library is whole."));
  return EXIT_OK;
}

static int
cmd_backup (const char  *library_path,
            int          argc,
            char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— back the library up now, as the day’s backup"));
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("“backup” takes no arguments."));

  library = open_library (library_path);
  if (library == NULL)
    return EXIT_FAILED;
  path = dafu_library_backup (library, NULL, FALSE, NULL, &error);
  if (path == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print ("%s\n", path);
  return EXIT_OK;
}

static int
cmd_backups (const char  *library_path,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the library’s backups, the newest first"));
  g_autofree char *path = library_path != NULL ? g_strdup (library_path) : dafu_library_default_path ();
  g_autoptr(GListModel) backups = NULL;
  g_autoptr(GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (_("“backups” takes no arguments."));

  backups = dafu_backup_list (path, &error);
  if (backups == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; i < g_list_model_get_n_items (backups); i++)
    {
      g_autoptr(DafuBackup) backup = g_list_model_get_item (backups, i);
      g_autofree char *when = g_date_time_format (dafu_backup_get_time (backup), "%Y-%m-%d %H:%M");
      g_autofree char *size = g_format_size (dafu_backup_get_size (backup));

      g_print ("%s\t%s\t%s\t%s\n", when,
               dafu_backup_get_kind (backup) == DAFU_BACKUP_DAILY ? "daily" : "before-restore",
               size, dafu_backup_get_path (backup));
    }
  return EXIT_OK;
}

static int
cmd_restore (const char  *library_path,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("BACKUP — make the library what it was in a backup"));
  g_autofree char *path = library_path != NULL ? g_strdup (library_path) : dafu_library_default_path ();
  g_autoptr(DafuLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  gboolean damaged = FALSE;
  int status = EXIT_OK;

  if (!parse_options (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (_("Name one backup to restore."));

  /* A library that opens and is whole is restored in place (the library
   * as it was is kept among the backups); a damaged one is set aside. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      library = dafu_library_new (path, NULL, &error);
      if (library != NULL && !dafu_library_check (library, NULL, &error))
        g_clear_object (&library);
      if (library == NULL)
        {
          damaged = g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_DAMAGED) ||
                    g_error_matches (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_A_LIBRARY);
          if (!damaged)
            {
              g_autofree char *message = g_strdup_printf (_("Cannot open the library: %s"), error->message);

              print_error (message);
              return EXIT_FAILED;
            }
          g_clear_error (&error);
        }
    }

  if (library != NULL ? !dafu_library_restore (library, argv[1], NULL, &error)
                      : !dafu_library_restore_file (path, argv[1], &kept, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  if (kept != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("The damaged library was kept as %s"), kept);

      g_print ("%s\n", line);
    }
  g_print ("%s\n", _("The backup was restored"));
  return EXIT_OK;
}

static const Command commands[] = {
  { "import", N_("PATH…"), N_("Import letter files and folders"), cmd_import },
  { "parse", N_("FILE… [--json]"), N_("Read letters without storing them"), cmd_parse },
  { "search", N_("QUERY [--city C] [--year Y] [--category X] [--kind K] [--sort S] [--limit N] [--json]"),
    N_("Search the library"), cmd_search },
  { "show", N_("ID [--json]"), N_("Show one letter"), cmd_show },
  { "list", N_("[--sort date|title] [--json]"), N_("List the letters"), cmd_list },
  { "facets", N_("[--json]"), N_("Count letters by city, year, category and kind"), cmd_facets },
  { "set", N_("ID FIELD [VALUE]"), N_("Correct a field of a letter"), cmd_set },
  { "delete", N_("ID"), N_("Remove a letter"), cmd_delete },
  { "compare", N_("ID1 ID2 [--min-run N] [--json | --html]"),
    N_("Compare two letters: aligned sections, themes, shared phrases, figures"), cmd_compare },
  { "related", N_("ID [--limit N] [--json]"), N_("The most similar letters from other cities"), cmd_related },
  { "clauses", N_("[--kind K] [--json]"), N_("List the clauses for drafting replies"), cmd_clauses },
  { "drafts", "", N_("List the drafts"), cmd_drafts },
  { "draft", N_("ID [--check]"), N_("Print a draft's text, or what its checks find"), cmd_draft },
  { "export", N_("ID -o FILE [--format pdf|docx|txt] [--draft] [--hide-personal-data | --show-personal-data]"),
    N_("Write a letter or a draft in the official layout"), cmd_export },
  { "check", "", N_("Check that the library file is whole"), cmd_check },
  { "backup", "", N_("Back the library up now"), cmd_backup },
  { "backups", "", N_("List the library’s backups"), cmd_backups },
  { "restore", N_("BACKUP"), N_("Make the library what it was in a backup"), cmd_restore },
  { "generate", N_("--out DIR [--count N] [--seed S]"),
    N_("Write generated letters for tests and benchmarks"), cmd_generate },
};

static char *
commands_summary (void)
{
  GString *out = g_string_new (_("Commands:"));

  g_string_append_c (out, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (out, "  %-8s %s\n           %s\n", commands[i].name,
                            _(commands[i].args), _(commands[i].summary));
  return g_string_free (out, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *library_path = NULL;
  g_autofree char *summary = NULL;
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "library", 'l', 0, G_OPTION_ARG_FILENAME, &library_path,
      N_("Use the library at PATH instead of the default"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [ARGUMENTS…] — the Dafu letter library"));
  summary = commands_summary ();
  g_option_context_set_description (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (version)
    {
      g_print ("dafu-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (argc < 2)
    return usage_error (_("Name a command."));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("dafu-cli %s", commands[i].name);

          g_set_prgname (prgname);
          return commands[i].run (library_path, argc - 1, argv + 1);
        }
    }

  {
    g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
    return usage_error (message);
  }
}
