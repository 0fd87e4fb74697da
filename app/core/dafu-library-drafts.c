/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-library"

#include "config.h"

#include "dafu-library-drafts.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dafu-clause-miner.h"
#include "dafu-library-private.h"
#include "dafu-placeholder.h"
#include "dafu-themes.h"
#include "dafu-util.h"

/*
 * Drafts, clauses and the 文号 register in the library's database (schema
 * version 6, see dafu-db.c).
 *
 * A draft is saved whole in one transaction: its row, then its blocks and
 * placeholder values written again. Drafts are small (tens of blocks), so
 * this is cheaper and simpler than tracking what changed, and a save is
 * never half done: an autosave killed mid-way leaves the previous one.
 *
 * The register hands out each (prefix, year, number) once: a number is
 * taken inside a BEGIN IMMEDIATE transaction, so two connections (two
 * threads, or the window and dafu-cli) queue for it, and the primary key
 * refuses a second holder in any case. The next free number is one more
 * than the largest handed out or seen on a letter in the library.
 *
 * Clauses are mined from the newest MINE_LETTERS letters when the library
 * changed since the last mining (its letter count and largest id, kept in
 * settings). Mining again updates the clauses it finds by their
 * fingerprint, adds new ones, drops mined ones no letter uses any more
 * (unless the clerk used or starred them), and leaves alone what the clerk
 * edited (mined = 0) or deleted (hidden = 1).
 */

#define MINE_LETTERS 2000

#define FIELD_COLUMNS \
  "issuer, city, doc_number, category, signer, head, handler, kind, session, " \
  "suggestion_number, addressee, addressee_role, title, date, contact, " \
  "contact_phone, cc, public_note"

#define FIELD_PARAMS "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_draft_not_found (GError **error)
{
  g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_NOT_FOUND,
                       _("The draft is no longer in the library."));
}

/* ----------------------------------------------------------------------- *
 * Drafts
 * ----------------------------------------------------------------------- */

