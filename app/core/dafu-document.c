/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-document"

#include "config.h"

#include "dafu-document.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dafu-placeholder.h"
#include "dafu-section.h"
#include "dafu-util.h"

/**
 * DafuDocument:
 *
 * A letter as the official layout sees it: its paragraphs in reading order,
 * each with the role that decides its font and place, and the title and
 * author that the exported file's metadata carry.
 */
struct _DafuDocument
{
  GObject    parent_instance;

  GPtrArray *parts;   /* of DafuDocPart */
  char      *title;   /* NULL: the first TITLE part's text */
  char      *author;  /* NULL: the first ISSUER part's text */
};

G_DEFINE_FINAL_TYPE (DafuDocument, dafu_document, G_TYPE_OBJECT)

/* A line longer than this (in characters) is a paragraph that starts with a
 * heading's number, not a heading: headings in replies run to about two
 * dozen characters. */
#define HEADING_MAX_CHARS 40

static void
doc_part_free (gpointer data)
{
  DafuDocPart *part = data;

  g_free (part->text);
  g_free (part);
}

static void
dafu_document_finalize (GObject *object)
{
  DafuDocument *self = (DafuDocument *) object;

  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->author, g_free);

  G_OBJECT_CLASS (dafu_document_parent_class)->finalize (object);
}

static void
dafu_document_class_init (DafuDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_document_finalize;
}

static void
dafu_document_init (DafuDocument *self)
{
  self->parts = g_ptr_array_new_with_free_func (doc_part_free);
}

/**
 * dafu_document_new:
 *
 * Returns: (transfer full): an empty document, to fill with
 *   dafu_document_append()
 */
DafuDocument *
dafu_document_new (void)
{
  return g_object_new (DAFU_TYPE_DOCUMENT, NULL);
}

/* ---------------------------------------------------------------------- */
/* Text helpers                                                           */

static gboolean
is_space (gunichar c)
{
  return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r';
}

/* The line without blanks at either end, and without the ASCII spaces that
 * PDF conversions leave between two Chinese characters (会议 第130号). */
static char *
clean_line (const char *line)
{
  GString *out = g_string_new (NULL);
  const char *p = line;
  gunichar prev = 0;

  while (*p != '\0' && is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      /* half-width punctuation after a Chinese character (,必须) */
      if (prev >= 0x2E80 && c < 0x80 && strchr (",;:!?", (int) c) != NULL && c != 0)
        {
          static const char * const wide[] = { "，", "；", "：", "！", "？" };

          g_string_append (out, wide[strchr (",;:!?", (int) c) - ",;:!?"]);
          prev = 0xFF0C;
          p++;
          continue;
        }
      if (c == ' ' && prev >= 0x2E80)
        {
          const char *q = p;

          while (*q == ' ')
            q++;
          if (g_utf8_get_char (q) >= 0x2E80)
            {
              p = q;
              continue;
            }
        }
      g_string_append_unichar (out, c);
      prev = c;
      p = g_utf8_next_char (p);
    }

  while (out->len > 0)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);

      if (last == NULL || !is_space (g_utf8_get_char (last)))
        break;
      g_string_truncate (out, last - out->str);
    }

  return g_string_free (out, FALSE);
}

/* Without the spaces that conversions leave next to a Chinese character
 * (每百户 30 平方米, 2. 稳步推进): in the official layout they would only
 * open gaps in the justified lines. */
static char *
squeeze_spaces (const char *text)
{
  GString *out = g_string_new (NULL);
  gunichar prev = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ')
        {
          const char *q = p;

          while (*q == ' ')
            q++;
          if ((prev >= 0x2E80 && *q != '\0') ||
              (prev != 0 && g_utf8_get_char (q) >= 0x2E80))
            {
              p = q - 1;
              continue;
            }
        }
      g_string_append_unichar (out, c);
      prev = c;
    }
  return g_string_free (out, FALSE);
}

