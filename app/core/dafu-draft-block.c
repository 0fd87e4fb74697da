/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-draft-block"

#include "config.h"

#include "dafu-draft-block.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-enums.h"
#include "dafu-util.h"

/**
 * DafuDraftBlock:
 *
 * One paragraph (or the title, the signature …) of a draft: its kind, its
 * text with placeholders left in, the clause it came from and whether the
 * draft still writes it from its fields. Only its #DafuDraft changes it,
 * through the `_dafu_draft_block_set_*()` calls, so that every change is
 * undoable.
 */
struct _DafuDraftBlock
{
  GObject        parent_instance;

  DafuBlockKind  kind;
  char          *text;
  gint64         clause_id;
  gboolean       generated;
};

G_DEFINE_FINAL_TYPE (DafuDraftBlock, dafu_draft_block, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_TEXT,
  PROP_CLAUSE_ID,
  PROP_GENERATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_ids[DAFU_BLOCK_N_KINDS] = {
  [DAFU_BLOCK_KIND_TITLE] = "title",
  [DAFU_BLOCK_KIND_SALUTATION] = "salutation",
  [DAFU_BLOCK_KIND_OPENING] = "opening",
  [DAFU_BLOCK_KIND_OVERVIEW] = "overview",
  [DAFU_BLOCK_KIND_MEASURE] = "measure",
  [DAFU_BLOCK_KIND_PROBLEM] = "problem",
  [DAFU_BLOCK_KIND_PLAN] = "plan",
  [DAFU_BLOCK_KIND_CLOSING] = "closing",
  [DAFU_BLOCK_KIND_SIGNATURE] = "signature",
  [DAFU_BLOCK_KIND_CONTACT] = "contact",
  [DAFU_BLOCK_KIND_CC] = "cc",
  [DAFU_BLOCK_KIND_PUBLIC_NOTE] = "public-note",
  [DAFU_BLOCK_KIND_TEXT] = "text",
};

static void
dafu_draft_block_finalize (GObject *object)
{
  DafuDraftBlock *self = (DafuDraftBlock *) object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dafu_draft_block_parent_class)->finalize (object);
}

static void
dafu_draft_block_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DafuDraftBlock *self = DAFU_DRAFT_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CLAUSE_ID:
      g_value_set_int64 (value, self->clause_id);
      break;
    case PROP_GENERATED:
      g_value_set_boolean (value, self->generated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_draft_block_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DafuDraftBlock *self = DAFU_DRAFT_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      _dafu_draft_block_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_TEXT:
      _dafu_draft_block_set_text (self, g_value_get_string (value));
      break;
    case PROP_CLAUSE_ID:
      dafu_draft_block_set_clause_id (self, g_value_get_int64 (value));
      break;
    case PROP_GENERATED:
      _dafu_draft_block_set_generated (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dafu_draft_block_class_init (DafuDraftBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_draft_block_finalize;
  object_class->get_property = dafu_draft_block_get_property;
  object_class->set_property = dafu_draft_block_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       DAFU_TYPE_BLOCK_KIND, DAFU_BLOCK_KIND_TEXT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLAUSE_ID] =
    g_param_spec_int64 ("clause-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATED] =
    g_param_spec_boolean ("generated", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dafu_draft_block_init (DafuDraftBlock *self)
{
  self->kind = DAFU_BLOCK_KIND_TEXT;
  self->text = g_strdup ("");
}

/**
 * dafu_draft_block_new:
 * @kind: what the block is
 * @text: (nullable): its text, placeholders left in
 *
 * Returns: (transfer full): a new block, not generated, of no clause
 */
DafuDraftBlock *
dafu_draft_block_new (DafuBlockKind  kind,
                      const char    *text)
{
  DafuDraftBlock *self;

  if ((guint) kind >= DAFU_BLOCK_N_KINDS)
    kind = DAFU_BLOCK_KIND_TEXT;

  self = g_object_new (DAFU_TYPE_DRAFT_BLOCK, "kind", kind, NULL);
  _dafu_draft_block_set_text (self, text);
  return self;
}

/**
 * dafu_draft_block_copy:
 * @self: a block
 *
 * Returns: (transfer full): a new block with the same kind, text, clause
 *   and generated flag
 */
DafuDraftBlock *
dafu_draft_block_copy (DafuDraftBlock *self)
{
  DafuDraftBlock *copy;

  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (self), NULL);

  copy = dafu_draft_block_new (self->kind, self->text);
  copy->clause_id = self->clause_id;
  copy->generated = self->generated;
  return copy;
}

/**
 * dafu_draft_block_get_kind:
 *
 * Returns: what the block is
 */
DafuBlockKind
dafu_draft_block_get_kind (DafuDraftBlock *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (self), DAFU_BLOCK_KIND_TEXT);
  return self->kind;
}

/**
 * dafu_draft_block_get_text:
 *
 * Returns: (not nullable): the block's text, placeholders left in
 */
const char *
dafu_draft_block_get_text (DafuDraftBlock *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (self), "");
  return self->text;
}

/**
 * dafu_draft_block_get_clause_id:
 *
 * Returns: the id of the clause the block was made from, or 0
 */
gint64
dafu_draft_block_get_clause_id (DafuDraftBlock *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (self), 0);
  return self->clause_id;
}

