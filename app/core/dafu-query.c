/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-query"

#include "config.h"

#include "dafu-query.h"

#include <stdlib.h>
#include <string.h>

#include "dafu-text.h"
#include "dafu-tokenizer.h"
#include "dafu-util.h"

/*
 * What the clerk types in the search field, read so that any input is a
 * valid query:
 *
 *   养老 服务            both words must occur (white space: ASCII or U+3000)
 *   "居家 养老"  “居家养老”  one term; an unbalanced quote takes the rest
 *                        ("…" may hold “…”: it closes only at ")
 *   -低保  -"临时救助"    the letter must not contain it; a lone - is ignored
 *   city:咸阳 year:2024 category:B kind:proposal   filters (also with ：)
 *
 * Everything else is text to find.  Each term reaches FTS5 as one quoted
 * string, so FTS5 operators and punctuation (AND, OR, NOT, NEAR, *, ^, :,
 * parentheses, braces, +) are just characters to find.  The "dafu"
 * tokenizer folds width and case and skips white space inside a term, so a
 * term matches exactly the letters containing it after the same folding.
 *
 * Terms are not capped: a term of n characters becomes a phrase of n-1
 * bigrams and FTS5 has no limit on the length of a phrase.  Finding the
 * candidate letters is driven by the rarest bigram and is quick; checking
 * positions costs about n per candidate (measured on 20,000 letters: a
 * 20-character phrase in 3,270 letters 9 ms, a 560-character one 250 ms).
 * Capping would have made a long term match letters that hold only its
 * beginning.
 */

/* Highlighting looks for at most this many distinct terms, which keeps a
 * snippet linear in the text even for a pasted page of words. */
#define MAX_SNIPPET_TERMS 64

struct _DafuQuery
{
  GObject     parent_instance;

  char       *text;
  GPtrArray  *terms;      /* as typed, NULL-terminated */
  GPtrArray  *keys;       /* terms folded, without white space */
  GPtrArray  *excludes;   /* as typed */
  GPtrArray  *exclude_keys;

  char       *city;
  int         year;
  char       *category;
  char       *kind;
};

G_DEFINE_FINAL_TYPE (DafuQuery, dafu_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_CITY,
  PROP_YEAR,
  PROP_CATEGORY,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
is_space (gunichar c)
{
  return dafu_text_is_space (c) || dafu_text_is_space (dafu_text_fold_char (c));
}

static gboolean
is_quote (gunichar c)
{
  return c == '"' || c == 0x201c || c == 0x201d || c == 0xff02;
}

/* Whether @c closes a phrase opened by @open: a straight quote closes only
 * at a straight quote, so that “curly quotes” inside "…" stay text; a curly
 * one closes at its twin or, typed in haste, at a straight one. */
static gboolean
closes (gunichar open,
        gunichar c)
{
  if (c == '"' || c == 0xff02)
    return TRUE;
  if (open == 0x201c || open == 0x201d)
    return c == 0x201d;
  return FALSE;
}

static gboolean
is_dash (gunichar c)
{
  return c == '-' || c == 0xff0d;
}

/* @text folded, without white space: what the tokenizer indexes. */
static char *
normalize (const char *text,
           gssize      len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;
  GString *out = g_string_sized_new (end - text);

  for (const char *p = text; p < end && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_space (c))
        g_string_append_unichar (out, dafu_text_fold_char (c));
    }

  return g_string_free (out, FALSE);
}

/* Adds the term @start…@len unless it is only white space or @seen
 * already holds its key. */
static void
add_term (GPtrArray  *terms,
          GPtrArray  *keys,
          GHashTable *seen,
          const char *start,
          gsize       len)
{
  g_autofree char *key = normalize (start, len);

  if (key[0] == '\0' || g_hash_table_contains (seen, key))
    return;

  g_hash_table_add (seen, key);
  g_ptr_array_add (terms, g_strndup (start, len));
  g_ptr_array_add (keys, g_steal_pointer (&key));
}