static gboolean
has_prefix_any (const char         *text,
                const char * const *prefixes)
{
  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (text, prefixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
has_suffix_any (const char         *text,
                const char * const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (text, suffixes[i]))
      return TRUE;
  return FALSE;
}

static gboolean
is_chinese_numeral (gunichar c)
{
  return c != 0 && g_utf8_strchr ("一二三四五六七八九十百零〇", -1, c) != NULL;
}

/* A heading's text: no sentence ends inside, short. */
static gboolean
is_short_heading (const char *line)
{
  glong n = g_utf8_strlen (line, -1);
  const char *end;

  if (n > HEADING_MAX_CHARS)
    return FALSE;

  end = line + strlen (line);
  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B) &&
          g_utf8_next_char (p) != end)
        return FALSE;
    }
  return TRUE;
}

/**
 * dafu_doc_role_for_line:
 * @line: one line of a reply's body
 *
 * Reads a body line's heading number: 一、 (a first-level heading), （一）
 * (second level), 1. or 1． (third level). A line that runs on past its
 * heading into the paragraph (a sentence end inside, or longer than a
 * heading) is a body paragraph.
 *
 * Returns: %DAFU_DOC_ROLE_HEADING_1, _2, _3 or %DAFU_DOC_ROLE_BODY
 */