static DafuDraft *
load_draft (DafuDb  *db,
            gint64   id,
            GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  int rc;

  stmt = dafu_db_prepare (db, "SELECT " FIELD_COLUMNS ", state, letter_id, points, editing,"
                              " created, updated FROM drafts WHERE id = ? AND trashed = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_draft_not_found (error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  /* Fields first: with no blocks yet, nothing is generated from them. */
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    dafu_draft_set_field (draft, i, dafu_stmt_column_text (stmt, i));
  dafu_draft_set_id (draft, id);
  dafu_draft_set_state (draft, sqlite3_column_int (stmt, DAFU_LETTER_N_FIELDS));
  dafu_draft_set_letter_id (draft, sqlite3_column_int64 (stmt, DAFU_LETTER_N_FIELDS + 1));
  dafu_draft_set_points (draft, dafu_stmt_column_text (stmt, DAFU_LETTER_N_FIELDS + 2));
  dafu_draft_set_interrupted (draft, sqlite3_column_int (stmt, DAFU_LETTER_N_FIELDS + 3) != 0);
  dafu_draft_set_created (draft, sqlite3_column_int64 (stmt, DAFU_LETTER_N_FIELDS + 4));
  dafu_draft_set_updated (draft, sqlite3_column_int64 (stmt, DAFU_LETTER_N_FIELDS + 5));
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "SELECT name, value FROM draft_values WHERE draft_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    dafu_draft_set_value (draft, dafu_stmt_column_text (stmt, 0), dafu_stmt_column_text (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "SELECT kind, text, clause_id, generated FROM draft_blocks"
                              " WHERE draft_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(DafuDraftBlock) block = NULL;
      DafuBlockKind kind;

      if (!dafu_block_kind_from_string (dafu_stmt_column_text (stmt, 0), &kind))
        kind = DAFU_BLOCK_KIND_TEXT;
      block = dafu_draft_block_new (kind, dafu_stmt_column_text (stmt, 1));
      dafu_draft_block_set_clause_id (block, sqlite3_column_int64 (stmt, 2));
      _dafu_draft_block_set_generated (block, sqlite3_column_int (stmt, 3) != 0);
      dafu_draft_insert_block (draft, dafu_draft_get_n_blocks (draft), block);
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  dafu_draft_clear_undo (draft);
  return g_steal_pointer (&draft);
}

static GPtrArray *
list_drafts (DafuDb  *db,
             GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = dafu_db_prepare (db, "SELECT id FROM drafts WHERE trashed = 0 ORDER BY updated DESC, id DESC",
                          error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    {
      DafuDraft *draft = load_draft (db, g_array_index (ids, gint64, i), error);

      if (draft == NULL)
        return NULL;
      g_ptr_array_add (drafts, draft);
    }
  return g_steal_pointer (&drafts);
}

static gboolean
is_field_name (const char *name)
{
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    if (g_strcmp0 (dafu_placeholders_name_for_field (i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Inside a transaction. Gives a new draft its id. */
static gboolean
write_draft (DafuDb     *db,
             DafuDraft  *draft,
             gboolean    editing,
             gint64      final_letter_id,
             GError    **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GHashTable) values = NULL;
  gint64 id = dafu_draft_get_id (draft);
  gint64 time = now ();
  guint n = DAFU_LETTER_N_FIELDS;
  GHashTableIter iter;
  gpointer key, value;

  if (dafu_draft_get_created (draft) == 0)
    dafu_draft_set_created (draft, time);
  dafu_draft_set_updated (draft, time);

  /* A draft deleted elsewhere meanwhile comes back under its own id:
   * the clerk is still writing it. */
  stmt = dafu_db_prepare (db, "INSERT INTO drafts (id, " FIELD_COLUMNS ", state, letter_id,"
                              " final_letter_id, points, editing, trashed, created, updated)"
                              " VALUES (?, " FIELD_PARAMS ", ?, ?, ?, ?, ?, 0, ?, ?)"
                              " ON CONFLICT (id) DO UPDATE SET (" FIELD_COLUMNS ", state, letter_id,"
                              " final_letter_id, points, editing, trashed, updated) ="
                              " (" FIELD_PARAMS ", excluded.state, excluded.letter_id,"
                              " coalesce (excluded.final_letter_id, final_letter_id),"
                              " excluded.points, excluded.editing, 0, excluded.updated)",
                          error);
  if (stmt == NULL)
    return FALSE;
  if (id != 0)
    sqlite3_bind_int64 (stmt, 1, id);
  for (guint i = 0; i < DAFU_LETTER_N_FIELDS; i++)
    {
      dafu_stmt_bind_text (stmt, 2 + i, dafu_draft_get_field (draft, i));
      dafu_stmt_bind_text (stmt, 2 + n + 7 + i, dafu_draft_get_field (draft, i));
    }
  sqlite3_bind_int (stmt, 2 + n, dafu_draft_get_state (draft));
  if (dafu_draft_get_letter_id (draft) != 0)
    sqlite3_bind_int64 (stmt, 3 + n, dafu_draft_get_letter_id (draft));
  if (final_letter_id != 0)
    sqlite3_bind_int64 (stmt, 4 + n, final_letter_id);
  dafu_stmt_bind_text (stmt, 5 + n, dafu_draft_get_points (draft));
  sqlite3_bind_int (stmt, 6 + n, editing);
  sqlite3_bind_int64 (stmt, 7 + n, dafu_draft_get_created (draft));
  sqlite3_bind_int64 (stmt, 8 + n, time);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, dafu_stmt_release);
  if (id == 0)
    {
      id = sqlite3_last_insert_rowid (dafu_db_get_handle (db));
      dafu_draft_set_id (draft, id);
    }

  stmt = dafu_db_prepare (db, "DELETE FROM draft_blocks WHERE draft_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "INSERT INTO draft_blocks (draft_id, position, kind, text, clause_id,"
                              " generated) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < dafu_draft_get_n_blocks (draft); i++)
    {
      DafuDraftBlock *block = dafu_draft_get_block (draft, i);

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      dafu_stmt_bind_text (stmt, 3, dafu_block_kind_to_string (dafu_draft_block_get_kind (block)));
      dafu_stmt_bind_text (stmt, 4, dafu_draft_block_get_text (block) != NULL
                                      ? dafu_draft_block_get_text (block) : "");
      if (dafu_draft_block_get_clause_id (block) != 0)
        sqlite3_bind_int64 (stmt, 5, dafu_draft_block_get_clause_id (block));
      else
        sqlite3_bind_null (stmt, 5);
      sqlite3_bind_int (stmt, 6, dafu_draft_block_get_generated (block));
      if (!dafu_db_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "DELETE FROM draft_values WHERE draft_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "INSERT INTO draft_values (draft_id, name, value) VALUES (?, ?, ?)",
                          error);
  if (stmt == NULL)
    return FALSE;
  values = dafu_draft_dup_values (draft);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* Fields are in their own columns. */
      if (value == NULL || *(const char *) value == '\0' || is_field_name (key))
        continue;
      sqlite3_bind_int64 (stmt, 1, id);
      dafu_stmt_bind_text (stmt, 2, key);
      dafu_stmt_bind_text (stmt, 3, value);
      if (!dafu_db_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
save_draft (DafuDb     *db,
            DafuDraft  *draft,
            gboolean    editing,
            GError    **error)
{
  gint64 old_id = dafu_draft_get_id (draft);

  if (!dafu_db_begin (db, error))
    return FALSE;
  if (!write_draft (db, draft, editing, 0, error) ||
      !dafu_db_commit (db, error))
    {
      dafu_db_rollback (db);
      dafu_draft_set_id (draft, old_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
trash_draft (DafuDb    *db,
             gint64     id,
             gboolean   trashed,
             gboolean   for_good,
             GError   **error)
{
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, for_good ? "DELETE FROM drafts WHERE id = ?1"
                                       : "UPDATE drafts SET trashed = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!for_good)
    sqlite3_bind_int (stmt, 2, trashed);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (dafu_db_get_handle (db)) == 0)
    {
      set_draft_not_found (error);
      return FALSE;
    }
  return TRUE;
}

/* ----------------------------------------------------------------------- *
 * The 文号 register
 * ----------------------------------------------------------------------- */

static char *
escape_like (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The numbers of (prefix, year) on letters of the library, into @numbers. */
static gboolean
letter_numbers (DafuDb      *db,
                const char  *prefix,
                int          year,
                GArray      *numbers,
                GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autofree char *escaped = escape_like (prefix);
  g_autofree char *pattern = g_strconcat (escaped, "%", NULL);
  int rc;

  stmt = dafu_db_prepare (db, "SELECT doc_number FROM letters WHERE doc_number LIKE ? ESCAPE '\\'",
                          error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, pattern);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *letter_prefix = NULL;
      int letter_year;
      guint number;

      if (dafu_doc_number_split (dafu_stmt_column_text (stmt, 0), &letter_prefix, &letter_year, &number) &&
          letter_year == year && number != 0 && g_strcmp0 (letter_prefix, prefix) == 0)
        g_array_append_val (numbers, number);
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* The largest number of (prefix, year) on a letter in the library, or
 * handed out; -1 on error. */
static gint64
largest_number (DafuDb      *db,
                const char  *prefix,
                int          year,
                GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 largest = 0;
  int rc;

  stmt = dafu_db_prepare (db, "SELECT max (number) FROM doc_numbers WHERE prefix = ? AND year = ?",
                          error);
  if (stmt == NULL)
    return -1;
  dafu_stmt_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return -1;
    }
  largest = sqlite3_column_int64 (stmt, 0);

  if (!letter_numbers (db, prefix, year, numbers, error))
    return -1;
  for (guint i = 0; i < numbers->len; i++)
    largest = MAX (largest, (gint64) g_array_index (numbers, guint, i));
  return largest;
}

/* Whether a letter in the library bears the number; -1 on error. */
static int
letter_has_number (DafuDb      *db,
                   const char  *prefix,
                   int          year,
                   guint        number,
                   GError     **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!letter_numbers (db, prefix, year, numbers, error))
    return -1;
  for (guint i = 0; i < numbers->len; i++)
    if (g_array_index (numbers, guint, i) == number)
      return 1;
  return 0;
}

/* Inside a write transaction. *number 0 takes the next free number. */
static gboolean
reserve_number (DafuDb      *db,
                const char  *prefix,
                int          year,
                gint64       draft_id,
                guint       *number,
                GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  if (*number == 0)
    {
      gint64 largest = largest_number (db, prefix, year, error);

      if (largest < 0)
        return FALSE;
      if (largest >= G_MAXUINT)
        {
          g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                       _("No number is left for %s in %d."), prefix, year);
          return FALSE;
        }
      *number = largest + 1;
    }
  else
    {
      int taken = letter_has_number (db, prefix, year, *number, error);

      if (taken < 0)
        return FALSE;
      if (taken)
        {
          g_autofree char *formatted = dafu_doc_number_format (prefix, year, *number);
          g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                       _("The number %s is already on a letter in the library; choose another or let Dafu propose one."),
                       formatted);
          return FALSE;
        }
    }

  /* The same draft finalized again keeps its number. */
  stmt = dafu_db_prepare (db, "SELECT draft_id FROM doc_numbers WHERE prefix = ? AND year = ? AND number = ?",
                          error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int64 (stmt, 3, *number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gboolean own = draft_id != 0 && sqlite3_column_int64 (stmt, 0) == draft_id;

      if (!own)
        {
          g_autofree char *formatted = dafu_doc_number_format (prefix, year, *number);
          g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                       _("The number %s has already been given to another reply; choose another or let Dafu propose one."),
                       formatted);
        }
      return own;
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "INSERT INTO doc_numbers (prefix, year, number, draft_id, reserved_at)"
                              " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, prefix);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int64 (stmt, 3, *number);
  if (draft_id != 0)
    sqlite3_bind_int64 (stmt, 4, draft_id);
  sqlite3_bind_int64 (stmt, 5, now ());
  return dafu_db_step_done (db, stmt, error);
}

static gboolean
check_prefix (const char  *prefix,
              int          year,
              GError     **error)
{
  if (prefix == NULL || *prefix == '\0' || !g_utf8_validate (prefix, -1, NULL) ||
      year < 1949 || year > 9999)
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("A document number needs its issuer's prefix (such as 咸民函) and a year."));
      return FALSE;
    }
  return TRUE;
}

/* The prefix an issuer uses: the one of its newest numbered letter or
 * reply, else @issuer_or_prefix itself. */
static char *
prefix_for (DafuDb      *db,
            const char  *issuer_or_prefix,
            GError     **error)
{
  static const char * const queries[] = {
    "SELECT doc_number FROM doc_numbers d JOIN drafts ON drafts.id = d.draft_id"
    " WHERE drafts.issuer = ? ORDER BY d.reserved_at DESC LIMIT 20",
    "SELECT doc_number FROM letters WHERE issuer = ? AND doc_number IS NOT NULL"
    " ORDER BY fts_key DESC LIMIT 20",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, queries[q], error);
      int rc;

      if (stmt == NULL)
        return NULL;
      dafu_stmt_bind_text (stmt, 1, issuer_or_prefix);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          char *prefix = NULL;
          int year;
          guint number;

          if (dafu_doc_number_split (dafu_stmt_column_text (stmt, 0), &prefix, &year, &number) &&
              prefix != NULL && *prefix != '\0')
            return prefix;
          g_free (prefix);
        }
      if (rc != SQLITE_DONE)
        {
          dafu_db_set_error (db, rc, error);
          return NULL;
        }
    }
  return g_strdup (issuer_or_prefix);
}

static char *
propose_number (DafuDb      *db,
                const char  *issuer_or_prefix,
                int          year,
                GError     **error)
{
  g_autofree char *prefix = NULL;
  gint64 largest;

  if (!check_prefix (issuer_or_prefix, year, error))
    return NULL;
  prefix = prefix_for (db, issuer_or_prefix, error);
  if (prefix == NULL)
    return NULL;
  largest = largest_number (db, prefix, year, error);
  if (largest < 0)
    return NULL;
  return dafu_doc_number_format (prefix, year, largest + 1);
}

/* ----------------------------------------------------------------------- *
 * Finalizing
 * ----------------------------------------------------------------------- */

static gboolean
draft_is_final (DafuDb    *db,
                gint64     id,
                gboolean  *final,
                GError   **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  *final = FALSE;
  if (id == 0)
    return TRUE;
  stmt = dafu_db_prepare (db, "SELECT state FROM drafts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *final = sqlite3_column_int (stmt, 0) == DAFU_DRAFT_STATE_FINAL;
  else if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* On a copy of the clerk's draft: reserves its 文号 (filling in the number
 * when it is still N), adds the letter, marks the draft final, all in one
 * transaction. */
static gint64
finalize_draft (DafuDb     *db,
                DafuDraft  *draft,
                GError    **error)
{
  g_autoptr(DafuLetter) letter = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autofree char *text = NULL;
  g_autofree char *doc_number = g_strdup (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER));
  gint64 letter_id;
  gint64 old_id = dafu_draft_get_id (draft);
  gboolean final;
  int year;
  guint number = 0;

  if (dafu_draft_get_state (draft) == DAFU_DRAFT_STATE_FINAL)
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("This reply has already been finalized."));
      return 0;
    }

  /* Never a placeholder in a letter of the library. */
  text = dafu_draft_render_text (draft, &unfilled);
  if (unfilled != NULL && unfilled->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (unfilled, NULL);
      names = g_strjoinv ("、", (char **) unfilled->pdata);
      g_set_error (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                   _("Fill in the placeholders first: %s."), names);
      return 0;
    }
  if (text == NULL || *g_strstrip (text) == '\0')
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("The reply is empty."));
      return 0;
    }

  if (!dafu_db_begin (db, error))
    return 0;
  if (!draft_is_final (db, dafu_draft_get_id (draft), &final, error))
    goto fail;
  if (final)
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("This reply has already been finalized."));
      goto fail;
    }

  /* A new draft needs its id before its number is booked to it. */
  if (dafu_draft_get_id (draft) == 0 && !write_draft (db, draft, FALSE, 0, error))
    goto fail;

  if (doc_number != NULL && *doc_number != '\0' &&
      dafu_doc_number_split (doc_number, &prefix, &year, &number))
    {
      g_autofree char *formatted = NULL;

      if (!check_prefix (prefix, year, error) ||
          !reserve_number (db, prefix, year, dafu_draft_get_id (draft), &number, error))
        goto fail;
      formatted = dafu_doc_number_format (prefix, year, number);
      dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, formatted);
    }

  dafu_draft_set_state (draft, DAFU_DRAFT_STATE_FINAL);
  letter = dafu_draft_to_letter (draft);
  letter_id = dafu_library_add_letter_db (db, letter, error);
  if (letter_id == 0 ||
      !write_draft (db, draft, FALSE, letter_id, error) ||
      !dafu_db_commit (db, error))
    goto fail;
  return letter_id;