static char *
normalize_category (const char *value)
{
  g_autofree char *folded = NULL;
  gunichar c;

  if (value == NULL)
    return NULL;

  folded = normalize (value, -1);
  if (folded[0] == '\0' || *g_utf8_next_char (folded) != '\0')
    return NULL;

  c = g_utf8_get_char (folded);
  if (c >= 'a' && c <= 'd')
    return g_strdup_printf ("%c", (char) g_ascii_toupper ((char) c));

  switch (c)
    {
    case 0x7532: return g_strdup ("A");  /* 甲 */
    case 0x4e59: return g_strdup ("B");  /* 乙 */
    case 0x4e19: return g_strdup ("C");  /* 丙 */
    case 0x4e01: return g_strdup ("D");  /* 丁 */
    default: return NULL;
    }
}

static const char *
normalize_kind (const char *value)
{
  g_autofree char *folded = NULL;

  if (value == NULL)
    return NULL;

  folded = normalize (value, -1);
  if (strcmp (folded, "suggestion") == 0 || strcmp (folded, "建议") == 0)
    return "suggestion";
  if (strcmp (folded, "proposal") == 0 || strcmp (folded, "提案") == 0)
    return "proposal";

  return NULL;
}

static int
parse_year (const char *value)
{
  g_autofree char *folded = normalize (value, -1);

  if (strlen (folded) != 4)
    return 0;
  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (folded[i]))
      return 0;

  return atoi (folded);
}

/* A bare word of the form key:value with a known key and a good value sets
 * that filter; anything else is text to find. */
static gboolean
parse_filter (DafuQuery  *self,
              const char *word,
              gsize       len)
{
  g_autofree char *copy = g_strndup (word, len);
  g_autofree char *key = NULL;
  const char *colon = NULL;
  const char *value;

  for (const char *p = copy; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ':' || c == 0xff1a)
        {
          colon = p;
          break;
        }
    }

  if (colon == NULL || colon == copy)
    return FALSE;

  value = g_utf8_next_char (colon);
  if (*value == '\0')
    return FALSE;

  key = normalize (copy, colon - copy);

  if (strcmp (key, "city") == 0)
    {
      dafu_query_set_city (self, value);
      return TRUE;
    }
  else if (strcmp (key, "year") == 0)
    {
      int year = parse_year (value);

      if (year <= 0)
        return FALSE;
      dafu_query_set_year (self, year);
      return TRUE;
    }
  else if (strcmp (key, "category") == 0)
    {
      g_autofree char *category = normalize_category (value);

      if (category == NULL)
        return FALSE;
      dafu_query_set_category (self, category);
      return TRUE;
    }
  else if (strcmp (key, "kind") == 0)
    {
      const char *kind = normalize_kind (value);

      if (kind == NULL)
        return FALSE;
      dafu_query_set_kind (self, kind);
      return TRUE;
    }

  return FALSE;
}

