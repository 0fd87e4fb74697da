/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-clause"

#include "config.h"

#include "dafu-clause.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-enums.h"
#include "dafu-text.h"
#include "dafu-util.h"

/**
 * DafuClause:
 *
 * A reusable piece of a reply letter: its kind, a short title, its text
 * with `{名称}` placeholders, the themes it covers, the letters and cities
 * it was mined from, and how often the user has used it.
 *
 * A clause with id 0 is not stored in the library yet.
 */
struct _DafuClause
{
  GObject         parent_instance;

  gint64          id;
  DafuClauseKind  kind;
  char           *title;
  char           *text;
  char          **themes;
  GArray         *sources;
  char          **cities;
  guint           n_letters;
  guint           use_count;
  gboolean        favourite;
  gboolean        mined;
  char           *fingerprint;
  gint64          last_used;
  gint64          created;
  gint64          updated;

  /* dafu_text_fold() of the title and the text, made on first match. */
  char           *folded_title;
  char           *folded_text;
};

G_DEFINE_FINAL_TYPE (DafuClause, dafu_clause, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_TITLE,
  PROP_TEXT,
  PROP_THEMES,
  PROP_CITIES,
  PROP_N_LETTERS,
  PROP_USE_COUNT,
  PROP_FAVOURITE,
  PROP_MINED,
  PROP_FINGERPRINT,
  PROP_LAST_USED,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Stored in the database: never change these. */
static const char * const kind_names[DAFU_CLAUSE_N_KINDS] = {
  [DAFU_CLAUSE_KIND_OPENING] = "opening",
  [DAFU_CLAUSE_KIND_OVERVIEW] = "overview",
  [DAFU_CLAUSE_KIND_MEASURE] = "measure",
  [DAFU_CLAUSE_KIND_PROBLEM] = "problem",
  [DAFU_CLAUSE_KIND_PLAN] = "plan",
  [DAFU_CLAUSE_KIND_CLOSING] = "closing",
  [DAFU_CLAUSE_KIND_SIGNATURE] = "signature",
  [DAFU_CLAUSE_KIND_CONTACT] = "contact",
  [DAFU_CLAUSE_KIND_FOOTER] = "footer",
};

static void
dafu_clause_finalize (GObject *object)
{
  DafuClause *self = (DafuClause *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->themes, g_strfreev);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->cities, g_strfreev);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->folded_title, g_free);
  g_clear_pointer (&self->folded_text, g_free);

  G_OBJECT_CLASS (dafu_clause_parent_class)->finalize (object);
}