DafuDocRole
dafu_doc_role_for_line (const char *line)
{
  g_autofree char *clean = NULL;
  const char *p;
  gunichar c;
  DafuDocRole role = DAFU_DOC_ROLE_BODY;

  g_return_val_if_fail (line != NULL, DAFU_DOC_ROLE_BODY);

  clean = clean_line (line);
  p = clean;
  c = g_utf8_get_char (p);

  if (is_chinese_numeral (c))
    {
      while (is_chinese_numeral (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (g_utf8_get_char (p) == 0x3001) /* 、 */
        role = DAFU_DOC_ROLE_HEADING_1;
    }
  else if (c == 0xFF08 || c == '(') /* （ */
    {
      gboolean any = FALSE;

      p = g_utf8_next_char (p);
      while (is_chinese_numeral (g_utf8_get_char (p)))
        {
          any = TRUE;
          p = g_utf8_next_char (p);
        }
      c = g_utf8_get_char (p);
      if (any && (c == 0xFF09 || c == ')'))
        role = DAFU_DOC_ROLE_HEADING_2;
    }
  else if (g_ascii_isdigit (*p) ||
           (c >= 0xFF10 && c <= 0xFF19)) /* full-width digits */
    {
      while (g_ascii_isdigit (*p) ||
             (g_utf8_get_char (p) >= 0xFF10 && g_utf8_get_char (p) <= 0xFF19))
        p = g_utf8_next_char (p);
      c = g_utf8_get_char (p);
      /* 1. but not 1.5 */
      if ((c == '.' && !g_ascii_isdigit (p[1])) || c == 0xFF0E)
        role = DAFU_DOC_ROLE_HEADING_3;
    }

  if (role != DAFU_DOC_ROLE_BODY && !is_short_heading (clean))
    role = DAFU_DOC_ROLE_BODY;
  return role;
}

/**
 * dafu_doc_role_to_string:
 *
 * Returns: the role's name for tests and logs (`issuer`, `doc-number`, …)
 */
const char *
dafu_doc_role_to_string (DafuDocRole role)
{
  static const char * const names[] = {
    [DAFU_DOC_ROLE_ISSUER] = "issuer",
    [DAFU_DOC_ROLE_DOC_NUMBER] = "doc-number",
    [DAFU_DOC_ROLE_CATEGORY] = "category",
    [DAFU_DOC_ROLE_SIGNER] = "signer",
    [DAFU_DOC_ROLE_TITLE] = "title",
    [DAFU_DOC_ROLE_SALUTATION] = "salutation",
    [DAFU_DOC_ROLE_BODY] = "body",
    [DAFU_DOC_ROLE_HEADING_1] = "heading-1",
    [DAFU_DOC_ROLE_HEADING_2] = "heading-2",
    [DAFU_DOC_ROLE_HEADING_3] = "heading-3",
    [DAFU_DOC_ROLE_SIGNATURE] = "signature",
    [DAFU_DOC_ROLE_DATE] = "date",
    [DAFU_DOC_ROLE_NOTE] = "note",
    [DAFU_DOC_ROLE_CC] = "cc",
  };

  if ((guint) role >= G_N_ELEMENTS (names))
    return "unknown";
  return names[role];
}

/* ---------------------------------------------------------------------- */
/* Parts                                                                  */

/**
 * dafu_document_append:
 * @role: what the paragraph is
 * @text: its text; line breaks become separate paragraphs of the same
 *   role, blank lines are left out
 *
 * Appends a paragraph.
 */
void
dafu_document_append (DafuDocument *self,
                      DafuDocRole   role,
                      const char   *text)
{
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (DAFU_IS_DOCUMENT (self));
  g_return_if_fail ((guint) role <= DAFU_DOC_ROLE_CC);

  if (text == NULL)
    return;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (lines[i], -1);
      char *clean = clean_line (valid);
      DafuDocPart *part;

      if (*clean == '\0')
        {
          g_free (clean);
          continue;
        }
      if (role == DAFU_DOC_ROLE_TITLE || role == DAFU_DOC_ROLE_SALUTATION ||
          role == DAFU_DOC_ROLE_BODY || role == DAFU_DOC_ROLE_HEADING_1 ||
          role == DAFU_DOC_ROLE_HEADING_2 || role == DAFU_DOC_ROLE_HEADING_3)
        {
          char *squeezed = squeeze_spaces (clean);

          g_free (clean);
          clean = squeezed;
        }
      part = g_new0 (DafuDocPart, 1);
      part->role = role;
      part->text = clean;
      g_ptr_array_add (self->parts, part);
    }
}

guint
dafu_document_get_n_parts (DafuDocument *self)
{
  g_return_val_if_fail (DAFU_IS_DOCUMENT (self), 0);
  return self->parts->len;
}

/**
 * dafu_document_get_part:
 * @index: the paragraph's index
 *
 * Returns: (transfer none) (nullable): the paragraph, or %NULL past the end
 */
const DafuDocPart *
dafu_document_get_part (DafuDocument *self,
                        guint         index)
{
  g_return_val_if_fail (DAFU_IS_DOCUMENT (self), NULL);

  if (index >= self->parts->len)
    return NULL;
  return g_ptr_array_index (self->parts, index);
}

static const char *
first_of_role (DafuDocument *self,
               DafuDocRole   role)
{
  for (guint i = 0; i < self->parts->len; i++)
    {
      DafuDocPart *part = g_ptr_array_index (self->parts, i);

      if (part->role == role)
        return part->text;
    }
  return NULL;
}

/**
 * dafu_document_get_title:
 *
 * Returns: (nullable): the letter's title (its first title paragraph), for
 *   the exported file's metadata
 */
const char *
dafu_document_get_title (DafuDocument *self)
{
  g_return_val_if_fail (DAFU_IS_DOCUMENT (self), NULL);

  if (self->title != NULL)
    return self->title;
  return first_of_role (self, DAFU_DOC_ROLE_TITLE);
}

/**
 * dafu_document_get_author:
 *
 * Returns: (nullable): the issuing office, for the exported file's metadata
 */
const char *
dafu_document_get_author (DafuDocument *self)
{
  g_return_val_if_fail (DAFU_IS_DOCUMENT (self), NULL);

  if (self->author != NULL)
    return self->author;
  return first_of_role (self, DAFU_DOC_ROLE_ISSUER);
}

/**
 * dafu_document_to_text:
 *
 * Returns: (transfer full): the letter as plain text, one paragraph a
 *   line, each line ended by a newline
 */
char *
dafu_document_to_text (DafuDocument *self)
{
  GString *out;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (self), g_strdup (""));

  out = g_string_new (NULL);
  for (guint i = 0; i < self->parts->len; i++)
    {
      DafuDocPart *part = g_ptr_array_index (self->parts, i);

      g_string_append (out, part->text);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------------- */
/* From a draft or a letter                                               */

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_space (g_utf8_get_char (p)) && *p != '\n')
      return FALSE;
  return TRUE;
}