fail:
  dafu_db_rollback (db);
  dafu_draft_set_state (draft, DAFU_DRAFT_STATE_DRAFT);
  dafu_draft_set_id (draft, old_id);
  if (doc_number != NULL)
    dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, doc_number);
  return 0;
}

/* ----------------------------------------------------------------------- *
 * Clauses
 * ----------------------------------------------------------------------- */

#define CLAUSE_COLUMNS \
  "id, kind, title, text, themes, cities, n_letters, use_count, favourite, mined," \
  " fingerprint, last_used, created, updated"

static char *
join_list (const char * const *list)
{
  return list != NULL ? g_strjoinv ("\n", (char **) list) : g_strdup ("");
}

static char **
split_list (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}

static gboolean
load_sources (DafuDb      *db,
              GHashTable  *by_id,
              GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  stmt = dafu_db_prepare (db, "SELECT clause_id, letter_id FROM clause_sources", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 clause_id = sqlite3_column_int64 (stmt, 0);
      gint64 letter_id = sqlite3_column_int64 (stmt, 1);
      DafuClause *clause = g_hash_table_lookup (by_id, &clause_id);
      GArray *ids;

      if (clause == NULL)
        continue;
      ids = g_hash_table_lookup (sources, clause);
      if (ids == NULL)
        {
          ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (sources, clause, ids);
        }
      g_array_append_val (ids, letter_id);
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, sources);
  while (g_hash_table_iter_next (&iter, &key, &value))
    dafu_clause_set_sources (key, (const gint64 *) ((GArray *) value)->data, ((GArray *) value)->len);
  return TRUE;
}

