/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-query"

#include "config.h"

#include "dafu-query.h"

/* Placeholder until the query parser lands. */
struct _DafuQuery
{
  GObject parent_instance;
  char *text;
};

G_DEFINE_FINAL_TYPE (DafuQuery, dafu_query, G_TYPE_OBJECT)

static void
dafu_query_finalize (GObject *object)
{
  g_free (DAFU_QUERY (object)->text);
  G_OBJECT_CLASS (dafu_query_parent_class)->finalize (object);
}

static void dafu_query_class_init (DafuQueryClass *klass) { G_OBJECT_CLASS (klass)->finalize = dafu_query_finalize; }
static void dafu_query_init (DafuQuery *self) { }

DafuQuery *dafu_query_new (const char *text) { DafuQuery *q = g_object_new (DAFU_TYPE_QUERY, NULL); q->text = g_strdup (text); return q; }
const char *dafu_query_get_text (DafuQuery *self) { return self->text; }
gboolean dafu_query_is_empty (DafuQuery *self) { return TRUE; }
const char *dafu_query_get_city (DafuQuery *self) { return NULL; }
void dafu_query_set_city (DafuQuery *self, const char *city) { }
int dafu_query_get_year (DafuQuery *self) { return 0; }
void dafu_query_set_year (DafuQuery *self, int year) { }
const char *dafu_query_get_category (DafuQuery *self) { return NULL; }
void dafu_query_set_category (DafuQuery *self, const char *category) { }
const char *dafu_query_get_kind (DafuQuery *self) { return NULL; }
void dafu_query_set_kind (DafuQuery *self, const char *kind) { }
const char * const *dafu_query_get_terms (DafuQuery *self) { static const char *none[] = { NULL }; return none; }
char *dafu_query_get_match (DafuQuery *self) { return NULL; }
char *dafu_query_get_exclude_match (DafuQuery *self) { return NULL; }
char *dafu_query_snippet (DafuQuery *self, const char *text, guint width) { return g_markup_escape_text (text, -1); }