static void
dafu_clause_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DafuClause *self = DAFU_CLAUSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_THEMES:
      g_value_set_boxed (value, self->themes);
      break;
    case PROP_CITIES:
      g_value_set_boxed (value, self->cities);
      break;
    case PROP_N_LETTERS:
      g_value_set_uint (value, self->n_letters);
      break;
    case PROP_USE_COUNT:
      g_value_set_uint (value, self->use_count);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_MINED:
      g_value_set_boolean (value, self->mined);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_LAST_USED:
      g_value_set_int64 (value, self->last_used);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_clause_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DafuClause *self = DAFU_CLAUSE (object);

  switch (prop_id)
    {
    case PROP_ID:
      dafu_clause_set_id (self, g_value_get_int64 (value));
      break;
    case PROP_KIND:
      dafu_clause_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TITLE:
      dafu_clause_set_title (self, g_value_get_string (value));
      break;
    case PROP_TEXT:
      dafu_clause_set_text (self, g_value_get_string (value));
      break;
    case PROP_THEMES:
      dafu_clause_set_themes (self, g_value_get_boxed (value));
      break;
    case PROP_CITIES:
      dafu_clause_set_cities (self, g_value_get_boxed (value));
      break;
    case PROP_N_LETTERS:
      dafu_clause_set_n_letters (self, g_value_get_uint (value));
      break;
    case PROP_USE_COUNT:
      dafu_clause_set_use_count (self, g_value_get_uint (value));
      break;
    case PROP_FAVOURITE:
      dafu_clause_set_favourite (self, g_value_get_boolean (value));
      break;
    case PROP_MINED:
      dafu_clause_set_mined (self, g_value_get_boolean (value));
      break;
    case PROP_FINGERPRINT:
      dafu_clause_set_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_LAST_USED:
      dafu_clause_set_last_used (self, g_value_get_int64 (value));
      break;
    case PROP_CREATED:
      dafu_clause_set_created (self, g_value_get_int64 (value));
      break;
    case PROP_UPDATED:
      dafu_clause_set_updated (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_clause_class_init (DafuClauseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dafu_clause_finalize;
  object_class->get_property = dafu_clause_get_property;
  object_class->set_property = dafu_clause_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DAFU_TYPE_CLAUSE_KIND, DAFU_CLAUSE_KIND_MEASURE, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_THEMES] =
    g_param_spec_boxed ("themes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CITIES] =
    g_param_spec_boxed ("cities", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_N_LETTERS] =
    g_param_spec_uint ("n-letters", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_USE_COUNT] =
    g_param_spec_uint ("use-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL, FALSE, flags);
  properties[PROP_MINED] =
    g_param_spec_boolean ("mined", NULL, NULL, FALSE, flags);
  properties[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  properties[PROP_LAST_USED] =
    g_param_spec_int64 ("last-used", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_clause_init (DafuClause *self)
{
  self->kind = DAFU_CLAUSE_KIND_MEASURE;
  self->sources = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->themes = g_new0 (char *, 1);
  self->cities = g_new0 (char *, 1);
}

/**
 * dafu_clause_new:
 * @kind: what part of a reply the clause is for
 * @title: (nullable): a short label
 * @text: (nullable): the clause's text, with `{名称}` placeholders
 *
 * Returns: (transfer full): a new clause, not stored (id 0)
 */
DafuClause *
dafu_clause_new (DafuClauseKind  kind,
                 const char     *title,
                 const char     *text)
{
  if ((guint) kind >= DAFU_CLAUSE_N_KINDS)
    kind = DAFU_CLAUSE_KIND_MEASURE;

  return g_object_new (DAFU_TYPE_CLAUSE,
                       "kind", kind,
                       "title", title,
                       "text", text,
                       NULL);
}

/**
 * dafu_clause_copy:
 * @self: a #DafuClause
 *
 * Returns: (transfer full): a new clause with all of @self's values,
 *   including its id
 */
DafuClause *
dafu_clause_copy (DafuClause *self)
{
  DafuClause *copy;

  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);

  copy = dafu_clause_new (self->kind, self->title, self->text);
  copy->id = self->id;
  dafu_clause_set_themes (copy, (const char * const *) self->themes);
  dafu_clause_set_cities (copy, (const char * const *) self->cities);
  dafu_clause_set_sources (copy, (const gint64 *) (gpointer) self->sources->data,
                           self->sources->len);
  copy->n_letters = self->n_letters;
  copy->use_count = self->use_count;
  copy->favourite = self->favourite;
  copy->mined = self->mined;
  copy->fingerprint = g_strdup (self->fingerprint);
  copy->last_used = self->last_used;
  copy->created = self->created;
  copy->updated = self->updated;

  return copy;
}

/**
 * dafu_clause_kind_to_string:
 * @kind: a #DafuClauseKind
 *
 * Returns: (nullable): the kind's stable ASCII name (`opening`, `overview`,
 *   `measure` …) as stored in the library, or %NULL for an unknown kind
 */
const char *
dafu_clause_kind_to_string (DafuClauseKind kind)
{
  if ((guint) kind >= DAFU_CLAUSE_N_KINDS)
    return NULL;

  return kind_names[kind];
}

/**
 * dafu_clause_kind_from_string:
 * @string: a name from dafu_clause_kind_to_string()
 * @kind: (out) (optional): return location for the kind
 *
 * Returns: %TRUE if @string names a kind
 */
gboolean
dafu_clause_kind_from_string (const char     *string,
                              DafuClauseKind *kind)
{
  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < DAFU_CLAUSE_N_KINDS; i++)
    {
      if (g_str_equal (string, kind_names[i]))
        {
          if (kind != NULL)
            *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * dafu_clause_kind_get_label:
 * @kind: a #DafuClauseKind
 *
 * Returns: the kind's name for people, translated (with the context
 *   "clause kind", since "Opening" or "Contact" mean other things elsewhere)
 */
const char *
dafu_clause_kind_get_label (DafuClauseKind kind)
{
  switch (kind)
    {
    case DAFU_CLAUSE_KIND_OPENING:
      return C_("clause kind", "Opening");
    case DAFU_CLAUSE_KIND_OVERVIEW:
      return C_("clause kind", "Overview");
    case DAFU_CLAUSE_KIND_MEASURE:
      return C_("clause kind", "Measure");
    case DAFU_CLAUSE_KIND_PROBLEM:
      return C_("clause kind", "Problem");
    case DAFU_CLAUSE_KIND_PLAN:
      return C_("clause kind", "Next Steps");
    case DAFU_CLAUSE_KIND_CLOSING:
      return C_("clause kind", "Closing");
    case DAFU_CLAUSE_KIND_SIGNATURE:
      return C_("clause kind", "Signature");
    case DAFU_CLAUSE_KIND_CONTACT:
      return C_("clause kind", "Contact");
    case DAFU_CLAUSE_KIND_FOOTER:
      return C_("clause kind", "Footer");
    default:
      return C_("clause kind", "Other");
    }
}

/**
 * dafu_clause_get_id:
 * @self: a #DafuClause
 *
 * Returns: the clause's row id in the library, 0 when it is not stored
 */
gint64
dafu_clause_get_id (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->id;
}

void
dafu_clause_set_id (DafuClause *self,
                    gint64      id)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (id < 0)
    id = 0;

  if (self->id != id)
    {
      self->id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

DafuClauseKind
dafu_clause_get_kind (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), DAFU_CLAUSE_KIND_MEASURE);
  return self->kind;
}

void
dafu_clause_set_kind (DafuClause     *self,
                      DafuClauseKind  kind)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));
  g_return_if_fail ((guint) kind < DAFU_CLAUSE_N_KINDS);

  if (self->kind != kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

const char *
dafu_clause_get_title (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);
  return self->title;
}

void
dafu_clause_set_title (DafuClause *self,
                       const char *title)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (dafu_set_str (&self->title, title))
    {
      g_clear_pointer (&self->folded_title, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

const char *
dafu_clause_get_text (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);
  return self->text;
}

void
dafu_clause_set_text (DafuClause *self,
                      const char *text)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (dafu_set_str (&self->text, text))
    {
      g_clear_pointer (&self->folded_text, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
}

static gboolean
strv_equal (const char * const *a,
            const char * const *b)
{
  gsize i;

  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (!g_str_equal (a[i], b[i]))
      return FALSE;

  return a[i] == NULL && b[i] == NULL;
}

static gboolean
set_strv (char               ***field,
          const char * const   *value)
{
  if (strv_equal ((const char * const *) *field, value))
    return FALSE;

  g_strfreev (*field);
  *field = value != NULL ? g_strdupv ((char **) value) : g_new0 (char *, 1);

  return TRUE;
}

/**
 * dafu_clause_get_themes:
 * @self: a #DafuClause
 *
 * Returns: (transfer none): the ids of the themes the clause covers, as in
 *   `themes.ini`; never %NULL, possibly empty
 */
const char * const *
dafu_clause_get_themes (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);
  return (const char * const *) self->themes;
}

/**
 * dafu_clause_set_themes:
 * @self: a #DafuClause
 * @themes: (nullable) (array zero-terminated=1): theme ids
 */
void
dafu_clause_set_themes (DafuClause         *self,
                        const char * const *themes)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (set_strv (&self->themes, themes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THEMES]);
}

/**
 * dafu_clause_get_sources:
 * @self: a #DafuClause
 * @n_sources: (out) (optional): return location for the number of ids
 *
 * Returns: (transfer none) (array length=n_sources) (nullable): the ids of
 *   the letters the clause was mined from; %NULL when there are none
 */
const gint64 *
dafu_clause_get_sources (DafuClause *self,
                         guint      *n_sources)
{
  if (n_sources != NULL)
    *n_sources = 0;

  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);

  if (n_sources != NULL)
    *n_sources = self->sources->len;

  if (self->sources->len == 0)
    return NULL;

  return (const gint64 *) (gpointer) self->sources->data;
}

/**
 * dafu_clause_set_sources:
 * @self: a #DafuClause
 * @letter_ids: (nullable) (array length=n_sources): letter ids
 * @n_sources: the number of ids
 */
void
dafu_clause_set_sources (DafuClause   *self,
                         const gint64 *letter_ids,
                         guint         n_sources)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));
  g_return_if_fail (letter_ids != NULL || n_sources == 0);

  g_array_set_size (self->sources, 0);
  if (n_sources > 0)
    g_array_append_vals (self->sources, letter_ids, n_sources);
}