static GPtrArray *
list_clauses (DafuDb  *db,
              GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  stmt = dafu_db_prepare (db, "SELECT " CLAUSE_COLUMNS " FROM clauses WHERE hidden = 0"
                              " ORDER BY favourite DESC, n_letters DESC, use_count DESC, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DafuClauseKind kind;
      DafuClause *clause;
      g_auto(GStrv) themes = split_list (dafu_stmt_column_text (stmt, 4));
      g_auto(GStrv) cities = split_list (dafu_stmt_column_text (stmt, 5));

      if (!dafu_clause_kind_from_string (dafu_stmt_column_text (stmt, 1), &kind))
        kind = DAFU_CLAUSE_KIND_MEASURE;
      clause = dafu_clause_new (kind, dafu_stmt_column_text (stmt, 2), dafu_stmt_column_text (stmt, 3));
      dafu_clause_set_id (clause, sqlite3_column_int64 (stmt, 0));
      dafu_clause_set_themes (clause, (const char * const *) themes);
      dafu_clause_set_cities (clause, (const char * const *) cities);
      dafu_clause_set_n_letters (clause, sqlite3_column_int (stmt, 6));
      dafu_clause_set_use_count (clause, sqlite3_column_int (stmt, 7));
      dafu_clause_set_favourite (clause, sqlite3_column_int (stmt, 8) != 0);
      dafu_clause_set_mined (clause, sqlite3_column_int (stmt, 9) != 0);
      dafu_clause_set_fingerprint (clause, dafu_stmt_column_text (stmt, 10));
      dafu_clause_set_last_used (clause, sqlite3_column_int64 (stmt, 11));
      dafu_clause_set_created (clause, sqlite3_column_int64 (stmt, 12));
      dafu_clause_set_updated (clause, sqlite3_column_int64 (stmt, 13));
      g_ptr_array_add (clauses, clause);
    }
  if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }

  for (guint i = 0; i < clauses->len; i++)
    {
      DafuClause *clause = g_ptr_array_index (clauses, i);
      gint64 *id = g_new (gint64, 1);

      *id = dafu_clause_get_id (clause);
      g_hash_table_insert (by_id, id, clause);
    }
  if (!load_sources (db, by_id, error))
    return NULL;
  return g_steal_pointer (&clauses);
}