/* （…） around a note that has no parentheses yet; ASCII ones become
 * full-width. */
static char *
wrap_note (const char *text)
{
  g_autofree char *clean = clean_line (text);
  gsize len = strlen (clean);

  if (len == 0)
    return g_strdup ("");
  if (clean[0] == '(' && clean[len - 1] == ')')
    {
      clean[len - 1] = '\0';
      return g_strdup_printf ("（%s）", clean + 1);
    }
  if (g_str_has_prefix (clean, "（") && g_str_has_suffix (clean, "）"))
    return g_steal_pointer (&clean);
  return g_strdup_printf ("（%s）", clean);
}

/* A line such as 2025年9月4日 (a date alone, not 2024年5月8日印发). */
static gboolean
is_date_line (const char *line)
{
  g_autofree char *clean = clean_line (line);
  const char *p = clean;
  guint parts = 0;

  while (*p != '\0')
    {
      const char *start = p;
      gunichar c;

      while (g_ascii_isdigit (*p) || g_utf8_get_char (p) == 0x3007 ||
             is_chinese_numeral (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (p == start)
        return FALSE;
      c = g_utf8_get_char (p);
      if (c != 0x5E74 && c != 0x6708 && c != 0x65E5) /* 年 月 日 */
        return FALSE;
      parts++;
      p = g_utf8_next_char (p);
      if (c == 0x65E5)
        break;
    }
  return parts == 3 && *p == '\0';
}

static void
append_body_lines (DafuDocument *self,
                   const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (is_blank (lines[i]))
        continue;
      dafu_document_append (self, dafu_doc_role_for_line (lines[i]), lines[i]);
    }
}

static void
append_note_lines (DafuDocument *self,
                   const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *note = NULL;

      if (is_blank (lines[i]))
        continue;
      note = wrap_note (lines[i]);
      dafu_document_append (self, DAFU_DOC_ROLE_NOTE, note);
    }
}

static void
append_signature_lines (DafuDocument *self,
                        const char   *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (is_blank (lines[i]))
        continue;
      dafu_document_append (self,
                            is_date_line (lines[i]) ? DAFU_DOC_ROLE_DATE : DAFU_DOC_ROLE_SIGNATURE,
                            lines[i]);
    }
}

/* Joins a block's lines into one paragraph (a title or salutation that
 * the clerk broke). */
static char *
join_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *clean = clean_line (lines[i]);

      g_string_append (out, clean);
    }
  return g_string_free (out, FALSE);
}

static void
append_header (DafuDocument *self,
               const char   *issuer,
               const char   *doc_number,
               const char   *category,
               const char   *signer)
{
  if (!is_blank (issuer))
    dafu_document_append (self, DAFU_DOC_ROLE_ISSUER, issuer);
  if (!is_blank (doc_number))
    dafu_document_append (self, DAFU_DOC_ROLE_DOC_NUMBER, doc_number);
  if (!is_blank (category))
    dafu_document_append (self, DAFU_DOC_ROLE_CATEGORY, category);
  if (!is_blank (signer))
    {
      g_autofree char *line = g_strdup_printf ("签发人：%s", signer);

      dafu_document_append (self, DAFU_DOC_ROLE_SIGNER, line);
    }
}

static char *
format_names (GPtrArray *names)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0)
        g_string_append (out, "、");
      g_string_append_printf (out, "{%s}", (const char *) g_ptr_array_index (names, i));
    }
  return g_string_free (out, FALSE);
}