/**
 * dafu_clause_get_cities:
 * @self: a #DafuClause
 *
 * Returns: (transfer none): the cities of the letters the clause was mined
 *   from; never %NULL, possibly empty
 */
const char * const *
dafu_clause_get_cities (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);
  return (const char * const *) self->cities;
}

/**
 * dafu_clause_set_cities:
 * @self: a #DafuClause
 * @cities: (nullable) (array zero-terminated=1): city names
 */
void
dafu_clause_set_cities (DafuClause         *self,
                        const char * const *cities)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (set_strv (&self->cities, cities))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITIES]);
}

/**
 * dafu_clause_get_n_letters:
 * @self: a #DafuClause
 *
 * Returns: in how many different letters the clause was found
 */
guint
dafu_clause_get_n_letters (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->n_letters;
}

void
dafu_clause_set_n_letters (DafuClause *self,
                           guint       n_letters)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (self->n_letters != n_letters)
    {
      self->n_letters = n_letters;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LETTERS]);
    }
}

/**
 * dafu_clause_get_use_count:
 * @self: a #DafuClause
 *
 * Returns: how many times the user put the clause in a draft
 */
guint
dafu_clause_get_use_count (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->use_count;
}

void
dafu_clause_set_use_count (DafuClause *self,
                           guint       use_count)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (self->use_count != use_count)
    {
      self->use_count = use_count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_COUNT]);
    }
}