/* Inside a transaction. */
static gboolean
write_sources (DafuDb      *db,
               DafuClause  *clause,
               GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  const gint64 *sources;
  guint n_sources = 0;

  stmt = dafu_db_prepare (db, "DELETE FROM clause_sources WHERE clause_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dafu_clause_get_id (clause));
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, dafu_stmt_release);

  sources = dafu_clause_get_sources (clause, &n_sources);
  stmt = dafu_db_prepare (db, "INSERT OR IGNORE INTO clause_sources (clause_id, letter_id) VALUES (?, ?)",
                          error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_sources; i++)
    {
      sqlite3_bind_int64 (stmt, 1, dafu_clause_get_id (clause));
      sqlite3_bind_int64 (stmt, 2, sources[i]);
      if (!dafu_db_step_done (db, stmt, error))
        return FALSE;
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Inside a transaction. Gives a new clause its id. Uses counted meanwhile
 * (dafu_library_note_clause_used()) are kept. */
static gboolean
write_clause (DafuDb      *db,
              DafuClause  *clause,
              GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autofree char *themes = join_list (dafu_clause_get_themes (clause));
  g_autofree char *cities = join_list (dafu_clause_get_cities (clause));
  gint64 time = now ();

  if (dafu_clause_get_created (clause) == 0)
    dafu_clause_set_created (clause, time);
  dafu_clause_set_updated (clause, time);

  stmt = dafu_db_prepare (db, "INSERT INTO clauses (id, kind, title, text, themes, cities, n_letters,"
                              " use_count, favourite, mined, hidden, fingerprint, last_used, created, updated)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12, ?13, ?14)"
                              " ON CONFLICT (id) DO UPDATE SET (kind, title, text, themes, cities, n_letters,"
                              " use_count, favourite, mined, hidden, fingerprint, last_used, updated) ="
                              " (?2, ?3, ?4, ?5, ?6, ?7, max (use_count, ?8), ?9, ?10, 0, ?11,"
                              " max (last_used, ?12), ?14)", error);
  if (stmt == NULL)
    return FALSE;
  if (dafu_clause_get_id (clause) != 0)
    sqlite3_bind_int64 (stmt, 1, dafu_clause_get_id (clause));
  dafu_stmt_bind_text (stmt, 2, dafu_clause_kind_to_string (dafu_clause_get_kind (clause)));
  dafu_stmt_bind_text (stmt, 3, dafu_clause_get_title (clause) != NULL ? dafu_clause_get_title (clause) : "");
  dafu_stmt_bind_text (stmt, 4, dafu_clause_get_text (clause) != NULL ? dafu_clause_get_text (clause) : "");
  dafu_stmt_bind_text (stmt, 5, themes);
  dafu_stmt_bind_text (stmt, 6, cities);
  sqlite3_bind_int (stmt, 7, dafu_clause_get_n_letters (clause));
  sqlite3_bind_int (stmt, 8, dafu_clause_get_use_count (clause));
  sqlite3_bind_int (stmt, 9, dafu_clause_get_favourite (clause));
  sqlite3_bind_int (stmt, 10, dafu_clause_get_mined (clause));
  dafu_stmt_bind_text (stmt, 11, dafu_clause_get_fingerprint (clause));
  sqlite3_bind_int64 (stmt, 12, dafu_clause_get_last_used (clause));
  sqlite3_bind_int64 (stmt, 13, dafu_clause_get_created (clause));
  sqlite3_bind_int64 (stmt, 14, time);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  if (dafu_clause_get_id (clause) == 0)
    dafu_clause_set_id (clause, sqlite3_last_insert_rowid (dafu_db_get_handle (db)));
  return write_sources (db, clause, error);
}

static gboolean
check_clause (DafuClause  *clause,
              GError     **error)
{
  const char *text = dafu_clause_get_text (clause);
  const char *title = dafu_clause_get_title (clause);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      (title != NULL && !g_utf8_validate (title, -1, NULL)))
    {
      g_set_error_literal (error, DAFU_LIBRARY_ERROR, DAFU_LIBRARY_ERROR_FAILED,
                           _("A clause needs a text."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_clause (DafuDb      *db,
             DafuClause  *clause,
             GError     **error)
{
  gint64 old_id = dafu_clause_get_id (clause);

  if (!check_clause (clause, error) || !dafu_db_begin (db, error))
    return FALSE;
  if (!write_clause (db, clause, error) || !dafu_db_commit (db, error))
    {
      dafu_db_rollback (db);
      dafu_clause_set_id (clause, old_id);
      return FALSE;
    }
  return TRUE;
}

/* A mined clause is only hidden, so that mining again leaves it out. */
static gboolean
delete_clause (DafuDb  *db,
               gint64   id,
               GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "UPDATE clauses SET hidden = 1, favourite = 0"
                              " WHERE id = ?1 AND fingerprint IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!dafu_db_step_done (db, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, dafu_stmt_release);

  stmt = dafu_db_prepare (db, "DELETE FROM clauses WHERE id = ? AND fingerprint IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return dafu_db_step_done (db, stmt, error);
}

static gboolean
note_clause_used (DafuDb  *db,
                  gint64   id,
                  GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;

  stmt = dafu_db_prepare (db, "UPDATE clauses SET use_count = use_count + 1, last_used = ? WHERE id = ?",
                          error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now ());
  sqlite3_bind_int64 (stmt, 2, id);
  return dafu_db_step_done (db, stmt, error);
}

/* What the clauses were last mined from: the letters' count and newest
 * id. NULL on error. */
static char *
library_state (DafuDb  *db,
               GError **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  stmt = dafu_db_prepare (db, "SELECT count (*), coalesce (max (id), 0) FROM letters WHERE trashed = 0",
                          error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      dafu_db_set_error (db, rc, error);
      return NULL;
    }
  return g_strdup_printf ("%lld:%lld", (long long) sqlite3_column_int64 (stmt, 0),
                          (long long) sqlite3_column_int64 (stmt, 1));
}

static char *
get_setting (DafuDb      *db,
             const char  *key,
             GError     **error)
{
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, "SELECT value FROM settings WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  dafu_stmt_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (dafu_stmt_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    dafu_db_set_error (db, rc, error);
  return g_strdup ("");
}

static gboolean
set_setting (DafuDb      *db,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(DafuStmt) stmt = dafu_db_prepare (db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                                              error);

  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, key);
  dafu_stmt_bind_text (stmt, 2, value);
  return dafu_db_step_done (db, stmt, error);
}

static GPtrArray *
newest_letters (DafuDb        *db,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  stmt = dafu_db_prepare (db, "SELECT id FROM letters WHERE trashed = 0 ORDER BY fts_key DESC LIMIT "
                              G_STRINGIFY (MINE_LETTERS), error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      if (!dafu_db_check_cancelled (db, rc, error))
        dafu_db_set_error (db, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    {
      DafuLetter *letter;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      letter = dafu_library_load_letter_db (db, g_array_index (ids, gint64, i), TRUE, error);
      if (letter == NULL)
        return NULL;
      g_ptr_array_add (letters, letter);
    }
  return g_steal_pointer (&letters);
}

/* Inside a transaction: one mined clause into the table. */
static gboolean
merge_mined (DafuDb      *db,
             DafuClause  *mined,
             GError     **error)
{
  g_autoptr(DafuStmt) stmt = NULL;
  int rc;

  stmt = dafu_db_prepare (db, "SELECT id, mined, hidden, use_count, favourite, last_used, created, title, text"
                              " FROM clauses WHERE fingerprint = ?", error);
  if (stmt == NULL)
    return FALSE;
  dafu_stmt_bind_text (stmt, 1, dafu_clause_get_fingerprint (mined));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_int (stmt, 2) != 0)
        return TRUE;  /* deleted by the clerk */
      dafu_clause_set_id (mined, sqlite3_column_int64 (stmt, 0));
      dafu_clause_set_use_count (mined, sqlite3_column_int (stmt, 3));
      dafu_clause_set_favourite (mined, sqlite3_column_int (stmt, 4) != 0);
      dafu_clause_set_last_used (mined, sqlite3_column_int64 (stmt, 5));
      dafu_clause_set_created (mined, sqlite3_column_int64 (stmt, 6));
      if (sqlite3_column_int (stmt, 1) == 0)
        {
          /* The clerk's own version: keep her words, update the counts. */
          dafu_clause_set_mined (mined, FALSE);
          dafu_clause_set_title (mined, dafu_stmt_column_text (stmt, 7));
          dafu_clause_set_text (mined, dafu_stmt_column_text (stmt, 8));
        }
    }
  else if (rc != SQLITE_DONE)
    {
      dafu_db_set_error (db, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, dafu_stmt_release);
  return write_clause (db, mined, error);
}

static gboolean
mine_clauses (DafuDb        *db,
              gboolean       force,
              guint         *n_mined,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GPtrArray) mined = NULL;
  g_autoptr(DafuThemes) themes = NULL;
  g_autoptr(GError) themes_error = NULL;
  g_autoptr(DafuStmt) stmt = NULL;
  g_autofree char *state = library_state (db, error);
  g_autofree char *last = NULL;
  gint64 started = now ();

  *n_mined = 0;
  if (state == NULL || (last = get_setting (db, "clauses-mined-from", error)) == NULL)
    return FALSE;
  if (!force && g_strcmp0 (state, last) == 0)
    return TRUE;

  letters = newest_letters (db, cancellable, error);
  if (letters == NULL)
    return FALSE;
  themes = dafu_themes_new_default (&themes_error);
  if (themes == NULL)
    g_debug ("Mining clauses without themes: %s", themes_error->message);
  mined = dafu_clause_miner_mine (letters, themes, cancellable, error);
  if (mined == NULL)
    return FALSE;

  if (!dafu_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < mined->len; i++)
    if (!merge_mined (db, g_ptr_array_index (mined, i), error))
      goto fail;

  /* Mined clauses that no letter gives any more, and that the clerk has
   * not used or starred, go. */
  stmt = dafu_db_prepare (db, "DELETE FROM clauses WHERE mined = 1 AND hidden = 0 AND updated < ?"
                              " AND use_count = 0 AND favourite = 0", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, started);
  if (!dafu_db_step_done (db, stmt, error))
    goto fail;
  g_clear_pointer (&stmt, dafu_stmt_release);

  if (!set_setting (db, "clauses-mined-from", state, error) ||
      !dafu_db_commit (db, error))
    goto fail;
  *n_mined = mined->len;
  return TRUE;

fail:
  g_clear_pointer (&stmt, dafu_stmt_release);
  dafu_db_rollback (db);
  return FALSE;
}

/* ----------------------------------------------------------------------- *
 * Public calls
 * ----------------------------------------------------------------------- */

/**
 * dafu_library_list_drafts:
 * @self: a library
 * @error: return location for a #DafuLibraryError
 *
 * Returns: (transfer full) (element-type DafuDraft): the drafts, the most
 *   recently changed first, or %NULL on error
 */
GPtrArray *
dafu_library_list_drafts (DafuLibrary  *self,
                          GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  return list_drafts (dafu_library_get_db (self), error);
}

/**
 * dafu_library_load_draft:
 *
 * Returns: (transfer full): the draft with its blocks and values, or %NULL
 *   with %DAFU_LIBRARY_ERROR_NOT_FOUND
 */
DafuDraft *
dafu_library_load_draft (DafuLibrary  *self,
                         gint64        id,
                         GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  return load_draft (dafu_library_get_db (self), id, error);
}

/**
 * dafu_library_save_draft:
 * @draft: the draft; a new one (id 0) gets its id
 *
 * Saves the whole draft in one transaction.
 */
gboolean
dafu_library_save_draft (DafuLibrary  *self,
                         DafuDraft    *draft,
                         GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (DAFU_IS_DRAFT (draft), FALSE);

  return save_draft (dafu_library_get_db (self), draft, FALSE, error);
}

/**
 * dafu_library_delete_draft:
 *
 * Deletes a draft for good (its reserved 文号, if any, stays taken).
 */
gboolean
dafu_library_delete_draft (DafuLibrary  *self,
                           gint64        id,
                           GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return trash_draft (dafu_library_get_db (self), id, TRUE, TRUE, error);
}

/**
 * dafu_library_trash_draft:
 * @trashed: %TRUE to move the draft to the trash, %FALSE to bring it back
 *
 * A trashed draft is not listed, and goes for good when the library is
 * next opened.
 */
gboolean
dafu_library_trash_draft (DafuLibrary  *self,
                          gint64        id,
                          gboolean      trashed,
                          GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return trash_draft (dafu_library_get_db (self), id, trashed, FALSE, error);
}

/**
 * dafu_library_finalize_draft:
 * @draft: the draft, which gets the 文号 as reserved and the final state
 *
 * Reserves the draft's 文号 (a number N or 0 is replaced by the next free
 * one), adds the reply to the library as a letter and marks the draft
 * final, in one transaction; refuses a draft with unfilled placeholders.
 *
 * Returns: the new letter's id, or 0 with @error set
 */
gint64
dafu_library_finalize_draft (DafuLibrary  *self,
                             DafuDraft    *draft,
                             GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), 0);
  g_return_val_if_fail (DAFU_IS_DRAFT (draft), 0);

  return finalize_draft (dafu_library_get_db (self), draft, error);
}

/**
 * dafu_library_next_doc_number:
 * @prefix: the issuer's prefix, such as 咸民函
 * @year: the year
 *
 * Returns: the number the next reply of @prefix in @year would get, or 0
 *   on error
 */
guint
dafu_library_next_doc_number (DafuLibrary  *self,
                              const char   *prefix,
                              int           year,
                              GError      **error)
{
  gint64 largest;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), 0);

  if (!check_prefix (prefix, year, error))
    return 0;
  largest = largest_number (dafu_library_get_db (self), prefix, year, error);
  return largest < 0 ? 0 : (guint) (largest + 1);
}

/**
 * dafu_library_reserve_doc_number:
 * @draft_id: the draft that takes it, or 0
 * @number: (inout): the number wanted, or 0 for the next free one; the
 *   number reserved on return
 *
 * Takes a number of the register for good. Fails when it is already on a
 * letter of the library or given to another draft.
 */
gboolean
dafu_library_reserve_doc_number (DafuLibrary  *self,
                                 const char   *prefix,
                                 int           year,
                                 gint64        draft_id,
                                 guint        *number,
                                 GError      **error)
{
  DafuDb *db;
  guint wanted;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  db = dafu_library_get_db (self);
  wanted = *number;
  if (!check_prefix (prefix, year, error) || !dafu_db_begin (db, error))
    return FALSE;
  if (!reserve_number (db, prefix, year, draft_id, number, error) ||
      !dafu_db_commit (db, error))
    {
      dafu_db_rollback (db);
      *number = wanted;
      return FALSE;
    }
  return TRUE;
}

/**
 * dafu_library_propose_doc_number:
 * @issuer_or_prefix: the issuing office (whose prefix is looked up in its
 *   letters) or a prefix
 *
 * Returns: (transfer full): the next free 文号, such as 咸民函〔2026〕41号,
 *   or %NULL on error
 */
char *
dafu_library_propose_doc_number (DafuLibrary  *self,
                                  const char   *issuer_or_prefix,
                                  int           year,
                                  GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  return propose_number (dafu_library_get_db (self), issuer_or_prefix, year, error);
}

/**
 * dafu_library_list_clauses:
 *
 * Returns: (transfer full) (element-type DafuClause): the clauses the
 *   clerk has not deleted, favourites first, then the most used
 */
GPtrArray *
dafu_library_list_clauses (DafuLibrary  *self,
                           GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), NULL);

  return list_clauses (dafu_library_get_db (self), error);
}

