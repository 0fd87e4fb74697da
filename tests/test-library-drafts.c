/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "dafu-checks.h"
#include "dafu-clause.h"
#include "dafu-draft.h"
#include "dafu-import-report.h"
#include "dafu-letter-list.h"
#include "dafu-library-drafts.h"
#include "dafu-library.h"
#include "dafu-query.h"
#include "dafu-text.h"
#include "dafu-test-util.h"

/* Drafts, clauses and the 文号 register as kept in the library. */

typedef struct {
  char        *dir;
  char        *path;
  DafuLibrary *library;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dafu_test_make_tmp ();
  f->path = g_build_filename (f->dir, "library.db", NULL);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->library);
  dafu_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
import_samples (Fixture *f)
{
  g_autofree char *samples = dafu_test_samples_dir ();
  g_autoptr(GFile) dir = g_file_new_for_path (samples);
  g_autoptr(DafuImportReport) report = dafu_library_import (f->library, &dir, 1, NULL);

  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 5);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->library);
  f->library = dafu_library_new (f->path, NULL, &error);
  g_assert_no_error (error);
}

/* A reply to Xianyang's suggestion 304, built as the editor builds one. */
static DafuDraft *
make_draft (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuDraftBlock) opening = NULL;
  g_autoptr(DafuDraftBlock) measure = NULL;

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市九届人大四次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "304");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "刘亚宁");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "代表");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_KIND, "suggestion");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于推进社区居家养老服务体系建设的建议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CATEGORY, "B");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函〔2026〕N号");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "市民政局社会福利科");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, "38990021");
  dafu_draft_set_points (draft, "1. 加快社区养老服务设施建设\n2. 培养养老服务人才");
  dafu_draft_set_value (draft, "代表电话", "13900000000");
  dafu_draft_add_standard_parts (draft);

  opening = dafu_draft_block_new (DAFU_BLOCK_KIND_OPENING,
                                  "您提出的《{建议标题}》收悉，经研究，现答复如下：");
  dafu_draft_block_set_clause_id (opening, 7);
  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_OPENING), opening);
  measure = dafu_draft_block_new (DAFU_BLOCK_KIND_MEASURE,
                                  "一、加快社区养老服务设施建设。今年新建社区养老服务站12个。\n"
                                  "二、培养养老服务人才。举办养老护理员培训班3期。");
  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_MEASURE), measure);
  return g_steal_pointer (&draft);
}

static void
assert_same_draft (DafuDraft *a,
                   DafuDraft *b)
{
  g_autofree char *text_a = dafu_draft_render_text (a, NULL);
  g_autofree char *text_b = dafu_draft_render_text (b, NULL);

  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    g_assert_cmpstr (dafu_draft_get_field (a, i), ==, dafu_draft_get_field (b, i));
  g_assert_cmpstr (dafu_draft_get_points (a), ==, dafu_draft_get_points (b));
  g_assert_cmpstr (dafu_draft_get_value (a, "代表电话"), ==, dafu_draft_get_value (b, "代表电话"));
  g_assert_cmpuint (dafu_draft_get_n_blocks (a), ==, dafu_draft_get_n_blocks (b));
  for (guint i = 0; i < dafu_draft_get_n_blocks (a); i++)
    {
      DafuDraftBlock *x = dafu_draft_get_block (a, i);
      DafuDraftBlock *y = dafu_draft_get_block (b, i);

      g_assert_cmpint (dafu_draft_block_get_kind (x), ==, dafu_draft_block_get_kind (y));
      g_assert_cmpstr (dafu_draft_block_get_text (x), ==, dafu_draft_block_get_text (y));
      g_assert_cmpint (dafu_draft_block_get_clause_id (x), ==, dafu_draft_block_get_clause_id (y));
      g_assert_cmpint (dafu_draft_block_get_generated (x), ==, dafu_draft_block_get_generated (y));
    }
  g_assert_cmpstr (text_a, ==, text_b);
}