/**
 * dafu_draft_block_set_clause_id:
 * @clause_id: the clause's id, or 0
 *
 * Records the clause the block was made from (not an edit of the draft).
 */
void
dafu_draft_block_set_clause_id (DafuDraftBlock *self,
                                gint64          clause_id)
{
  g_return_if_fail (DAFU_IS_DRAFT_BLOCK (self));

  clause_id = MAX (clause_id, 0);
  if (self->clause_id == clause_id)
    return;
  self->clause_id = clause_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAUSE_ID]);
}

/**
 * dafu_draft_block_get_generated:
 *
 * Returns: whether the draft writes the block from its fields (until the
 *   clerk edits it)
 */
gboolean
dafu_draft_block_get_generated (DafuDraftBlock *self)
{
  g_return_val_if_fail (DAFU_IS_DRAFT_BLOCK (self), FALSE);
  return self->generated;
}

/* For DafuDraft only: the draft records these for undo. */

void
_dafu_draft_block_set_text (DafuDraftBlock *self,
                            const char     *text)
{
  g_autofree char *valid = NULL;

  g_return_if_fail (DAFU_IS_DRAFT_BLOCK (self));

  valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  if (dafu_set_str (&self->text, valid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
_dafu_draft_block_set_kind (DafuDraftBlock *self,
                            DafuBlockKind   kind)
{
  g_return_if_fail (DAFU_IS_DRAFT_BLOCK (self));

  if ((guint) kind >= DAFU_BLOCK_N_KINDS || self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
_dafu_draft_block_set_generated (DafuDraftBlock *self,
                                 gboolean        generated)
{
  g_return_if_fail (DAFU_IS_DRAFT_BLOCK (self));

  generated = !!generated;
  if (self->generated == generated)
    return;
  self->generated = generated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATED]);
}

/* ---------------------------------------------------------------------- */
/* Kinds                                                                  */

/**
 * dafu_block_kind_to_string:
 * @kind: a block kind
 *
 * Returns: the kind's stable ASCII name (`title`, `public-note` …), as
 *   stored in the database, or %NULL for no kind
 */
const char *
dafu_block_kind_to_string (DafuBlockKind kind)
{
  if ((guint) kind >= DAFU_BLOCK_N_KINDS)
    return NULL;
  return kind_ids[kind];
}

/**
 * dafu_block_kind_from_string:
 * @string: (nullable): a name from dafu_block_kind_to_string()
 * @kind: (out) (optional): the kind
 *
 * Returns: whether @string names a kind
 */
gboolean
dafu_block_kind_from_string (const char    *string,
                             DafuBlockKind *kind)
{
  if (string == NULL)
    return FALSE;

  for (guint i = 0; i < DAFU_BLOCK_N_KINDS; i++)
    if (strcmp (string, kind_ids[i]) == 0)
      {
        if (kind != NULL)
          *kind = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * dafu_block_kind_get_label:
 * @kind: a block kind
 *
 * Returns: the kind's name for the clerk, translated (with the context
 *   "block kind", since "Title" or "Contact" mean other things elsewhere)
 */
const char *
dafu_block_kind_get_label (DafuBlockKind kind)
{
  switch (kind)
    {
    case DAFU_BLOCK_KIND_TITLE:
      return C_("block kind", "Title");
    case DAFU_BLOCK_KIND_SALUTATION:
      return C_("block kind", "Salutation");
    case DAFU_BLOCK_KIND_OPENING:
      return C_("block kind", "Opening");
    case DAFU_BLOCK_KIND_OVERVIEW:
      return C_("block kind", "Overview");
    case DAFU_BLOCK_KIND_MEASURE:
      return C_("block kind", "Measure");
    case DAFU_BLOCK_KIND_PROBLEM:
      return C_("block kind", "Problem");
    case DAFU_BLOCK_KIND_PLAN:
      return C_("block kind", "Next Steps");
    case DAFU_BLOCK_KIND_CLOSING:
      return C_("block kind", "Closing");
    case DAFU_BLOCK_KIND_SIGNATURE:
      return C_("block kind", "Signature");
    case DAFU_BLOCK_KIND_CONTACT:
      return C_("block kind", "Contact");
    case DAFU_BLOCK_KIND_CC:
      return C_("block kind", "Copies To");
    case DAFU_BLOCK_KIND_PUBLIC_NOTE:
      return C_("block kind", "Disclosure");
    case DAFU_BLOCK_KIND_TEXT:
    default:
      return C_("block kind", "Paragraph");
    }
}

/**
 * dafu_block_kind_is_generated:
 * @kind: a block kind
 *
 * Returns: whether the draft writes blocks of @kind from its fields: the
 *   title, salutation, signature, contact, 抄送 and disclosure note
 */
gboolean
dafu_block_kind_is_generated (DafuBlockKind kind)
{
  switch (kind)
    {
    case DAFU_BLOCK_KIND_TITLE:
    case DAFU_BLOCK_KIND_SALUTATION:
    case DAFU_BLOCK_KIND_SIGNATURE:
    case DAFU_BLOCK_KIND_CONTACT:
    case DAFU_BLOCK_KIND_CC:
    case DAFU_BLOCK_KIND_PUBLIC_NOTE:
      return TRUE;
    case DAFU_BLOCK_KIND_OPENING:
    case DAFU_BLOCK_KIND_OVERVIEW:
    case DAFU_BLOCK_KIND_MEASURE:
    case DAFU_BLOCK_KIND_PROBLEM:
    case DAFU_BLOCK_KIND_PLAN:
    case DAFU_BLOCK_KIND_CLOSING:
    case DAFU_BLOCK_KIND_TEXT:
    default:
      return FALSE;
    }
}

/**
 * dafu_block_kind_for_clause:
 * @kind: a clause's kind
 * @text: (nullable): the clause's text, to tell a 抄送 line from a
 *   disclosure note
 *
 * Returns: the kind of block a clause of @kind makes
 */
DafuBlockKind
dafu_block_kind_for_clause (DafuClauseKind  kind,
                            const char     *text)
{
  switch (kind)
    {
    case DAFU_CLAUSE_KIND_OPENING:
      return DAFU_BLOCK_KIND_OPENING;
    case DAFU_CLAUSE_KIND_OVERVIEW:
      return DAFU_BLOCK_KIND_OVERVIEW;
    case DAFU_CLAUSE_KIND_MEASURE:
      return DAFU_BLOCK_KIND_MEASURE;
    case DAFU_CLAUSE_KIND_PROBLEM:
      return DAFU_BLOCK_KIND_PROBLEM;
    case DAFU_CLAUSE_KIND_PLAN:
      return DAFU_BLOCK_KIND_PLAN;
    case DAFU_CLAUSE_KIND_CLOSING:
      return DAFU_BLOCK_KIND_CLOSING;
    case DAFU_CLAUSE_KIND_SIGNATURE:
      return DAFU_BLOCK_KIND_SIGNATURE;
    case DAFU_CLAUSE_KIND_CONTACT:
      return DAFU_BLOCK_KIND_CONTACT;
    case DAFU_CLAUSE_KIND_FOOTER:
      {
        const char *p = text != NULL ? text : "";

        /* Leading white space and markdown marks from a converted file. */
        while (*p != '\0')
          {
            gunichar c = g_utf8_get_char_validated (p, -1);

            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0x3000 &&
                c != '*' && c != '#')
              break;
            p = g_utf8_next_char (p);
          }
        return g_str_has_prefix (p, "抄送") ? DAFU_BLOCK_KIND_CC : DAFU_BLOCK_KIND_PUBLIC_NOTE;
      }
    default:
      return DAFU_BLOCK_KIND_TEXT;
    }
}