/**
 * dafu_library_save_clause:
 * @clause: a clause; a new one gets its id
 */
gboolean
dafu_library_save_clause (DafuLibrary  *self,
                          DafuClause   *clause,
                          GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (DAFU_IS_CLAUSE (clause), FALSE);

  return save_clause (dafu_library_get_db (self), clause, error);
}

gboolean
dafu_library_delete_clause (DafuLibrary  *self,
                            gint64        id,
                            GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return delete_clause (dafu_library_get_db (self), id, error);
}

gboolean
dafu_library_note_clause_used (DafuLibrary  *self,
                               gint64        id,
                               GError      **error)
{
  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return note_clause_used (dafu_library_get_db (self), id, error);
}

/**
 * dafu_library_mine_clauses:
 *
 * Mines clauses from the library's newest letters again, whether or not
 * it changed.
 *
 * Returns: how many clauses the letters gave, or 0 (with @error set on
 *   failure)
 */
guint
dafu_library_mine_clauses (DafuLibrary   *self,
                           GCancellable  *cancellable,
                           GError       **error)
{
  guint n = 0;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), 0);

  mine_clauses (dafu_library_get_db (self), TRUE, &n, cancellable, error);
  return n;
}

/**
 * dafu_library_update_clauses:
 *
 * Mines clauses again when the library's letters changed since the last
 * mining; does nothing otherwise.
 */