/**
 * dafu_document_new_from_draft:
 * @draft: a draft whose placeholders are all filled
 * @error: set to %G_IO_ERROR_INVALID_DATA, naming them, when some
 *   placeholder is left unfilled
 *
 * Lays a draft's blocks out as a document: the issuer, 文号, category and
 * 签发人 from its fields, then its blocks in order, rendered: the title,
 * the salutation, the body line by line (headings by their numbers), the
 * signature (issuer and date), the notes in parentheses and 抄送.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL on error
 */
DafuDocument *
dafu_document_new_from_draft (DafuDraft  *draft,
                              GError    **error)
{
  g_autoptr(DafuDocument) self = NULL;
  g_autoptr(GPtrArray) unfilled = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (DAFU_IS_DRAFT (draft), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = dafu_document_new ();
  append_header (self,
                 dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ISSUER),
                 dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER),
                 dafu_draft_get_field (draft, DAFU_LETTER_FIELD_CATEGORY),
                 dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SIGNER));

  n = dafu_draft_get_n_blocks (draft);
  for (guint i = 0; i < n; i++)
    {
      DafuDraftBlock *block = dafu_draft_get_block (draft, i);
      g_autofree char *text = dafu_draft_render_block (draft, i, &unfilled);

      if (block == NULL || is_blank (text))
        continue;

      switch (dafu_draft_block_get_kind (block))
        {
        case DAFU_BLOCK_KIND_TITLE:
          {
            g_autofree char *title = join_lines (text);

            dafu_document_append (self, DAFU_DOC_ROLE_TITLE, title);
          }
          break;

        case DAFU_BLOCK_KIND_SALUTATION:
          {
            g_autofree char *salutation = join_lines (text);

            dafu_document_append (self, DAFU_DOC_ROLE_SALUTATION, salutation);
          }
          break;

        case DAFU_BLOCK_KIND_SIGNATURE:
          append_signature_lines (self, text);
          break;

        case DAFU_BLOCK_KIND_CONTACT:
        case DAFU_BLOCK_KIND_PUBLIC_NOTE:
          append_note_lines (self, text);
          break;

        case DAFU_BLOCK_KIND_CC:
          dafu_document_append (self, DAFU_DOC_ROLE_CC, text);
          break;

        case DAFU_BLOCK_KIND_OPENING:
        case DAFU_BLOCK_KIND_OVERVIEW:
        case DAFU_BLOCK_KIND_MEASURE:
        case DAFU_BLOCK_KIND_PROBLEM:
        case DAFU_BLOCK_KIND_PLAN:
        case DAFU_BLOCK_KIND_CLOSING:
        case DAFU_BLOCK_KIND_TEXT:
        default:
          append_body_lines (self, text);
          break;
        }
    }

  if (unfilled->len > 0)
    {
      g_autofree char *names = format_names (unfilled);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s lists placeholders, such as {代表}、{建议编号} */
                   g_dngettext (GETTEXT_PACKAGE, "The draft has a placeholder left to fill: %s",
                                "The draft has placeholders left to fill: %s",
                                unfilled->len),
                   names);
      return NULL;
    }

  if (!is_blank (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ISSUER)))
    self->author = clean_line (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ISSUER));

  return g_steal_pointer (&self);
}

static const char * const salutation_ends[] = { "代表：", "委员：", "代表:", "委员:", NULL };
static const char * const title_starts[] = { "关于", "对", NULL };
static const char * const title_ends[] = { "答复", "答复函", NULL };

/* The lines that end a reply's body: the closing block's contact lines,
 * the signature and the footer. */
static const char * const closing_starts[] = {
  "负责人", "承办人", "联系人", "联系电话", "联系单位", "联系方式", "(联系", "（联系",
  "抄送", "附件", "（此件", "(此件", "此件", NULL
};
static const char * const contact_starts[] = {
  "负责人", "承办人", "联系人", "联系电话", "联系单位", "联系方式", "(联系", "（联系", NULL
};