static void
test_draft_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDraft) draft = make_draft ();
  g_autoptr(DafuDraft) loaded = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  guint n_blocks;

  g_assert_true (dafu_library_save_draft (f->library, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_draft_get_id (draft), >, 0);
  g_assert_cmpint (dafu_draft_get_created (draft), >, 0);

  reopen (f);
  loaded = dafu_library_load_draft (f->library, dafu_draft_get_id (draft), &error);
  g_assert_no_error (error);
  assert_same_draft (draft, loaded);
  /* Loading is not an edit the clerk could undo. */
  g_assert_false (dafu_draft_can_undo (loaded));
  g_assert_false (dafu_draft_get_interrupted (loaded));

  /* Saving again replaces blocks that went and texts that changed. */
  n_blocks = dafu_draft_get_n_blocks (loaded);
  dafu_draft_remove_block (loaded, n_blocks - 1);
  dafu_draft_set_block_text (loaded, 0, "关于第304号建议的答复");
  g_assert_true (dafu_library_save_draft (f->library, loaded, &error));
  g_assert_no_error (error);
  g_clear_object (&draft);
  draft = dafu_library_load_draft (f->library, dafu_draft_get_id (loaded), &error);
  g_assert_no_error (error);
  assert_same_draft (draft, loaded);
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, n_blocks - 1);

  drafts = dafu_library_list_drafts (f->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
}

