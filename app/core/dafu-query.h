/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "dafu-types.h"

G_BEGIN_DECLS

/**
 * DafuHit:
 * @start: the byte offset of the first byte of the match
 * @end: the byte offset just after the match
 *
 * A stretch of a text that matches a query, see dafu_query_find_hits().
 */
typedef struct
{
  gsize start;
  gsize end;
} DafuHit;

/**
 * DafuQueryIndex:
 * @DAFU_QUERY_INDEX_WORDS: the index of bigrams, for terms of two or more
 *   characters
 * @DAFU_QUERY_INDEX_CHARS: the index of single characters, for terms of one
 *
 * The library's two full-text indexes; see dafu-tokenizer.c.
 */
typedef enum {
  DAFU_QUERY_INDEX_WORDS,
  DAFU_QUERY_INDEX_CHARS,
} DafuQueryIndex;

#define DAFU_TYPE_QUERY (dafu_query_get_type ())

G_DECLARE_FINAL_TYPE (DafuQuery, dafu_query, DAFU, QUERY, GObject)

DafuQuery   *dafu_query_new                (const char *text);

const char  *dafu_query_get_text           (DafuQuery  *self);
gboolean     dafu_query_is_empty           (DafuQuery  *self);

const char  *dafu_query_get_city           (DafuQuery  *self);
void         dafu_query_set_city           (DafuQuery  *self,
                                            const char *city);
int          dafu_query_get_year           (DafuQuery  *self);
void         dafu_query_set_year           (DafuQuery  *self,
                                            int         year);
const char  *dafu_query_get_category       (DafuQuery  *self);
void         dafu_query_set_category       (DafuQuery  *self,
                                            const char *category);
const char  *dafu_query_get_kind           (DafuQuery  *self);
void         dafu_query_set_kind           (DafuQuery  *self,
                                            const char *kind);

const char * const *dafu_query_get_terms   (DafuQuery  *self);
const char * const *dafu_query_get_excluded_terms (DafuQuery *self);
GStrv        dafu_query_dup_index_terms    (DafuQuery      *self,
                                            DafuQueryIndex  index);
char        *dafu_query_get_match          (DafuQuery      *self,
                                            DafuQueryIndex  index);
char        *dafu_query_get_exclude_match  (DafuQuery      *self,
                                            DafuQueryIndex  index);

char        *dafu_query_snippet            (DafuQuery  *self,
                                            const char *text,
                                            guint       width);
GArray      *dafu_query_find_hits          (DafuQuery  *self,
                                            const char *text);

G_END_DECLS