gboolean
dafu_library_update_clauses (DafuLibrary   *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  guint n;

  g_return_val_if_fail (DAFU_IS_LIBRARY (self), FALSE);

  return mine_clauses (dafu_library_get_db (self), FALSE, &n, cancellable, error);
}

/* ----------------------------------------------------------------------- *
 * Asynchronous calls
 * ----------------------------------------------------------------------- */

typedef struct {
  DafuDraft  *draft;
  DafuClause *clause;
  GPtrArray  *list;
  char       *text;
  gint64      id;
  gboolean    flag;
  int         year;
} JobData;

static void
job_data_free (gpointer data)
{
  JobData *jd = data;

  g_clear_object (&jd->draft);
  g_clear_object (&jd->clause);
  g_clear_pointer (&jd->list, g_ptr_array_unref);
  g_clear_pointer (&jd->text, g_free);
  g_free (jd);
}

static JobData *
job_data_new (void)
{
  return g_new0 (JobData, 1);
}

static gboolean
list_drafts_job (DafuDb        *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  JobData *jd = data;

  jd->list = list_drafts (db, error);
  return jd->list != NULL;
}

void
dafu_library_list_drafts_async (DafuLibrary         *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (DAFU_IS_LIBRARY (self));

  dafu_library_run_job (self, list_drafts_job, job_data_new (), job_data_free, TRUE,
                        dafu_library_list_drafts_async, cancellable, callback, user_data);
}

/**
 * dafu_library_list_drafts_finish:
 *
 * Returns: (transfer full) (element-type DafuDraft): the drafts, or %NULL
 */
GPtrArray *
dafu_library_list_drafts_finish (DafuLibrary   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_list_drafts_async, error);

  return jd != NULL ? g_steal_pointer (&jd->list) : NULL;
}

static gboolean
save_draft_job (DafuDb        *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  JobData *jd = data;

  return save_draft (db, jd->draft, jd->flag, error);
}

/* DafuAutosave's call: @editing marks the draft as held by an editor. */
void
dafu_library_save_draft_full_async (DafuLibrary         *self,
                                    DafuDraft           *draft,
                                    gboolean             editing,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (DAFU_IS_DRAFT (draft));

  jd->draft = dafu_draft_copy (draft);
  jd->flag = editing;
  dafu_library_run_job (self, save_draft_job, jd, job_data_free, FALSE,
                        dafu_library_save_draft_async, cancellable, callback, user_data);
}

/**
 * dafu_library_save_draft_async:
 * @draft: the draft, copied now: the caller may go on editing it
 *
 * Saves a copy of @draft on a worker thread. A new draft's id comes back
 * from dafu_library_save_draft_finish(); give it to the draft.
 */
void
dafu_library_save_draft_async (DafuLibrary         *self,
                               DafuDraft           *draft,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  dafu_library_save_draft_full_async (self, draft, FALSE, cancellable, callback, user_data);
}

/**
 * dafu_library_save_draft_finish:
 *
 * Returns: the draft's id, or 0 with @error set
 */
gint64
dafu_library_save_draft_finish (DafuLibrary   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_save_draft_async, error);

  return jd != NULL ? dafu_draft_get_id (jd->draft) : 0;
}

static gboolean
trash_draft_job (DafuDb        *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  JobData *jd = data;

  return trash_draft (db, jd->id, jd->flag, FALSE, error);
}

void
dafu_library_trash_draft_async (DafuLibrary         *self,
                                gint64               id,
                                gboolean             trashed,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  jd->id = id;
  jd->flag = trashed;
  dafu_library_run_job (self, trash_draft_job, jd, job_data_free, FALSE,
                        dafu_library_trash_draft_async, cancellable, callback, user_data);
}

