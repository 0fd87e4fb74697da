/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dafu-clause.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_CLAUSE_PANE (dafu_clause_pane_get_type ())

G_DECLARE_FINAL_TYPE (DafuClausePane, dafu_clause_pane, DAFU, CLAUSE_PANE, GtkWidget)

/**
 * DafuClauseSort:
 * @DAFU_CLAUSE_SORT_USE: most used first (then found in most letters)
 * @DAFU_CLAUSE_SORT_RECENT: last used first
 * @DAFU_CLAUSE_SORT_TITLE: by title
 *
 * The orders the clause library can show its clauses in.
 */
typedef enum {
  DAFU_CLAUSE_SORT_USE,
  DAFU_CLAUSE_SORT_RECENT,
  DAFU_CLAUSE_SORT_TITLE,
} DafuClauseSort;

GtkWidget   *dafu_clause_pane_new              (void);
void         dafu_clause_pane_set_library      (DafuClausePane *self,
                                                DafuLibrary    *library);
DafuLibrary *dafu_clause_pane_get_library      (DafuClausePane *self);
void         dafu_clause_pane_reload           (DafuClausePane *self);
void         dafu_clause_pane_letters_changed  (DafuClausePane *self);
gboolean     dafu_clause_pane_get_loaded       (DafuClausePane *self);
void         dafu_clause_pane_set_values       (DafuClausePane *self,
                                                GHashTable     *values);
void         dafu_clause_pane_set_editable     (DafuClausePane *self,
                                                gboolean        editable);
void         dafu_clause_pane_set_search_text  (DafuClausePane *self,
                                                const char     *text);
void         dafu_clause_pane_set_kind_filter  (DafuClausePane *self,
                                                int             kind);
void         dafu_clause_pane_set_theme_filter (DafuClausePane *self,
                                                const char     *theme_id);
void         dafu_clause_pane_set_favourites_only (DafuClausePane *self,
                                                gboolean        favourites_only);
void         dafu_clause_pane_set_sort         (DafuClausePane *self,
                                                DafuClauseSort  sort);
GListModel  *dafu_clause_pane_get_clauses      (DafuClausePane *self);
DafuClause  *dafu_clause_pane_get_selected     (DafuClausePane *self);
void         dafu_clause_pane_select           (DafuClausePane *self,
                                                guint           position);
const char  *dafu_clause_pane_get_preview      (DafuClausePane *self);
void         dafu_clause_pane_note_used        (DafuClausePane *self,
                                                DafuClause     *clause);
void         dafu_clause_pane_focus_search     (DafuClausePane *self);

G_END_DECLS