static void
test_draft_trash (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDraft) first = make_draft ();
  g_autoptr(DafuDraft) second = make_draft ();
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(DafuDraft) missing = NULL;

  g_assert_true (dafu_library_save_draft (f->library, first, NULL));
  g_assert_true (dafu_library_save_draft (f->library, second, NULL));

  g_assert_true (dafu_library_trash_draft (f->library, dafu_draft_get_id (first), TRUE, &error));
  g_assert_no_error (error);
  drafts = dafu_library_list_drafts (f->library, NULL);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpint (dafu_draft_get_id (g_ptr_array_index (drafts, 0)), ==, dafu_draft_get_id (second));
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* Undo brings it back … */
  g_assert_true (dafu_library_trash_draft (f->library, dafu_draft_get_id (first), FALSE, &error));
  drafts = dafu_library_list_drafts (f->library, NULL);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  /* … and a draft left in the trash goes when the library is next opened. */
  g_assert_true (dafu_library_trash_draft (f->library, dafu_draft_get_id (first), TRUE, NULL));
  reopen (f);
  g_assert_false (dafu_library_trash_draft (f->library, dafu_draft_get_id (first), FALSE, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = dafu_library_load_draft (f->library, dafu_draft_get_id (first), &error);
  g_assert_null (missing);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (dafu_library_delete_draft (f->library, dafu_draft_get_id (second), &error));
  g_assert_no_error (error);
  drafts = dafu_library_list_drafts (f->library, NULL);
  g_assert_cmpuint (drafts->len, ==, 0);
}

static void
test_doc_numbers (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *proposed = NULL;
  guint number = 0;

  import_samples (f);

  /* Xianyang's letters of 2024 are 39 and 40. */
  g_assert_cmpuint (dafu_library_next_doc_number (f->library, "咸民函", 2024, &error), ==, 41);
  g_assert_no_error (error);
  g_assert_cmpuint (dafu_library_next_doc_number (f->library, "咸民函", 2026, &error), ==, 1);
  proposed = dafu_library_propose_doc_number (f->library, "咸阳市民政局", 2024, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (proposed, ==, "咸民函〔2024〕41号");
  g_clear_pointer (&proposed, g_free);
  proposed = dafu_library_propose_doc_number (f->library, "榆林市民政局", 2026, &error);
  g_assert_cmpstr (proposed, ==, "榆政民函〔2026〕1号");
  g_clear_pointer (&proposed, g_free);

  g_assert_true (dafu_library_reserve_doc_number (f->library, "咸民函", 2024, 0, &number, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (number, ==, 41);
  number = 0;
  g_assert_true (dafu_library_reserve_doc_number (f->library, "咸民函", 2024, 5, &number, &error));
  g_assert_cmpuint (number, ==, 42);
  proposed = dafu_library_propose_doc_number (f->library, "咸民函", 2024, &error);
  g_assert_cmpstr (proposed, ==, "咸民函〔2024〕43号");

  /* Never twice: not a letter's number, not another draft's. */
  number = 39;
  g_assert_false (dafu_library_reserve_doc_number (f->library, "咸民函", 2024, 9, &number, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED);
  g_assert_cmpuint (number, ==, 39);
  g_clear_error (&error);
  number = 42;
  g_assert_false (dafu_library_reserve_doc_number (f->library, "咸民函", 2024, 9, &number, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED);
  g_clear_error (&error);
  /* The draft that holds it may ask again. */
  g_assert_true (dafu_library_reserve_doc_number (f->library, "咸民函", 2024, 5, &number, &error));
  g_assert_no_error (error);

  g_assert_false (dafu_library_reserve_doc_number (f->library, "", 2024, 0, &number, &error));
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED);
}

#define PER_THREAD 40

typedef struct {
  const char *path;
  guint       numbers[PER_THREAD];
  gint64      draft_id;
} ReserveWork;

static gpointer
reserve_thread (gpointer data)
{
  ReserveWork *work = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuLibrary) library = dafu_library_new (work->path, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < PER_THREAD; i++)
    {
      work->numbers[i] = 0;
      g_assert_true (dafu_library_reserve_doc_number (library, "晋民函", 2026, work->draft_id,
                                                      &work->numbers[i], &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_doc_numbers_threads (Fixture       *f,
                          gconstpointer  data)
{
  ReserveWork work[2] = { { f->path, { 0 }, 1 }, { f->path, { 0 }, 2 } };
  GThread *threads[2];
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint t = 0; t < 2; t++)
    threads[t] = g_thread_new ("reserve", reserve_thread, &work[t]);
  for (guint t = 0; t < 2; t++)
    g_thread_join (threads[t]);

  for (guint t = 0; t < 2; t++)
    for (guint i = 0; i < PER_THREAD; i++)
      {
        g_assert_false (g_hash_table_contains (seen, GUINT_TO_POINTER (work[t].numbers[i])));
        g_hash_table_add (seen, GUINT_TO_POINTER (work[t].numbers[i]));
      }
  /* One after the other, none skipped. */
  for (guint n = 1; n <= 2 * PER_THREAD; n++)
    g_assert_true (g_hash_table_contains (seen, GUINT_TO_POINTER (n)));
}

static void
test_finalize (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDraft) draft = make_draft ();
  g_autoptr(DafuDraft) again = NULL;
  g_autoptr(DafuDraft) unfilled = make_draft ();
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(DafuQuery) query = NULL;
  g_autoptr(DafuLetterList) hits = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  gint64 letter_id;

  import_samples (f);
  g_assert_true (dafu_library_save_draft (f->library, draft, NULL));

  letter_id = dafu_library_finalize_draft (f->library, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (letter_id, >, 0);
  g_assert_cmpint (dafu_draft_get_state (draft), ==, DAFU_DRAFT_STATE_FINAL);
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "咸民函〔2026〕1号");
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 6);

  /* The letter is in the library like any other, with the draft's fields. */
  letter = dafu_library_get_letter (f->library, letter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "咸民函〔2026〕1号");
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "刘亚宁");
  g_assert_nonnull (strstr (dafu_letter_get_text (letter), "您提出的《关于推进社区居家养老服务体系建设的建议》收悉"));
  query = dafu_query_new ("养老护理员培训班");
  hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hits)), ==, 1);
  g_assert_cmpint (dafu_letter_list_get_id (hits, 0), ==, letter_id);

  /* Kept as a draft, final, and not finalized twice. */
  reopen (f);
  again = dafu_library_load_draft (f->library, dafu_draft_get_id (draft), &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_draft_get_state (again), ==, DAFU_DRAFT_STATE_FINAL);
  g_assert_cmpstr (dafu_draft_get_field (again, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "咸民函〔2026〕1号");
  g_assert_cmpint (dafu_library_finalize_draft (f->library, again, &error), ==, 0);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED);
  g_clear_error (&error);

  /* An unfilled placeholder never reaches the library. */
  dafu_draft_set_block_text (unfilled, dafu_draft_get_n_blocks (unfilled) - 1, "{项目名称}已完成。");
  g_assert_cmpint (dafu_library_finalize_draft (f->library, unfilled, &error), ==, 0);
  g_assert_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "项目名称"));
  g_clear_error (&error);
  g_assert_cmpint (dafu_draft_get_state (unfilled), ==, DAFU_DRAFT_STATE_DRAFT);
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 6);
  g_assert_cmpuint (dafu_library_next_doc_number (f->library, "咸民函", 2026, NULL), ==, 2);

  /* A draft finalized unsaved gets its id with its number. */
  dafu_draft_set_value (unfilled, "项目名称", "幸福工程");
  letter_id = dafu_library_finalize_draft (f->library, unfilled, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dafu_draft_get_id (unfilled), >, 0);
  g_assert_cmpstr (dafu_draft_get_field (unfilled, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "咸民函〔2026〕2号");
  drafts = dafu_library_list_drafts (f->library, NULL);
  g_assert_cmpuint (drafts->len, ==, 2);
}