gboolean
dafu_library_trash_draft_finish (DafuLibrary   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return dafu_library_job_finish (self, result, dafu_library_trash_draft_async, error) != NULL;
}

static gboolean
finalize_draft_job (DafuDb        *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  JobData *jd = data;

  jd->id = finalize_draft (db, jd->draft, error);
  return jd->id != 0;
}

/**
 * dafu_library_finalize_draft_async:
 * @draft: the draft, copied now
 *
 * As dafu_library_finalize_draft(), on a worker thread.
 */
void
dafu_library_finalize_draft_async (DafuLibrary         *self,
                                   DafuDraft           *draft,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (DAFU_IS_DRAFT (draft));

  jd->draft = dafu_draft_copy (draft);
  dafu_library_run_job (self, finalize_draft_job, jd, job_data_free, FALSE,
                        dafu_library_finalize_draft_async, cancellable, callback, user_data);
}

/**
 * dafu_library_finalize_draft_finish:
 * @finalized: (out) (optional) (transfer full): the draft as finalized,
 *   with its reserved 文号, its id and the final state
 *
 * Returns: the new letter's id, or 0 with @error set
 */
gint64
dafu_library_finalize_draft_finish (DafuLibrary   *self,
                                    GAsyncResult  *result,
                                    DafuDraft    **finalized,
                                    GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_finalize_draft_async, error);

  if (jd == NULL)
    return 0;
  if (finalized != NULL)
    *finalized = g_object_ref (jd->draft);
  return jd->id;
}

static gboolean
propose_job (DafuDb        *db,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  JobData *jd = data;
  char *proposed = propose_number (db, jd->text, jd->year, error);

  g_free (jd->text);
  jd->text = proposed;
  return proposed != NULL;
}

void
dafu_library_propose_doc_number_async (DafuLibrary         *self,
                                       const char          *issuer_or_prefix,
                                       int                  year,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  jd->text = g_strdup (issuer_or_prefix);
  jd->year = year;
  dafu_library_run_job (self, propose_job, jd, job_data_free, TRUE,
                        dafu_library_propose_doc_number_async, cancellable, callback, user_data);
}

/**
 * dafu_library_propose_doc_number_finish:
 *
 * Returns: (transfer full): the proposed 文号, or %NULL
 */
char *
dafu_library_propose_doc_number_finish (DafuLibrary   *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_propose_doc_number_async, error);

  return jd != NULL ? g_steal_pointer (&jd->text) : NULL;
}

static gboolean
list_clauses_job (DafuDb        *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  JobData *jd = data;

  if (jd->flag)
    {
      g_autoptr(GError) mine_error = NULL;
      guint n;

      /* Clauses already there are still worth offering. */
      if (!mine_clauses (db, FALSE, &n, cancellable, &mine_error))
        {
          if (g_error_matches (mine_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&mine_error));
              return FALSE;
            }
          /* A library busy with an import, say: next time. */
          g_message ("Clauses not mined this time: %s", mine_error->message);
        }
    }
  jd->list = list_clauses (db, error);
  return jd->list != NULL;
}

/**
 * dafu_library_list_clauses_async:
 * @mine_first: mine the library's letters first when they changed since
 *   the last mining
 */
void
dafu_library_list_clauses_async (DafuLibrary         *self,
                                 gboolean             mine_first,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  jd->flag = mine_first;
  dafu_library_run_job (self, list_clauses_job, jd, job_data_free, TRUE,
                        dafu_library_list_clauses_async, cancellable, callback, user_data);
}

/**
 * dafu_library_list_clauses_finish:
 *
 * Returns: (transfer full) (element-type DafuClause): the clauses, or %NULL
 */
GPtrArray *
dafu_library_list_clauses_finish (DafuLibrary   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_list_clauses_async, error);

  return jd != NULL ? g_steal_pointer (&jd->list) : NULL;
}

static gboolean
save_clause_job (DafuDb        *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  JobData *jd = data;

  return save_clause (db, jd->clause, error);
}

/**
 * dafu_library_save_clause_async:
 * @clause: the clause, copied now
 */
void
dafu_library_save_clause_async (DafuLibrary         *self,
                                DafuClause          *clause,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));
  g_return_if_fail (DAFU_IS_CLAUSE (clause));

  jd->clause = dafu_clause_copy (clause);
  dafu_library_run_job (self, save_clause_job, jd, job_data_free, FALSE,
                        dafu_library_save_clause_async, cancellable, callback, user_data);
}

/**
 * dafu_library_save_clause_finish:
 *
 * Returns: the clause's id (new for a new clause), or 0 with @error set
 */
gint64
dafu_library_save_clause_finish (DafuLibrary   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  JobData *jd = dafu_library_job_finish (self, result, dafu_library_save_clause_async, error);

  return jd != NULL ? dafu_clause_get_id (jd->clause) : 0;
}

static gboolean
delete_clause_job (DafuDb        *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  JobData *jd = data;

  return delete_clause (db, jd->id, error);
}

void
dafu_library_delete_clause_async (DafuLibrary         *self,
                                  gint64               id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  jd->id = id;
  dafu_library_run_job (self, delete_clause_job, jd, job_data_free, FALSE,
                        dafu_library_delete_clause_async, cancellable, callback, user_data);
}

gboolean
dafu_library_delete_clause_finish (DafuLibrary   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return dafu_library_job_finish (self, result, dafu_library_delete_clause_async, error) != NULL;
}

static gboolean
note_used_job (DafuDb        *db,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  JobData *jd = data;

  return note_clause_used (db, jd->id, error);
}

static void
note_used_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (dafu_library_job_finish (DAFU_LIBRARY (source), result, dafu_library_note_clause_used_async,
                               &error) == NULL)
    g_warning ("Could not count a clause's use: %s", error->message);
}

/**
 * dafu_library_note_clause_used_async:
 *
 * Counts one use of a clause and remembers when, in the background.
 */
void
dafu_library_note_clause_used_async (DafuLibrary *self,
                                     gint64       id)
{
  JobData *jd = job_data_new ();

  g_return_if_fail (DAFU_IS_LIBRARY (self));

  jd->id = id;
  dafu_library_run_job (self, note_used_job, jd, job_data_free, FALSE,
                        dafu_library_note_clause_used_async, NULL, note_used_done, NULL);
}
