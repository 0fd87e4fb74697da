/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "dafu-clause.h"
#include "dafu-library.h"

G_BEGIN_DECLS

#define DAFU_TYPE_CLAUSE_DIALOG (dafu_clause_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DafuClauseDialog, dafu_clause_dialog, DAFU, CLAUSE_DIALOG, AdwWindow)

DafuClauseDialog *dafu_clause_dialog_new         (GtkWindow        *parent,
                                                  DafuLibrary      *library,
                                                  DafuClause       *clause);
DafuClause       *dafu_clause_dialog_get_clause  (DafuClauseDialog *self);
void              dafu_clause_dialog_focus_title (DafuClauseDialog *self);
void              dafu_clause_dialog_set_title_text (DafuClauseDialog *self,
                                                  const char       *title);
void              dafu_clause_dialog_set_text    (DafuClauseDialog *self,
                                                  const char       *text);
void              dafu_clause_dialog_set_kind    (DafuClauseDialog *self,
                                                  DafuClauseKind    kind);
void              dafu_clause_dialog_save        (DafuClauseDialog *self);

G_END_DECLS