static DafuClause *
find_clause (GPtrArray  *clauses,
             gint64      id)
{
  for (guint i = 0; i < clauses->len; i++)
    if (dafu_clause_get_id (g_ptr_array_index (clauses, i)) == id)
      return g_ptr_array_index (clauses, i);
  return NULL;
}

static void
test_clauses (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuClause) own = dafu_clause_new (DAFU_CLAUSE_KIND_CLOSING, "致谢", "感谢您对民政工作的关心和支持。");
  g_autoptr(GPtrArray) clauses = NULL;
  const char *cities[] = { "咸阳市", NULL };
  gint64 sources[] = { 3, 4 };
  DafuClause *found;

  dafu_clause_set_cities (own, cities);
  dafu_clause_set_sources (own, sources, 2);
  g_assert_true (dafu_library_save_clause (f->library, own, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dafu_clause_get_id (own), >, 0);

  clauses = dafu_library_list_clauses (f->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clauses->len, ==, 1);
  found = find_clause (clauses, dafu_clause_get_id (own));
  g_assert_cmpstr (dafu_clause_get_text (found), ==, "感谢您对民政工作的关心和支持。");
  g_assert_cmpint (dafu_clause_get_kind (found), ==, DAFU_CLAUSE_KIND_CLOSING);
  g_assert_cmpstr (dafu_clause_get_cities (found)[0], ==, "咸阳市");
  {
    guint n = 0;
    const gint64 *ids = dafu_clause_get_sources (found, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpint (ids[0] + ids[1], ==, 7);
  }

  g_assert_true (dafu_library_note_clause_used (f->library, dafu_clause_get_id (own), &error));
  dafu_clause_set_favourite (own, TRUE);
  dafu_clause_set_title (own, "结束语");
  g_assert_true (dafu_library_save_clause (f->library, own, &error));
  g_clear_pointer (&clauses, g_ptr_array_unref);
  clauses = dafu_library_list_clauses (f->library, NULL);
  found = find_clause (clauses, dafu_clause_get_id (own));
  g_assert_cmpstr (dafu_clause_get_title (found), ==, "结束语");
  g_assert_true (dafu_clause_get_favourite (found));
  g_assert_cmpint (dafu_clause_get_last_used (found), >, 0);

  g_assert_true (dafu_library_delete_clause (f->library, dafu_clause_get_id (own), &error));
  g_assert_no_error (error);
  g_clear_pointer (&clauses, g_ptr_array_unref);
  clauses = dafu_library_list_clauses (f->library, NULL);
  g_assert_cmpuint (clauses->len, ==, 0);
}

static void
test_mined_clauses (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(GPtrArray) again = NULL;
  DafuClause *opening = NULL;
  DafuClause *edited = NULL;
  guint n_mined;

  import_samples (f);
  n_mined = dafu_library_mine_clauses (f->library, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_mined, >, 0);
  clauses = dafu_library_list_clauses (f->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (clauses->len, ==, n_mined);

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);

      g_assert_true (dafu_clause_get_mined (clause));
      if (dafu_clause_get_kind (clause) == DAFU_CLAUSE_KIND_OPENING && opening == NULL &&
          dafu_clause_get_n_letters (clause) >= 2)
        opening = clause;
      else if (edited == NULL && dafu_clause_get_kind (clause) == DAFU_CLAUSE_KIND_MEASURE)
        edited = clause;
    }
  g_assert_nonnull (opening);
  g_assert_nonnull (edited);

  /* The clerk deletes one and makes another her own. */
  g_assert_true (dafu_library_delete_clause (f->library, dafu_clause_get_id (opening), NULL));
  dafu_clause_set_text (edited, "我们的措施：{项目名称}。");
  dafu_clause_set_mined (edited, FALSE);
  g_assert_true (dafu_library_save_clause (f->library, edited, NULL));

  /* Mining again adds nothing twice, and keeps her choices. */
  g_assert_cmpuint (dafu_library_mine_clauses (f->library, NULL, &error), ==, n_mined);
  again = dafu_library_list_clauses (f->library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, n_mined - 1);
  g_assert_null (find_clause (again, dafu_clause_get_id (opening)));
  g_assert_cmpstr (dafu_clause_get_text (find_clause (again, dafu_clause_get_id (edited))), ==,
                   "我们的措施：{项目名称}。");
  g_assert_false (dafu_clause_get_mined (find_clause (again, dafu_clause_get_id (edited))));
}

