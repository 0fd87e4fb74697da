/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _DafuConsultation  DafuConsultation;
typedef struct _DafuImportReport  DafuImportReport;
typedef struct _DafuLetter        DafuLetter;
typedef struct _DafuLetterList    DafuLetterList;
typedef struct _DafuLibrary       DafuLibrary;
typedef struct _DafuQuery         DafuQuery;
typedef struct _DafuSection       DafuSection;

G_END_DECLS