/* The value after 负责人： and the like; "" when the line gives none. */
static const char *
label_value (const char *line)
{
  const char *colon = strstr (line, "：");

  if (colon != NULL)
    return colon + strlen ("：");
  colon = strchr (line, ':');
  if (colon != NULL)
    return colon + 1;
  return line;
}

static gboolean
is_signature_line (const char *line,
                   const char *issuer)
{
  if (is_date_line (line))
    return TRUE;
  return issuer != NULL && *issuer != '\0' && g_str_has_suffix (line, issuer) &&
         g_utf8_strlen (line, -1) <= g_utf8_strlen (issuer, -1) + 6;
}

/* Where a section's first line is in @lines, from @from on; -1 if nowhere. */
static gint
find_line (GPtrArray  *lines,
           guint       from,
           const char *text)
{
  g_autofree char *head = NULL;
  g_autofree char *first = NULL;

  if (text == NULL)
    return -1;
  head = g_strndup (text, strcspn (text, "\n"));
  first = clean_line (head);
  if (*first == '\0')
    return -1;
  for (guint i = from; i < lines->len; i++)
    if (strcmp (g_ptr_array_index (lines, i), first) == 0)
      return i;
  return -1;
}

/**
 * dafu_document_new_from_letter:
 * @letter: a letter of the library
 *
 * Lays a stored letter out as a document: the issuer, 文号, category and
 * 签发人 from its fields; the reply's title line from its text (关于…的答复,
 * else 关于《title》的答复 from the suggestion's title); the salutation; the
 * body between the salutation and the closing block, line by line; the
 * issuer and the date as the signature; the contact lines and the
 * disclosure note as notes; 抄送.
 *
 * Returns: (transfer full): the document (never %NULL; a letter without a
 *   text gives the header, the title and the signature)
 */