/* The first acceptance point, in the core: a complete reply to Jincheng's
 * suggestion 444 made from the mined clauses as a clerk would pick them
 * (the shared opening and closing, one measure per point found by a word
 * of the point), with every standard part, names and numbers filled, no
 * check raised, and the reply in the library once finalized. */
static DafuClause *
pick_clause (GPtrArray      *clauses,
             DafuClauseKind  kind,
             const char     *word,
             GHashTable     *picked)
{
  g_autofree char *folded = dafu_text_fold (word, -1);
  DafuClause *best = NULL;

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);

      if (dafu_clause_get_kind (clause) == kind && dafu_clause_matches (clause, folded) &&
          !g_hash_table_contains (picked, clause) &&
          (best == NULL || dafu_clause_get_n_letters (clause) > dafu_clause_get_n_letters (best)))
        best = clause;
    }
  g_assert_nonnull (best);
  g_hash_table_add (picked, best);
  return best;
}

static void
test_reply_to_jincheng (Fixture       *f,
                        gconstpointer  data)
{
  static const struct {
    DafuClauseKind  kind;
    const char     *word;
  } picks[] = {
    { DAFU_CLAUSE_KIND_OPENING, "收悉" },
    { DAFU_CLAUSE_KIND_MEASURE, "实施方案" },
    { DAFU_CLAUSE_KIND_MEASURE, "配建养老服务设施" },
    { DAFU_CLAUSE_KIND_MEASURE, "文化" },
    { DAFU_CLAUSE_KIND_MEASURE, "医养结合" },
    { DAFU_CLAUSE_KIND_MEASURE, "心理" },
    { DAFU_CLAUSE_KIND_CLOSING, "感谢" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = NULL;
  g_autoptr(DafuLetter) suggestion = NULL;
  g_autoptr(DafuDraft) draft = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autofree char *text = NULL;
  g_autofree char *doc_number = NULL;
  g_autoptr(GHashTable) picked = g_hash_table_new (NULL, NULL);
  gint64 jincheng = 0, letter_id;

  import_samples (f);
  {
    g_autoptr(DafuQuery) query = dafu_query_new ("加强居家养老服务的建议");
    g_autoptr(DafuLetterList) hits = dafu_library_search (f->library, query, DAFU_SORT_RELEVANCE, 0, NULL, NULL);

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (hits)); i++)
      {
        g_autoptr(DafuLetter) hit = dafu_library_get_letter (f->library, dafu_letter_list_get_id (hits, i), NULL);

        if (g_strcmp0 (dafu_letter_get_field (hit, DAFU_LETTER_FIELD_SUGGESTION_NUMBER), "444") == 0)
          jincheng = dafu_letter_get_id (hit);
      }
  }
  g_assert_cmpint (jincheng, >, 0);
  suggestion = dafu_library_get_letter (f->library, jincheng, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dafu_library_mine_clauses (f->library, NULL, &error), >, 0);
  clauses = dafu_library_list_clauses (f->library, &error);
  g_assert_no_error (error);

  /* New Reply to… fills the fields, the points and the standard parts. */
  draft = dafu_draft_new_reply_to (suggestion);
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李蕾");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  doc_number = dafu_library_propose_doc_number (f->library, "晋民函", 2026, &error);
  g_assert_no_error (error);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, doc_number);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "市民政局养老服务科");
  for (guint i = 0; i < G_N_ELEMENTS (picks); i++)
    dafu_draft_insert_clause (draft, G_MAXUINT, pick_clause (clauses, picks[i].kind, picks[i].word, picked));

  issues = dafu_draft_check (draft);
  for (guint i = 0; i < issues->len; i++)
    g_test_message ("check: %s", ((DafuCheckIssue *) g_ptr_array_index (issues, i))->message);
  g_assert_cmpuint (issues->len, ==, 0);

  text = dafu_draft_render_text (draft, &unfilled);
  g_assert_cmpuint (unfilled->len, ==, 0);
  g_assert_true (g_str_has_prefix (text, "关于市八届人大三次会议第444号建议的答复\n\n尊敬的李蕾代表：\n\n"
                                         "您提出的《关于加强居家养老服务的建议》收悉"));
  g_assert_nonnull (strstr (text, "晋城市民政局\n2026年11月23日"));
  g_assert_nonnull (strstr (text, "联系电话：2566249"));

  letter_id = dafu_library_finalize_draft (f->library, draft, &error);
  g_assert_no_error (error);
  letter = dafu_library_get_letter (f->library, letter_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER), ==, "晋民函〔2026〕1号");
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SUGGESTION_NUMBER), ==, "444");
  g_assert_cmpint (dafu_library_count (f->library, NULL), ==, 6);
}