static gboolean
only_dashes (const char *start,
             const char *end)
{
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    if (!is_dash (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
parse (DafuQuery  *self,
       const char *text)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_excluded = g_hash_table_new (g_str_hash, g_str_equal);
  const char *p = text;

  while (*p)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean negate = FALSE;
      const char *start;

      if (is_space (c))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      if (is_dash (c))
        {
          const char *after = g_utf8_next_char (p);

          if (*after == '\0' || is_space (g_utf8_get_char (after)))
            {
              p = after;  /* a lone dash */
              continue;
            }
          negate = TRUE;
          p = after;
          c = g_utf8_get_char (p);
        }

      if (is_quote (c))
        {
          const char *end;

          start = g_utf8_next_char (p);
          for (end = start; *end && !closes (c, g_utf8_get_char (end)); end = g_utf8_next_char (end))
            ;

          if (negate)
            add_term (self->excludes, self->exclude_keys, seen_excluded, start, end - start);
          else
            add_term (self->terms, self->keys, seen, start, end - start);

          p = *end ? g_utf8_next_char (end) : end;
          continue;
        }

      start = p;
      while (*p && !is_space (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      if (negate)
        {
          if (!only_dashes (start, p))
            add_term (self->excludes, self->exclude_keys, seen_excluded, start, p - start);
        }
      else if (!parse_filter (self, start, p - start))
        add_term (self->terms, self->keys, seen, start, p - start);
    }
}

static void
dafu_query_finalize (GObject *object)
{
  DafuQuery *self = (DafuQuery *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->terms, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->excludes, g_ptr_array_unref);
  g_clear_pointer (&self->exclude_keys, g_ptr_array_unref);
  g_clear_pointer (&self->city, g_free);
  g_clear_pointer (&self->category, g_free);
  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (dafu_query_parent_class)->finalize (object);
}

static void
dafu_query_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DafuQuery *self = DAFU_QUERY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_query_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  DafuQuery *self = DAFU_QUERY (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      {
        const char *text = g_value_get_string (value);

        g_free (self->text);
        self->text = g_utf8_make_valid (text ? text : "", -1);
        parse (self, self->text);
      }
      break;
    case PROP_CITY:
      dafu_query_set_city (self, g_value_get_string (value));
      break;
    case PROP_YEAR:
      dafu_query_set_year (self, g_value_get_int (value));
      break;
    case PROP_CATEGORY:
      dafu_query_set_category (self, g_value_get_string (value));
      break;
    case PROP_KIND:
      dafu_query_set_kind (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_query_class_init (DafuQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dafu_query_finalize;
  object_class->get_property = dafu_query_get_property;
  object_class->set_property = dafu_query_set_property;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL, NULL, flags);
  properties[PROP_YEAR] =
    g_param_spec_int ("year", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_query_init (DafuQuery *self)
{
  self->text = g_strdup ("");
  self->terms = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->excludes = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->exclude_keys = g_ptr_array_new_with_free_func (g_free);
}

/**
 * dafu_query_new:
 * @text: (nullable): what the user typed; any text, even invalid UTF-8
 *
 * Reads @text as a query: words that must all occur, "quoted phrases",
 * -exclusions and the filters `city:`, `year:`, `category:` and `kind:`.
 * Any input makes a valid query.
 *
 * Returns: (transfer full): a new #DafuQuery
 */
DafuQuery *
dafu_query_new (const char *text)
{
  return g_object_new (DAFU_TYPE_QUERY, "text", text, NULL);
}

/**
 * dafu_query_get_text:
 * @self: a #DafuQuery
 *
 * Returns: the text the query was made from (made valid UTF-8)
 */
const char *
dafu_query_get_text (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return self->text;
}

/**
 * dafu_query_is_empty:
 * @self: a #DafuQuery
 *
 * Returns: %TRUE when the query has no term to find, none to exclude and
 *   no filter, so it selects every letter
 */
gboolean
dafu_query_is_empty (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), TRUE);

  return self->keys->len == 0 && self->exclude_keys->len == 0 &&
         self->city == NULL && self->year == 0 &&
         self->category == NULL && self->kind == NULL;
}

/**
 * dafu_query_get_city:
 * @self: a #DafuQuery
 *
 * Returns: (nullable): the city filter as typed (e.g. `咸阳`), or %NULL
 */
const char *
dafu_query_get_city (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return self->city;
}

/**
 * dafu_query_set_city:
 * @self: a #DafuQuery
 * @city: (nullable): a city, or %NULL or "" for no filter
 *
 * Keeps only letters of @city.
 */
void
dafu_query_set_city (DafuQuery  *self,
                     const char *city)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (DAFU_IS_QUERY (self));

  if (city != NULL)
    valid = g_strstrip (g_utf8_make_valid (city, -1));
  if (valid != NULL && valid[0] == '\0')
    g_clear_pointer (&valid, g_free);

  if (dafu_set_str (&self->city, valid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITY]);
}

/**
 * dafu_query_get_year:
 * @self: a #DafuQuery
 *
 * Returns: the year filter, or 0 for none
 */
int
dafu_query_get_year (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), 0);

  return self->year;
}

/**
 * dafu_query_set_year:
 * @self: a #DafuQuery
 * @year: a year such as 2024, or 0 (or any value below 1) for no filter
 *
 * Keeps only letters dated in @year.
 */
void
dafu_query_set_year (DafuQuery *self,
                     int        year)
{
  g_return_if_fail (DAFU_IS_QUERY (self));

  year = MAX (year, 0);
  if (self->year == year)
    return;

  self->year = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

/**
 * dafu_query_get_category:
 * @self: a #DafuQuery
 *
 * Returns: (nullable): the category filter, `A` to `D`, or %NULL
 */
const char *
dafu_query_get_category (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return self->category;
}

/**
 * dafu_query_set_category:
 * @self: a #DafuQuery
 * @category: (nullable): `A` to `D` (also lower case, full width or
 *   甲乙丙丁), or %NULL for no filter
 *
 * Keeps only letters of @category.  A value that is no category clears the
 * filter.
 */
void
dafu_query_set_category (DafuQuery  *self,
                         const char *category)
{
  g_autofree char *normal = NULL;

  g_return_if_fail (DAFU_IS_QUERY (self));

  if (category != NULL && g_utf8_validate (category, -1, NULL))
    normal = normalize_category (category);

  if (dafu_set_str (&self->category, normal))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

/**
 * dafu_query_get_kind:
 * @self: a #DafuQuery
 *
 * Returns: (nullable): `suggestion`, `proposal` or %NULL for no filter
 */
const char *
dafu_query_get_kind (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return self->kind;
}

/**
 * dafu_query_set_kind:
 * @self: a #DafuQuery
 * @kind: (nullable): `suggestion` (建议) or `proposal` (提案), or %NULL
 *
 * Keeps only replies to suggestions or to proposals.  A value that is
 * neither clears the filter.
 */
void
dafu_query_set_kind (DafuQuery  *self,
                     const char *kind)
{
  const char *normal = NULL;

  g_return_if_fail (DAFU_IS_QUERY (self));

  if (kind != NULL && g_utf8_validate (kind, -1, NULL))
    normal = normalize_kind (kind);

  if (dafu_set_str (&self->kind, normal))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/* An empty null-terminated GPtrArray may have no pdata yet. */
static const char * const *
strv_or_empty (GPtrArray *array)
{
  static const char * const empty[] = { NULL };

  return array->pdata != NULL ? (const char * const *) array->pdata : empty;
}

/**
 * dafu_query_get_terms:
 * @self: a #DafuQuery
 *
 * The terms that must occur, as typed (a phrase without its quotes), each
 * once; terms that are only white space are dropped.
 *
 * Returns: (transfer none) (array zero-terminated=1): the terms
 */
const char * const *
dafu_query_get_terms (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return strv_or_empty (self->terms);
}

/**
 * dafu_query_get_excluded_terms:
 * @self: a #DafuQuery
 *
 * The terms that must not occur, as typed (without `-` and quotes), each
 * once.
 *
 * Returns: (transfer none) (array zero-terminated=1): the excluded terms
 */
const char * const *
dafu_query_get_excluded_terms (DafuQuery *self)
{
  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return strv_or_empty (self->excludes);
}

static void
append_fts5_string (GString    *out,
                    const char *term)
{
  g_string_append_c (out, '"');
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Whether @term goes to @index: two or more characters to the words
 * index, one to the characters index. */
static gboolean
belongs_to (const char     *term,
            DafuQueryIndex  index)
{
  guint n = dafu_tokenizer_count_chars (term);

  return n > 0 && (index == DAFU_QUERY_INDEX_CHARS) == (n == 1);
}

/* Joins the terms of @terms that belong to @index as FTS5 strings. */
static char *
join_terms (GPtrArray      *terms,
            DafuQueryIndex  index,
            const char     *separator,
            guint          *n_joined)
{
  GString *out = g_string_new (NULL);

  *n_joined = 0;
  for (guint i = 0; i < terms->len && g_ptr_array_index (terms, i) != NULL; i++)
    {
      const char *term = g_ptr_array_index (terms, i);

      if (!belongs_to (term, index))
        continue;
      if ((*n_joined)++ > 0)
        g_string_append (out, separator);
      append_fts5_string (out, term);
    }

  if (*n_joined == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * dafu_query_dup_index_terms:
 * @self: a #DafuQuery
 * @index: a full-text index
 *
 * The terms that must occur and belong to @index, in the order
 * dafu_query_get_match() puts them (its phrases 0, 1, …).
 *
 * Returns: (transfer full) (array zero-terminated=1): the terms
 */
GStrv
dafu_query_dup_index_terms (DafuQuery      *self,
                            DafuQueryIndex  index)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  for (guint i = 0; i < self->terms->len && g_ptr_array_index (self->terms, i) != NULL; i++)
    {
      const char *term = g_ptr_array_index (self->terms, i);

      if (belongs_to (term, index))
        g_strv_builder_add (builder, term);
    }
  return g_strv_builder_end (builder);
}

/**
 * dafu_query_get_match:
 * @self: a #DafuQuery
 * @index: which full-text index the expression is for
 *
 * The FTS5 expression that selects, in @index, the letters containing
 * every term of the query that belongs there (two or more characters in
 * %DAFU_QUERY_INDEX_WORDS, one in %DAFU_QUERY_INDEX_CHARS) and none of the
 * excluded terms that belong there: `"t1" "t2" NOT ("x" OR "y")`.  Bind it
 * as a parameter of `MATCH`.  A query's letters are those that both
 * indexes select, less those dafu_query_get_exclude_match() selects in an
 * index this returns %NULL for.
 *
 * Returns: (transfer full) (nullable): the expression, or %NULL when the
 *   query has no term for @index
 */
char *
dafu_query_get_match (DafuQuery      *self,
                      DafuQueryIndex  index)
{
  g_autofree char *positive = NULL;
  g_autofree char *negative = NULL;
  guint n_positive, n_negative;

  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  positive = join_terms (self->terms, index, " ", &n_positive);
  if (positive == NULL)
    return NULL;

  negative = join_terms (self->excludes, index, " OR ", &n_negative);
  if (negative == NULL)
    return g_steal_pointer (&positive);
  if (n_negative == 1)
    return g_strdup_printf ("%s NOT %s", positive, negative);

  return g_strdup_printf ("%s NOT (%s)", positive, negative);
}

/**
 * dafu_query_get_exclude_match:
 * @self: a #DafuQuery
 * @index: which full-text index the expression is for
 *
 * The FTS5 expression selecting, in @index, the letters that contain any
 * excluded term that belongs there, `"x" OR "y"`; to be subtracted when
 * dafu_query_get_match() is %NULL for @index.
 *
 * Returns: (transfer full) (nullable): the expression, or %NULL when
 *   nothing is excluded in @index
 */
char *
dafu_query_get_exclude_match (DafuQuery      *self,
                              DafuQueryIndex  index)
{
  guint n;

  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  return join_terms (self->excludes, index, " OR ", &n);
}

/* Snippets. */

typedef struct
{
  guint start;  /* index of the first character, in the original text */
  guint end;    /* index after the last one */
  guint term;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = a, *hb = b;

  if (ha->start != hb->start)
    return ha->start < hb->start ? -1 : 1;
  if (ha->term != hb->term)
    return ha->term < hb->term ? -1 : 1;
  return 0;
}

/* Every occurrence of @pattern in @chars, by Knuth–Morris–Pratt: linear. */
static void
find_all (const gunichar *chars,
          guint           n_chars,
          const gunichar *pattern,
          guint           n_pattern,
          guint           term,
          const guint    *orig,
          int            *cover,
          GArray         *hits)
{
  g_autofree guint *fail = g_new (guint, n_pattern);
  guint k = 0;

  fail[0] = 0;
  for (guint i = 1; i < n_pattern; i++)
    {
      while (k > 0 && pattern[i] != pattern[k])
        k = fail[k - 1];
      if (pattern[i] == pattern[k])
        k++;
      fail[i] = k;
    }

  k = 0;
  for (guint i = 0; i < n_chars; i++)
    {
      while (k > 0 && chars[i] != pattern[k])
        k = fail[k - 1];
      if (chars[i] == pattern[k])
        k++;
      if (k == n_pattern)
        {
          guint first = i + 1 - n_pattern;
          Hit hit = { orig[first], orig[i] + 1, term };

          cover[first]++;
          cover[i + 1]--;
          g_array_append_val (hits, hit);
          k = fail[k - 1];
        }
    }
}

static void
append_char (GString  *out,
             gunichar  c)
{
  switch (c)
    {
    case '<':
      g_string_append (out, "&lt;");
      break;
    case '>':
      g_string_append (out, "&gt;");
      break;
    case '&':
      g_string_append (out, "&amp;");
      break;
    default:
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
}

/**
 * dafu_query_snippet:
 * @self: a #DafuQuery
 * @text: a letter's text
 * @width: about how many characters to show, or 0 for the whole text
 *
 * A window of @text around its best hit, the stretch that holds the most
 * distinct terms of @self (the start of @text if there is none), as Pango
 * markup: the text escaped, each matched stretch in one `<b>…</b>` run
 * (adjacent or overlapping hits merged), newlines shown as spaces and `…`
 * where the window cuts the text.  Matching folds width and case and
 * ignores white space as the search does.  Linear in the length of @text.
 *
 * Returns: (transfer full): the markup
 */
char *
dafu_query_snippet (DafuQuery  *self,
                    const char *text,
                    guint       width)
{
  g_autofree char *valid = NULL;
  g_autofree gunichar *all = NULL;     /* the original characters */
  g_autofree gunichar *folded = NULL;  /* the visible ones, folded */
  g_autofree guint *orig = NULL;       /* folded index → original index */
  g_autofree guint *next = NULL;       /* original index → folded index at or after it */
  g_autofree int *cover = NULL;
  g_autoptr(GArray) hits = NULL;
  glong n_all = 0;
  guint n_folded = 0, n_terms;
  guint win_start = 0, win_end;
  gboolean bold = FALSE;
  GString *out;

  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  valid = g_utf8_make_valid (text ? text : "", -1);
  all = g_utf8_to_ucs4_fast (valid, -1, &n_all);

  folded = g_new (gunichar, n_all + 1);
  orig = g_new (guint, n_all + 1);
  next = g_new (guint, n_all + 1);
  for (glong i = 0; i < n_all; i++)
    {
      next[i] = n_folded;
      if (!is_space (all[i]))
        {
          folded[n_folded] = dafu_text_fold_char (all[i]);
          orig[n_folded] = i;
          n_folded++;
        }
    }
  next[n_all] = n_folded;

  cover = g_new0 (int, n_folded + 1);
  hits = g_array_new (FALSE, FALSE, sizeof (Hit));

  n_terms = MIN (self->keys->len, MAX_SNIPPET_TERMS);
  for (guint t = 0; t < n_terms; t++)
    {
      glong n_pattern = 0;
      g_autofree gunichar *pattern =
        g_utf8_to_ucs4_fast (g_ptr_array_index (self->keys, t), -1, &n_pattern);

      if (n_pattern > 0 && (guint) n_pattern <= n_folded)
        find_all (folded, n_folded, pattern, n_pattern, t, orig, cover, hits);
    }

  for (guint k = 1; k <= n_folded; k++)
    cover[k] += cover[k - 1];

  if (width == 0 || width > (guint) n_all)
    width = n_all;

  /* The window holding hits of the most distinct terms; the first wins. */
  if (hits->len > 0)
    {
      g_autofree guint *counts = g_new0 (guint, n_terms);
      const Hit *h = (const Hit *) (gpointer) hits->data;
      guint best = 0, best_i = 0, best_j = 1, distinct = 0, j = 0;
      guint span_start, span_end = 0;

      g_array_sort (hits, compare_hits);

      for (guint i = 0; i < hits->len; i++)
        {
          if (j < i)
            j = i;
          while (j < hits->len && h[j].end <= h[i].start + width)
            {
              if (counts[h[j].term]++ == 0)
                distinct++;
              j++;
            }
          if (distinct > best)
            {
              best = distinct;
              best_i = i;
              best_j = j;
            }
          if (i < j && --counts[h[i].term] == 0)
            distinct--;
        }

      span_start = h[best_i].start;
      for (guint i = best_i; i < best_j; i++)
        span_end = MAX (span_end, h[i].end);
      span_end = MIN (span_end, span_start + width);

      /* Centre the hits in the window. */
      win_start = span_start - MIN (span_start, (width - (span_end - span_start)) / 2);
    }

  win_end = MIN (win_start + width, (guint) n_all);
  if (win_end - win_start < width)
    win_start = win_end - MIN (win_end, width);

  /* Do not open or close a cut window on white space. */
  if (win_start > 0)
    while (win_start < win_end && is_space (all[win_start]))
      win_start++;
  if (win_end < (guint) n_all)
    while (win_end > win_start && is_space (all[win_end - 1]))
      win_end--;

  out = g_string_sized_new (4 * (win_end - win_start) + 16);
  if (win_start > 0)
    g_string_append (out, "…");

  for (guint i = win_start; i < win_end; i++)
    {
      guint k = next[i];
      gboolean marked;

      if (!is_space (all[i]))
        marked = cover[k] > 0;
      else
        marked = bold && k < n_folded && cover[k] > 0;

      if (marked && !bold)
        g_string_append (out, "<b>");
      else if (!marked && bold)
        g_string_append (out, "</b>");
      bold = marked;

      append_char (out, all[i]);
    }

  if (bold)
    g_string_append (out, "</b>");
  if (win_end < (guint) n_all)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

/**
 * dafu_query_find_hits:
 * @self: a #DafuQuery
 * @text: (nullable): a text, such as a letter's body; NUL-terminated
 *
 * Every stretch of @text that matches a term of @self, by the same rules
 * as dafu_query_snippet(): matching folds width and case and ignores white
 * space, and adjacent or overlapping matches form one stretch, so that
 * `养老 服务` finds `养老服务` as one hit and a stretch may span white
 * space, even a line break.  Excluded terms are not looked for.  Bytes
 * that are not UTF-8 count as one character each and never match a term.
 * Linear in the length of @text.
 *
 * Returns: (transfer full) (element-type DafuHit): the byte ranges of the
 *   hits into @text, sorted and not overlapping; empty when nothing matches
 */
GArray *
dafu_query_find_hits (DafuQuery  *self,
                      const char *text)
{
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (DafuHit));
  g_autoptr(GArray) chars = NULL;    /* the original characters */
  g_autoptr(GArray) offsets = NULL;  /* original index → byte offset; one more */
  g_autofree gunichar *folded = NULL;
  g_autofree guint *orig = NULL;
  g_autofree guint *next = NULL;
  g_autofree int *cover = NULL;
  g_autoptr(GArray) hits = NULL;
  const gunichar *all;
  const gsize *byte;
  const char *end;
  guint n_all, n_folded = 0, n_terms;
  gboolean marked_before = FALSE;
  DafuHit run = { 0, 0 };

  g_return_val_if_fail (DAFU_IS_QUERY (self), NULL);

  if (text == NULL || text[0] == '\0' || self->keys->len == 0)
    return g_steal_pointer (&result);

  end = text + strlen (text);
  chars = g_array_sized_new (FALSE, FALSE, sizeof (gunichar), end - text);
  offsets = g_array_sized_new (FALSE, FALSE, sizeof (gsize), end - text + 1);
  for (const char *p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      gsize offset = p - text;

      g_array_append_val (offsets, offset);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          c = 0xfffd;
          p++;
        }
      else
        p = g_utf8_next_char (p);
      g_array_append_val (chars, c);
    }
  {
    gsize offset = end - text;
    g_array_append_val (offsets, offset);
  }

  all = (const gunichar *) (gpointer) chars->data;
  byte = (const gsize *) (gpointer) offsets->data;
  n_all = chars->len;

  folded = g_new (gunichar, n_all + 1);
  orig = g_new (guint, n_all + 1);
  next = g_new (guint, n_all + 1);
  for (guint i = 0; i < n_all; i++)
    {
      next[i] = n_folded;
      if (!is_space (all[i]))
        {
          folded[n_folded] = dafu_text_fold_char (all[i]);
          orig[n_folded] = i;
          n_folded++;
        }
    }
  next[n_all] = n_folded;

  cover = g_new0 (int, n_folded + 1);
  hits = g_array_new (FALSE, FALSE, sizeof (Hit));

  n_terms = MIN (self->keys->len, MAX_SNIPPET_TERMS);
  for (guint t = 0; t < n_terms; t++)
    {
      glong n_pattern = 0;
      g_autofree gunichar *pattern =
        g_utf8_to_ucs4_fast (g_ptr_array_index (self->keys, t), -1, &n_pattern);

      if (n_pattern > 0 && (guint) n_pattern <= n_folded)
        find_all (folded, n_folded, pattern, n_pattern, t, orig, cover, hits);
    }

  if (hits->len == 0)
    return g_steal_pointer (&result);

  for (guint k = 1; k <= n_folded; k++)
    cover[k] += cover[k - 1];

  /* The characters the snippet would set in bold, as byte ranges. */
  for (guint i = 0; i < n_all; i++)
    {
      guint k = next[i];
      gboolean marked;

      if (!is_space (all[i]))
        marked = cover[k] > 0;
      else
        marked = marked_before && k < n_folded && cover[k] > 0;

      if (marked && !marked_before)
        run.start = byte[i];
      else if (!marked && marked_before)
        {
          run.end = byte[i];
          g_array_append_val (result, run);
        }
      marked_before = marked;
    }

  if (marked_before)
    {
      run.end = byte[n_all];
      g_array_append_val (result, run);
    }

  return g_steal_pointer (&result);
}