DafuDocument *
dafu_document_new_from_letter (DafuLetter *letter)
{
  g_autoptr(DafuDocument) self = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  const char *issuer;
  const char *text;
  const char *note;
  const char *cc;
  GListModel *sections;
  gint salutation = -1;
  gint title_line = -1;
  guint body_end;

  g_return_val_if_fail (DAFU_IS_LETTER (letter), NULL);

  self = dafu_document_new ();
  issuer = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ISSUER);
  append_header (self, issuer,
                 dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER),
                 dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CATEGORY),
                 dafu_letter_get_field (letter, DAFU_LETTER_FIELD_SIGNER));
  if (!is_blank (issuer))
    self->author = clean_line (issuer);

  text = dafu_letter_get_text (letter);
  raw = g_strsplit (text != NULL ? text : "", "\n", -1);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      g_autofree char *valid = g_utf8_make_valid (raw[i], -1);
      char *clean = clean_line (valid);

      if (*clean == '\0')
        g_free (clean);
      else
        g_ptr_array_add (lines, clean);
    }

  /* The salutation: the first line that ends in 代表：/委员：. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (has_suffix_any (line, salutation_ends) && g_utf8_strlen (line, -1) <= 30)
        {
          salutation = i;
          break;
        }
    }

  /* The reply's own title: the last 关于…答复 line before the salutation
   * (the letter's title field is the suggestion's). */
  for (gint i = (salutation >= 0 ? salutation : (gint) lines->len) - 1; i >= 0; i--)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (has_prefix_any (line, title_starts) && has_suffix_any (line, title_ends))
        {
          title_line = i;
          break;
        }
    }
  if (title_line >= 0)
    title = g_strdup (g_ptr_array_index (lines, title_line));
  else if (!is_blank (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_TITLE)))
    title = g_strdup_printf ("关于《%s》的答复",
                             dafu_letter_get_field (letter, DAFU_LETTER_FIELD_TITLE));
  if (title != NULL)
    dafu_document_append (self, DAFU_DOC_ROLE_TITLE, title);

  if (salutation >= 0)
    dafu_document_append (self, DAFU_DOC_ROLE_SALUTATION, g_ptr_array_index (lines, salutation));

  /* The body ends at the closing block: the first line of the parser's
   * signature or footer section, or a contact, signature, 抄送 or date line,
   * whichever comes first. */
  body_end = lines->len;
  sections = dafu_letter_get_sections (letter);
  if (salutation >= 0)
    {
      guint n = g_list_model_get_n_items (sections);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DafuSection) section = g_list_model_get_item (sections, i);
          DafuSectionKind kind = dafu_section_get_kind (section);
          gint at;

          if (kind != DAFU_SECTION_KIND_SIGNATURE && kind != DAFU_SECTION_KIND_FOOTER)
            continue;
          at = find_line (lines, salutation + 1, dafu_section_get_text (section));
          if (at >= 0 && (guint) at < body_end)
            body_end = at;
        }
      for (guint i = salutation + 1; i < body_end; i++)
        {
          const char *line = g_ptr_array_index (lines, i);

          if (has_prefix_any (line, closing_starts) || is_signature_line (line, issuer))
            {
              body_end = i;
              break;
            }
        }
      for (guint i = salutation + 1; i < body_end; i++)
        {
          const char *line = g_ptr_array_index (lines, i);

          dafu_document_append (self, dafu_doc_role_for_line (line), line);
        }
    }
  else
    body_end = 0;

  /* The closing block's contact lines (负责人, 承办人, 联系…) that say
   * something, joined into one note. */
  for (guint i = body_end; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autofree char *inner = NULL;
      const char *value;

      if (!has_prefix_any (line, contact_starts))
        continue;
      inner = wrap_note (line);
      /* strip the parentheses back off to join */
      inner[strlen (inner) - strlen ("）")] = '\0';
      value = label_value (inner + strlen ("（"));
      if (is_blank (value))
        continue;
      g_ptr_array_add (contacts, g_strdup (inner + strlen ("（")));
    }

  /* Signature and date */
  if (!is_blank (issuer))
    dafu_document_append (self, DAFU_DOC_ROLE_SIGNATURE, issuer);
  date = dafu_placeholders_format_date (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE));
  if (date == NULL && !is_blank (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE)))
    date = g_strdup (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_DATE));
  if (date != NULL)
    dafu_document_append (self, DAFU_DOC_ROLE_DATE, date);

  /* Notes: the contact lines as the letter words them, else from the
   * fields; then the disclosure note. */
  if (contacts->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *wrapped = NULL;

      g_ptr_array_add (contacts, NULL);
      joined = g_strjoinv ("，", (char **) contacts->pdata);
      wrapped = wrap_note (joined);
      dafu_document_append (self, DAFU_DOC_ROLE_NOTE, wrapped);
    }
  else
    {
      const char *contact = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CONTACT);
      const char *phone = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CONTACT_PHONE);
      g_autofree char *line = NULL;

      if (!is_blank (contact) && !is_blank (phone))
        line = g_strdup_printf ("（联系人：%s，联系电话：%s）", contact, phone);
      else if (!is_blank (contact))
        line = g_strdup_printf ("（联系人：%s）", contact);
      else if (!is_blank (phone))
        line = g_strdup_printf ("（联系电话：%s）", phone);
      if (line != NULL)
        dafu_document_append (self, DAFU_DOC_ROLE_NOTE, line);
    }

  note = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_PUBLIC_NOTE);
  if (!is_blank (note))
    {
      g_autofree char *wrapped = wrap_note (note);

      dafu_document_append (self, DAFU_DOC_ROLE_NOTE, wrapped);
    }

  cc = dafu_letter_get_field (letter, DAFU_LETTER_FIELD_CC);
  if (!is_blank (cc))
    {
      g_autofree char *clean = clean_line (cc);
      g_autofree char *line = NULL;

      if (g_str_has_prefix (clean, "抄送"))
        line = g_strdup (clean);
      else
        line = g_strdup_printf ("抄送：%s%s", clean, g_str_has_suffix (clean, "。") ? "" : "。");
      dafu_document_append (self, DAFU_DOC_ROLE_CC, line);
    }

  return g_steal_pointer (&self);
}