typedef struct {
  GMainLoop *loop;
  GPtrArray *clauses;
  GError    *error;
} AsyncWait;

static void
clauses_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->clauses = dafu_library_list_clauses_finish (DAFU_LIBRARY (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_clauses_async (Fixture       *f,
                    gconstpointer  data)
{
  AsyncWait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  import_samples (f);

  /* Mined on first use … */
  dafu_library_list_clauses_async (f->library, TRUE, NULL, clauses_listed, &wait);
  g_main_loop_run (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (wait.clauses->len, >, 0);
  g_clear_pointer (&wait.clauses, g_ptr_array_unref);

  /* … and a cancelled listing says so. */
  g_cancellable_cancel (cancellable);
  dafu_library_list_clauses_async (f->library, TRUE, cancellable, clauses_listed, &wait);
  g_main_loop_run (wait.loop);
  g_assert_null (wait.clauses);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_main_loop_unref (wait.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/library-drafts/round-trip", test_draft_round_trip);
  ADD ("/library-drafts/trash", test_draft_trash);
  ADD ("/library-drafts/doc-numbers", test_doc_numbers);
  ADD ("/library-drafts/doc-numbers-threads", test_doc_numbers_threads);
  ADD ("/library-drafts/finalize", test_finalize);
  ADD ("/library-drafts/clauses", test_clauses);
  ADD ("/library-drafts/mined-clauses", test_mined_clauses);
  ADD ("/library-drafts/clauses-async", test_clauses_async);
  ADD ("/library-drafts/reply-to-jincheng", test_reply_to_jincheng);
#undef ADD

  return g_test_run ();
}