gboolean
dafu_clause_get_favourite (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), FALSE);
  return self->favourite;
}

void
dafu_clause_set_favourite (DafuClause *self,
                           gboolean    favourite)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  favourite = !!favourite;
  if (self->favourite != favourite)
    {
      self->favourite = favourite;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
    }
}

/**
 * dafu_clause_get_mined:
 * @self: a #DafuClause
 *
 * Returns: %TRUE if the clause was found in the library's letters rather
 *   than written by the user
 */
gboolean
dafu_clause_get_mined (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), FALSE);
  return self->mined;
}

void
dafu_clause_set_mined (DafuClause *self,
                       gboolean    mined)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  mined = !!mined;
  if (self->mined != mined)
    {
      self->mined = mined;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINED]);
    }
}

/**
 * dafu_clause_get_fingerprint:
 * @self: a #DafuClause
 *
 * Returns: (nullable): the stable key of a mined clause's normalized text,
 *   with which mining again finds the same clause
 */
const char *
dafu_clause_get_fingerprint (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), NULL);
  return self->fingerprint;
}

void
dafu_clause_set_fingerprint (DafuClause *self,
                             const char *fingerprint)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  if (fingerprint != NULL && *fingerprint == '\0')
    fingerprint = NULL;

  if (dafu_set_str (&self->fingerprint, fingerprint))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINGERPRINT]);
}

/**
 * dafu_clause_get_last_used:
 * @self: a #DafuClause
 *
 * Returns: when the user last put the clause in a draft (Unix time), 0 if
 *   never
 */
gint64
dafu_clause_get_last_used (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->last_used;
}

void
dafu_clause_set_last_used (DafuClause *self,
                           gint64      unix_time)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  unix_time = MAX (unix_time, 0);
  if (self->last_used != unix_time)
    {
      self->last_used = unix_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_USED]);
    }
}

gint64
dafu_clause_get_created (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->created;
}

void
dafu_clause_set_created (DafuClause *self,
                         gint64      unix_time)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  unix_time = MAX (unix_time, 0);
  if (self->created != unix_time)
    {
      self->created = unix_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
    }
}

gint64
dafu_clause_get_updated (DafuClause *self)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), 0);
  return self->updated;
}

void
dafu_clause_set_updated (DafuClause *self,
                         gint64      unix_time)
{
  g_return_if_fail (DAFU_IS_CLAUSE (self));

  unix_time = MAX (unix_time, 0);
  if (self->updated != unix_time)
    {
      self->updated = unix_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
}

static char *
fold_or_empty (const char *text)
{
  char *folded = NULL;

  if (text != NULL && g_utf8_validate (text, -1, NULL))
    folded = dafu_text_fold (text, -1);

  return folded != NULL ? folded : g_strdup ("");
}

/**
 * dafu_clause_matches:
 * @self: a #DafuClause
 * @folded_needle: (nullable): what the user typed, already passed through
 *   dafu_text_fold()
 *
 * Returns: %TRUE if the needle occurs in the clause's title or text; an
 *   empty or %NULL needle matches every clause
 */
gboolean
dafu_clause_matches (DafuClause *self,
                     const char *folded_needle)
{
  g_return_val_if_fail (DAFU_IS_CLAUSE (self), FALSE);

  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;

  if (self->folded_title == NULL)
    self->folded_title = fold_or_empty (self->title);
  if (self->folded_text == NULL)
    self->folded_text = fold_or_empty (self->text);

  return strstr (self->folded_title, folded_needle) != NULL ||
         strstr (self->folded_text, folded_needle) != NULL;
}
