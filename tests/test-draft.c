/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dafu-checks.h"
#include "dafu-consultation.h"
#include "dafu-draft.h"
#include "dafu-enums.h"
#include "dafu-placeholder.h"
#include "dafu-test-util.h"

/* A draft: its blocks, the standard parts written from its fields, undo,
 * rendering and the checks the clerk sees before the reply goes out. */

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
set_fields_from (DafuDraft  *draft,
                 DafuLetter *letter)
{
  for (guint f = 0; f < DAFU_LETTER_N_FIELDS; f++)
    dafu_draft_set_field (draft, f, dafu_letter_get_field (letter, f));
}

static DafuDraftBlock *
append (DafuDraft     *draft,
        DafuBlockKind  kind,
        const char    *text)
{
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (kind, text);

  dafu_draft_insert_block (draft, dafu_draft_get_n_blocks (draft), block);
  return block;
}

static void
insert_new (DafuDraft     *draft,
            guint          position,
            DafuBlockKind  kind,
            const char    *text)
{
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (kind, text);

  dafu_draft_insert_block (draft, position, block);
}

static guint
find_kind (DafuDraft     *draft,
           DafuBlockKind  kind)
{
  for (guint i = 0; i < dafu_draft_get_n_blocks (draft); i++)
    if (dafu_draft_block_get_kind (dafu_draft_get_block (draft, i)) == kind)
      return i;
  return G_MAXUINT;
}

static char *
rendered_kind (DafuDraft     *draft,
               DafuBlockKind  kind)
{
  guint i = find_kind (draft, kind);

  g_assert_cmpuint (i, !=, G_MAXUINT);
  return dafu_draft_render_block (draft, i, NULL);
}

static void
dump_issues (const char *what,
             GPtrArray  *issues)
{
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("%s: kind %d block %d [%u, %u) %s", what, issue->kind, issue->block,
                      issue->start, issue->end, issue->message);
    }
}

/* ---------------------------------------------------------------------- */

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_block_kinds (void)
{
  g_autoptr(DafuDraftBlock) block = dafu_draft_block_new (DAFU_BLOCK_KIND_MEASURE, "一、…");
  g_autoptr(DafuDraftBlock) copy = NULL;
  GEnumClass *enum_class = g_type_class_ref (DAFU_TYPE_BLOCK_KIND);
  DafuBlockKind kind;
  guint notified = 0;

  for (guint k = 0; k < DAFU_BLOCK_N_KINDS; k++)
    {
      const char *id = dafu_block_kind_to_string (k);

      g_assert_nonnull (id);
      g_assert_true (dafu_block_kind_from_string (id, &kind));
      g_assert_cmpint (kind, ==, k);
      g_assert_nonnull (dafu_block_kind_get_label (k));
      g_assert_cmpstr (dafu_block_kind_get_label (k), !=, "");
      g_assert_nonnull (g_enum_get_value (enum_class, k));
    }
  g_assert_cmpstr (dafu_block_kind_to_string (DAFU_BLOCK_KIND_PUBLIC_NOTE), ==, "public-note");
  g_assert_cmpstr (dafu_block_kind_to_string (DAFU_BLOCK_KIND_TEXT), ==, "text");
  g_type_class_unref (enum_class);
  g_assert_null (dafu_block_kind_to_string (DAFU_BLOCK_N_KINDS));
  g_assert_false (dafu_block_kind_from_string ("Title", NULL));
  g_assert_false (dafu_block_kind_from_string (NULL, NULL));

  g_assert_true (dafu_block_kind_is_generated (DAFU_BLOCK_KIND_TITLE));
  g_assert_true (dafu_block_kind_is_generated (DAFU_BLOCK_KIND_CC));
  g_assert_true (dafu_block_kind_is_generated (DAFU_BLOCK_KIND_PUBLIC_NOTE));
  g_assert_false (dafu_block_kind_is_generated (DAFU_BLOCK_KIND_OPENING));
  g_assert_false (dafu_block_kind_is_generated (DAFU_BLOCK_KIND_TEXT));

  g_assert_cmpint (dafu_block_kind_for_clause (DAFU_CLAUSE_KIND_PLAN, "下一步"), ==, DAFU_BLOCK_KIND_PLAN);
  g_assert_cmpint (dafu_block_kind_for_clause (DAFU_CLAUSE_KIND_FOOTER, "抄送：市政府督查室"), ==,
                   DAFU_BLOCK_KIND_CC);
  g_assert_cmpint (dafu_block_kind_for_clause (DAFU_CLAUSE_KIND_FOOTER, "  抄送：市政府督查室"), ==,
                   DAFU_BLOCK_KIND_CC);
  g_assert_cmpint (dafu_block_kind_for_clause (DAFU_CLAUSE_KIND_FOOTER, "（此件公开发布）"), ==,
                   DAFU_BLOCK_KIND_PUBLIC_NOTE);
  g_assert_cmpint (dafu_block_kind_for_clause (DAFU_CLAUSE_KIND_FOOTER, NULL), ==,
                   DAFU_BLOCK_KIND_PUBLIC_NOTE);

  /* The draft's setters notify. */
  g_signal_connect (block, "notify::text", G_CALLBACK (count_notify), &notified);
  _dafu_draft_block_set_text (block, "二、…");
  g_assert_cmpuint (notified, ==, 1);
  _dafu_draft_block_set_text (block, "二、…");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (dafu_draft_block_get_text (block), ==, "二、…");

  dafu_draft_block_set_clause_id (block, 7);
  _dafu_draft_block_set_generated (block, TRUE);
  copy = dafu_draft_block_copy (block);
  g_assert_cmpint (dafu_draft_block_get_kind (copy), ==, DAFU_BLOCK_KIND_MEASURE);
  g_assert_cmpstr (dafu_draft_block_get_text (copy), ==, "二、…");
  g_assert_cmpint (dafu_draft_block_get_clause_id (copy), ==, 7);
  g_assert_true (dafu_draft_block_get_generated (copy));

  /* Bad input is no crash. */
  g_clear_object (&copy);
  copy = dafu_draft_block_new (DAFU_BLOCK_N_KINDS + 3, "\xff\xfe");
  g_assert_cmpint (dafu_draft_block_get_kind (copy), ==, DAFU_BLOCK_KIND_TEXT);
  g_assert_true (g_utf8_validate (dafu_draft_block_get_text (copy), -1, NULL));
}

/* The standard parts of the Xianyang 39 reply, from its fields. */
static void
test_standard_parts (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  static const DafuBlockKind order[] = {
    DAFU_BLOCK_KIND_TITLE, DAFU_BLOCK_KIND_SALUTATION, DAFU_BLOCK_KIND_OPENING,
    DAFU_BLOCK_KIND_SIGNATURE, DAFU_BLOCK_KIND_CONTACT, DAFU_BLOCK_KIND_CC,
  };
  char *s;

  set_fields_from (draft, letter);
  append (draft, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。");
  dafu_draft_add_standard_parts (draft);

  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      DafuDraftBlock *block = dafu_draft_get_block (draft, i);

      g_assert_cmpint (dafu_draft_block_get_kind (block), ==, order[i]);
      g_assert_true (dafu_draft_block_get_generated (block) == (order[i] != DAFU_BLOCK_KIND_OPENING));
    }

  s = rendered_kind (draft, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpstr (s, ==, "关于市九届人大四次会议第304号建议的答复");
  g_free (s);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SALUTATION);
  g_assert_cmpstr (s, ==, "尊敬的刘亚宁代表：");
  g_free (s);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SIGNATURE);
  g_assert_cmpstr (s, ==, "咸阳市民政局\n2024年5月8日");
  g_free (s);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_CONTACT);
  g_assert_cmpstr (s, ==, "（联系人：市民政局社会福利科，联系电话：38990021）");
  g_free (s);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_CC);
  g_assert_cmpstr (s, ==, "抄送：市委市政府督查室、市人大办公室（代工委）。");
  g_free (s);

  /* The generated text keeps its placeholders. */
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==,
                   "关于{会议}第{建议编号}号建议的答复");

  s = dafu_draft_render_text (draft, NULL);
  g_assert_cmpstr (s, ==,
                   "关于市九届人大四次会议第304号建议的答复\n\n"
                   "尊敬的刘亚宁代表：\n\n"
                   "您提出的《关于推进社区居家养老服务体系建设的建议》收悉。\n\n"
                   "咸阳市民政局\n2024年5月8日\n\n"
                   "（联系人：市民政局社会福利科，联系电话：38990021）\n\n"
                   "抄送：市委市政府督查室、市人大办公室（代工委）。");
  g_free (s);

  /* Twice adds nothing. */
  dafu_draft_add_standard_parts (draft);
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, G_N_ELEMENTS (order));

  /* The disclosure note, last, once its field is set. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE, "此件公开发布");
  dafu_draft_add_standard_parts (draft);
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, G_N_ELEMENTS (order) + 1);
  s = dafu_draft_render_block (draft, G_N_ELEMENTS (order), NULL);
  g_assert_cmpstr (s, ==, "此件公开发布");
  g_free (s);

  s = dafu_draft_dup_display_title (draft);
  g_assert_cmpstr (s, ==, "关于市九届人大四次会议第304号建议的答复");
  g_free (s);
}

static void
test_generated_variants (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  char *s;

  /* Nothing known: placeholders the checks point at. */
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpstr (s, ==, "关于{会议}第{建议编号}号建议的答复");
  g_free (s);
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_CONTACT);
  g_assert_cmpstr (s, ==, "（联系人：{联系人}，联系电话：{联系电话}）");
  g_free (s);
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_CC);
  g_assert_cmpstr (s, ==, "");
  g_free (s);
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_MEASURE);
  g_assert_cmpstr (s, ==, "");
  g_free (s);
  s = dafu_draft_dup_display_title (draft);
  g_assert_cmpstr (s, !=, "");
  g_assert_null (strchr (s, '{'));
  g_free (s);

  /* Only the suggestion's title. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于加强居家养老服务的建议");
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpstr (s, ==, "关于《{建议标题}》的答复");
  g_free (s);
  s = dafu_draft_dup_display_title (draft);
  g_assert_cmpstr (s, ==, "关于《关于加强居家养老服务的建议》的答复");
  g_free (s);

  /* A number without the session. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "12");
  s = dafu_draft_generate_part (draft, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpstr (s, ==, "关于第{建议编号}号建议的答复");
  g_free (s);

  /* A proposal goes to a 委员. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市政协十届三次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_KIND, "proposal");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "王某");
  dafu_draft_add_standard_parts (draft);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpstr (s, ==, "关于市政协十届三次会议第12号提案的答复");
  g_free (s);
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SALUTATION);
  g_assert_cmpstr (s, ==, "尊敬的王某委员：");
  g_free (s);

  /* The role decides for a suggestion too. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_KIND, "suggestion");
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SALUTATION);
  g_assert_cmpstr (s, ==, "尊敬的王某代表：");
  g_free (s);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "委员");
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SALUTATION);
  g_assert_cmpstr (s, ==, "尊敬的王某委员：");
  g_free (s);

  /* Only the parts of the contact that exist. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, "2566249");
  s = rendered_kind (draft, DAFU_BLOCK_KIND_CONTACT);
  g_assert_cmpstr (s, ==, "（联系电话：2566249）");
  g_free (s);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, NULL);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "养老服务科");
  s = rendered_kind (draft, DAFU_BLOCK_KIND_CONTACT);
  g_assert_cmpstr (s, ==, "（联系人：养老服务科）");
  g_free (s);

  /* The signature: issuer, then the date as a letter writes it. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "晋城市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  s = rendered_kind (draft, DAFU_BLOCK_KIND_SIGNATURE);
  g_assert_cmpstr (s, ==, "晋城市民政局\n2026年11月23日");
  g_free (s);
}

/* A field change rewrites a generated block, not one the clerk edited. */
static void
test_regenerate (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  DafuDraftBlock *salutation, *title;
  guint64 revision;
  guint position;

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "刘亚宁");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于推进社区居家养老服务体系建设的建议");
  dafu_draft_add_standard_parts (draft);
  title = dafu_draft_get_block (draft, find_kind (draft, DAFU_BLOCK_KIND_TITLE));
  salutation = dafu_draft_get_block (draft, find_kind (draft, DAFU_BLOCK_KIND_SALUTATION));
  g_assert_cmpstr (dafu_draft_block_get_text (title), ==, "关于《{建议标题}》的答复");

  /* The number changes the title's form. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "304");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市九届人大四次会议");
  g_assert_cmpstr (dafu_draft_block_get_text (title), ==, "关于{会议}第{建议编号}号建议的答复");
  g_assert_true (dafu_draft_block_get_generated (title));

  /* Undoing the field restores the block too. */
  g_assert_true (dafu_draft_undo (draft));
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (title), ==, "关于《{建议标题}》的答复");
  g_assert_null (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER));
  g_assert_true (dafu_draft_redo (draft));
  g_assert_true (dafu_draft_redo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (title), ==, "关于{会议}第{建议编号}号建议的答复");

  /* Setting the same text is no edit. */
  position = dafu_draft_find_block (draft, salutation);
  revision = dafu_draft_get_revision (draft);
  dafu_draft_set_block_text (draft, position, "尊敬的{代表}代表：");
  g_assert_true (dafu_draft_block_get_generated (salutation));
  g_assert_cmpuint (dafu_draft_get_revision (draft), ==, revision);

  /* The clerk edits the salutation: it is hers now. */
  dafu_draft_set_block_text (draft, position, "{代表}代表：");
  g_assert_false (dafu_draft_block_get_generated (salutation));
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_KIND, "proposal");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "委员");
  g_assert_cmpstr (dafu_draft_block_get_text (salutation), ==, "{代表}代表：");
  g_assert_cmpstr (dafu_draft_block_get_text (title), ==, "关于{会议}第{建议编号}号提案的答复");

  /* Undone back to before her edit, it is generated again. */
  g_assert_true (dafu_draft_undo (draft));
  g_assert_true (dafu_draft_undo (draft));
  g_assert_true (dafu_draft_undo (draft));
  g_assert_true (dafu_draft_block_get_generated (salutation));
  g_assert_cmpstr (dafu_draft_block_get_text (salutation), ==, "尊敬的{代表}代表：");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "委员");
  g_assert_cmpstr (dafu_draft_block_get_text (salutation), ==, "尊敬的{代表}委员：");
}

typedef struct {
  guint changed;
  guint can_undo;
  guint can_redo;
  guint revision;
  guint items_changed;
  guint text;
  guint field_changed;
  guint last_field;
} Counts;

static void
on_changed (DafuDraft *draft,
            Counts    *counts)
{
  counts->changed++;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Counts     *counts)
{
  if (g_str_equal (pspec->name, "can-undo"))
    counts->can_undo++;
  else if (g_str_equal (pspec->name, "can-redo"))
    counts->can_redo++;
  else if (g_str_equal (pspec->name, "revision"))
    counts->revision++;
  else if (g_str_equal (pspec->name, "text"))
    counts->text++;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *counts)
{
  counts->items_changed++;
}

static void
on_field_changed (DafuDraft *draft,
                  guint      field,
                  Counts    *counts)
{
  counts->field_changed++;
  counts->last_field = field;
}

/* Every kind of change, undone and redone back and forth to the exact same
 * states. */
static void
test_undo_redo (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DafuClause) clause = dafu_clause_new (DAFU_CLAUSE_KIND_MEASURE, "设施",
                                                  "我们在{会议}后新建{试点数}个助餐点。");
  DafuDraftBlock *removed;

  dafu_clause_set_id (clause, 17);
  guint64 revision;
  guint position;

  set_fields_from (draft, letter);
  dafu_draft_add_standard_parts (draft);
  dafu_draft_clear_undo (draft);
  g_assert_false (dafu_draft_can_undo (draft));


  {
    char *text;

#define SNAP() \
    text = dafu_draft_render_text (draft, NULL); \
    g_ptr_array_add (states, g_strdup_printf ("%s|%s|%s|%s|%u", text, dafu_draft_get_points (draft), \
                                              dafu_draft_get_value (draft, "试点数") ?: "", \
                                              dafu_draft_block_get_generated (dafu_draft_get_block (draft, 1)) ? "g" : "e", \
                                              dafu_draft_get_n_blocks (draft))); \
    g_free (text)

    SNAP ();
    append (draft, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。");
    SNAP ();
    dafu_draft_move_block (draft, dafu_draft_get_n_blocks (draft) - 1, 2);
    SNAP ();
    position = dafu_draft_insert_clause (draft, G_MAXUINT, clause);
    g_assert_cmpuint (position, ==, 3);
    g_assert_cmpint (dafu_draft_block_get_clause_id (dafu_draft_get_block (draft, 3)), ==, 17);
    SNAP ();
    dafu_draft_set_value (draft, "试点数", "25");
    SNAP ();
    dafu_draft_set_block_text (draft, 3, "我们新建了{试点数}个助餐点。");
    SNAP ();
    dafu_draft_break_undo_group (draft);
    dafu_draft_set_block_text (draft, 1, "刘亚宁代表：");
    SNAP ();
    dafu_draft_set_block_kind (draft, 3, DAFU_BLOCK_KIND_PLAN);
    SNAP ();
    dafu_draft_set_points (draft, "1. 推进设施建设\n2. 优化服务供给");
    SNAP ();
    dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "305");
    SNAP ();
    removed = g_object_ref (dafu_draft_get_block (draft, 2));
    dafu_draft_remove_block (draft, 2);
    SNAP ();
    dafu_draft_move_block (draft, 0, 3);
    SNAP ();
  }

  /* Back to the start, checking each state … */
  revision = dafu_draft_get_revision (draft);
  for (guint i = states->len - 1; i > 0; i--)
    {
      char *text;

      g_assert_true (dafu_draft_can_undo (draft));
      g_assert_true (dafu_draft_undo (draft));
      SNAP ();
      g_assert_cmpstr (g_ptr_array_index (states, states->len - 1), ==, g_ptr_array_index (states, i - 1));
      g_ptr_array_remove_index (states, states->len - 1);
    }
  g_assert_false (dafu_draft_undo (draft));
  g_assert_cmpuint (dafu_draft_get_revision (draft), >, revision);
  /* The removed block came back as the same object. */
  g_assert_cmpuint (dafu_draft_find_block (draft, removed), ==, G_MAXUINT);
  g_assert_true (dafu_draft_redo (draft));
  g_assert_true (dafu_draft_redo (draft));
  g_assert_true (dafu_draft_redo (draft));
  g_assert_cmpuint (dafu_draft_find_block (draft, removed), ==, 2);
  g_object_unref (removed);

  /* … forwards, backwards and forwards again land on the same texts. */
  {
    g_autofree char *end = NULL;
    g_autofree char *start = NULL;
    g_autofree char *again = NULL;

    while (dafu_draft_redo (draft))
      ;
    end = dafu_draft_render_text (draft, NULL);
    while (dafu_draft_undo (draft))
      ;
    start = dafu_draft_render_text (draft, NULL);
    g_assert_cmpstr (start, !=, end);
    while (dafu_draft_redo (draft))
      ;
    again = dafu_draft_render_text (draft, NULL);
    g_assert_cmpstr (again, ==, end);
    g_assert_false (dafu_draft_can_redo (draft));
  }

  /* A new change clears what could be redone. */
  g_assert_true (dafu_draft_undo (draft));
  g_assert_true (dafu_draft_can_redo (draft));
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CC, "市政府督查室");
  g_assert_false (dafu_draft_can_redo (draft));
#undef SNAP
}

/* Consecutive text edits of one block are one step. */
static void
test_coalesce (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();

  append (draft, DAFU_BLOCK_KIND_TEXT, "近年来");
  append (draft, DAFU_BLOCK_KIND_TEXT, "下一步");
  dafu_draft_clear_undo (draft);

  dafu_draft_set_block_text (draft, 0, "近年来，");
  dafu_draft_set_block_text (draft, 0, "近年来，我市");
  dafu_draft_set_block_text (draft, 0, "近年来，我市坚持");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, "近年来");
  g_assert_false (dafu_draft_can_undo (draft));
  g_assert_true (dafu_draft_redo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, "近年来，我市坚持");

  /* Not after a redo, nor across blocks, nor after a break. */
  dafu_draft_set_block_text (draft, 0, "近年来，我市坚持以");
  dafu_draft_set_block_text (draft, 1, "下一步，");
  dafu_draft_set_block_text (draft, 0, "近年来，我市坚持以人");
  dafu_draft_break_undo_group (draft);
  dafu_draft_set_block_text (draft, 0, "近年来，我市坚持以人民");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, "近年来，我市坚持以人");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, "近年来，我市坚持以");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 1)), ==, "下一步");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), ==, "近年来，我市坚持");

  /* Nor after a pause. */
  dafu_draft_set_block_text (draft, 1, "下一步，我们");
  g_usleep (G_USEC_PER_SEC + G_USEC_PER_SEC / 10);
  dafu_draft_set_block_text (draft, 1, "下一步，我们将");
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 1)), ==, "下一步，我们");
}

static void
test_signals (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  DafuDraftBlock *block;
  Counts counts = { 0 };
  gboolean can_undo;
  guint64 revision;

  g_signal_connect (draft, "changed", G_CALLBACK (on_changed), &counts);
  g_signal_connect (draft, "notify", G_CALLBACK (on_notify), &counts);
  g_signal_connect (draft, "field-changed", G_CALLBACK (on_field_changed), &counts);
  g_signal_connect (dafu_draft_get_blocks (draft), "items-changed", G_CALLBACK (on_items_changed), &counts);

  revision = dafu_draft_get_revision (draft);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.field_changed, ==, 1);
  g_assert_cmpuint (counts.last_field, ==, DAFU_LETTER_FIELD_ADDRESSEE);
  g_assert_cmpuint (counts.can_undo, ==, 1);
  g_assert_cmpuint (counts.revision, ==, 1);
  g_assert_cmpuint (dafu_draft_get_revision (draft), ==, revision + 1);
  g_object_get (draft, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  /* The same value is no change. */
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  g_assert_cmpuint (counts.changed, ==, 1);

  append (draft, DAFU_BLOCK_KIND_SALUTATION, NULL);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_cmpuint (counts.can_undo, ==, 1);   /* it did not flip */
  block = dafu_draft_get_block (draft, 0);
  g_assert_true (dafu_draft_block_get_generated (block));
  g_assert_cmpstr (dafu_draft_block_get_text (block), ==, "尊敬的{代表}代表：");

  g_signal_connect (block, "notify", G_CALLBACK (on_notify), &counts);
  dafu_draft_set_block_text (draft, 0, "李蕾代表：");
  g_assert_cmpuint (counts.text, ==, 1);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (counts.changed, ==, 3);

  append (draft, DAFU_BLOCK_KIND_TEXT, "甲");
  append (draft, DAFU_BLOCK_KIND_TEXT, "乙");
  counts.items_changed = 0;
  dafu_draft_move_block (draft, 0, 2);
  g_assert_cmpuint (counts.items_changed, ==, 1);
  g_assert_cmpuint (dafu_draft_find_block (draft, block), ==, 2);
  dafu_draft_remove_block (draft, 2);
  g_assert_cmpuint (counts.items_changed, ==, 2);

  /* Undo and redo are changes, and flip can-redo. */
  counts.changed = 0;
  g_assert_true (dafu_draft_undo (draft));
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpuint (counts.can_redo, ==, 1);
  g_assert_true (dafu_draft_redo (draft));
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_cmpuint (counts.can_redo, ==, 2);

  while (dafu_draft_undo (draft))
    ;
  g_assert_cmpuint (counts.can_undo, ==, 2);
  g_assert_cmpuint (counts.last_field, ==, DAFU_LETTER_FIELD_ADDRESSEE);
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, 0);

  /* Out-of-range positions change nothing. */
  counts.changed = 0;
  dafu_draft_remove_block (draft, 5);
  dafu_draft_move_block (draft, 5, 0);
  dafu_draft_set_block_text (draft, 5, "x");
  dafu_draft_set_block_kind (draft, 5, DAFU_BLOCK_KIND_TEXT);
  g_assert_cmpuint (counts.changed, ==, 0);
  g_assert_null (dafu_draft_get_block (draft, 5));

  /* The interrupted flag is no edit. */
  dafu_draft_set_interrupted (draft, TRUE);
  g_assert_true (dafu_draft_get_interrupted (draft));
  g_assert_cmpuint (counts.changed, ==, 0);
}

static void
test_history_cap (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  guint n = 0;

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *value = g_strdup_printf ("%u", i);

      dafu_draft_set_value (draft, "编号", value);
    }
  while (dafu_draft_undo (draft))
    n++;
  g_assert_cmpuint (n, ==, 500);
  g_assert_cmpstr (dafu_draft_get_value (draft, "编号"), ==, "99");
}

static void
test_render (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(GPtrArray) unfilled = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_auto(GStrv) unknown = NULL;
  g_autofree char *block = NULL;
  g_autofree char *text = NULL;

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "李蕾");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  append (draft, DAFU_BLOCK_KIND_SALUTATION, "{代表}代表：");
  append (draft, DAFU_BLOCK_KIND_MEASURE, "截至{日期}，建成{试点数}个站点，覆盖{覆盖率}，{会议}。");
  append (draft, DAFU_BLOCK_KIND_TEXT, "   ");
  append (draft, DAFU_BLOCK_KIND_PLAN, "新增{试点数}个{会议}");

  block = dafu_draft_render_block (draft, 1, &unfilled);
  g_assert_cmpstr (block, ==, "截至2026年11月23日，建成{试点数}个站点，覆盖{覆盖率}，{会议}。");
  g_assert_cmpuint (unfilled->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (unfilled, 0), ==, "试点数");
  g_assert_cmpstr (g_ptr_array_index (unfilled, 1), ==, "覆盖率");
  g_assert_cmpstr (g_ptr_array_index (unfilled, 2), ==, "会议");

  /* Added to, without duplicates. */
  g_free (g_steal_pointer (&block));
  block = dafu_draft_render_block (draft, 3, &unfilled);
  g_assert_cmpuint (unfilled->len, ==, 3);

  unknown = dafu_draft_dup_unknown_names (draft);
  g_assert_cmpuint (g_strv_length (unknown), ==, 2);
  g_assert_cmpstr (unknown[0], ==, "试点数");
  g_assert_cmpstr (unknown[1], ==, "覆盖率");

  dafu_draft_set_value (draft, "试点数", "25");
  dafu_draft_set_value (draft, "覆盖率", "93%");
  g_clear_pointer (&unknown, g_strfreev);
  unknown = dafu_draft_dup_unknown_names (draft);
  g_assert_cmpuint (g_strv_length (unknown), ==, 0);

  values = dafu_draft_dup_values (draft);
  g_assert_cmpstr (g_hash_table_lookup (values, "代表"), ==, "李蕾");
  g_assert_cmpstr (g_hash_table_lookup (values, "试点数"), ==, "25");
  g_assert_cmpstr (g_hash_table_lookup (values, "日期"), ==, "2026年11月23日");

  g_clear_pointer (&unfilled, g_ptr_array_unref);
  text = dafu_draft_render_text (draft, &unfilled);
  g_assert_cmpstr (text, ==, "李蕾代表：\n\n截至2026年11月23日，建成25个站点，覆盖93%，{会议}。\n\n新增25个{会议}");
  g_assert_cmpuint (unfilled->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unfilled, 0), ==, "会议");

  /* A value for a field's name fills it only while the field is empty. */
  dafu_draft_set_value (draft, "会议", "市八届人大三次会议");
  g_clear_pointer (&text, g_free);
  text = dafu_draft_render_block (draft, 3, NULL);
  g_assert_cmpstr (text, ==, "新增25个市八届人大三次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市九届人大四次会议");
  g_clear_pointer (&text, g_free);
  text = dafu_draft_render_block (draft, 3, NULL);
  g_assert_cmpstr (text, ==, "新增25个市九届人大四次会议");

  /* Out of range */
  g_clear_pointer (&text, g_free);
  text = dafu_draft_render_block (draft, 99, NULL);
  g_assert_cmpstr (text, ==, "");
}

static void
test_to_letter_and_copy (void)
{
  g_autoptr(DafuLetter) sample = dafu_test_load_sample ("xianyang-2024-39.txt");
  g_autoptr(DafuDraft) draft = dafu_draft_new_reply_to (sample);
  g_autoptr(DafuDraft) copy = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy_text = NULL;

  dafu_draft_set_id (draft, 42);
  dafu_draft_set_interrupted (draft, TRUE);
  append (draft, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。");

  letter = dafu_draft_to_letter (draft);
  text = dafu_draft_render_text (draft, NULL);
  g_assert_cmpstr (dafu_letter_get_text (letter), ==, text);
  g_assert_cmpstr (dafu_letter_get_file_name (letter), ==, "draft-42.txt");
  g_assert_cmpstr (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_ADDRESSEE), ==, "刘亚宁");

  copy = dafu_draft_copy (draft);
  copy_text = dafu_draft_render_text (copy, NULL);
  g_assert_cmpstr (copy_text, ==, text);
  g_assert_cmpint (dafu_draft_get_id (copy), ==, 42);
  g_assert_true (dafu_draft_get_interrupted (copy));
  g_assert_cmpuint (dafu_draft_get_revision (copy), ==, dafu_draft_get_revision (draft));
  g_assert_cmpint (dafu_draft_get_letter_id (copy), ==, dafu_draft_get_letter_id (draft));
  g_assert_false (dafu_draft_can_undo (copy));
  g_assert_true (dafu_draft_can_undo (draft));
  g_assert_true (dafu_draft_get_block (copy, 0) != dafu_draft_get_block (draft, 0));

  /* Independent of the original. */
  dafu_draft_set_block_text (copy, 0, "另一个标题");
  dafu_draft_set_field (copy, DAFU_LETTER_FIELD_ADDRESSEE, "杨军");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==, "刘亚宁");
  g_assert_cmpstr (dafu_draft_block_get_text (dafu_draft_get_block (draft, 0)), !=, "另一个标题");
}

/* A reply to the Jincheng 444 record: its points and the deputy's phone. */
static void
test_reply_to_jincheng (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("jincheng-444.txt");
  g_autoptr(DafuDraft) draft = NULL;
  g_auto(GStrv) points = NULL;
  g_autofree char *date = today ();
  g_autofree char *title = NULL;

  dafu_letter_set_id (letter, 444);
  dafu_letter_set_field (letter, DAFU_LETTER_FIELD_DOC_NUMBER, "晋民函〔2023〕1号");
  dafu_letter_set_field (letter, DAFU_LETTER_FIELD_SIGNER, "某某");
  draft = dafu_draft_new_reply_to (letter);

  g_assert_cmpint (dafu_draft_get_letter_id (draft), ==, 444);
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DATE), ==, date);
  g_assert_null (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER));
  g_assert_null (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_SIGNER));
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ADDRESSEE), ==, "李蕾");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_ISSUER), ==, "晋城市民政局");
  g_assert_cmpstr (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_CATEGORY), ==, "A");
  g_assert_cmpstr (dafu_draft_get_value (draft, "代表电话"), ==, "13934066646");
  g_assert_false (dafu_draft_can_undo (draft));

  g_assert_cmpstr (dafu_draft_get_points (draft), ==,
                   "1. 制定我市社区居家养老服务实施方案，建立多元养老服务体系\n"
                   "2. 加强居家社区养老服务机构的软硬件建设\n"
                   "3. 加强老年人精神文化需求\n"
                   "4. 完善老年人医疗保健机制\n"
                   "5. 建立社区老年人心理健康服务工作站");
  points = dafu_draft_dup_point_list (draft);
  g_assert_cmpuint (g_strv_length (points), ==, 5);
  g_assert_cmpstr (points[0], ==, "制定我市社区居家养老服务实施方案，建立多元养老服务体系");
  g_assert_cmpstr (points[4], ==, "建立社区老年人心理健康服务工作站");

  /* The standard parts are there; no 抄送 (the record has none). */
  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 0)), ==, DAFU_BLOCK_KIND_TITLE);
  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 1)), ==, DAFU_BLOCK_KIND_SALUTATION);
  g_assert_cmpuint (find_kind (draft, DAFU_BLOCK_KIND_SIGNATURE), ==, 2);
  g_assert_cmpuint (find_kind (draft, DAFU_BLOCK_KIND_CONTACT), ==, 3);
  g_assert_cmpuint (find_kind (draft, DAFU_BLOCK_KIND_CC), ==, G_MAXUINT);
  title = dafu_draft_dup_display_title (draft);
  g_assert_cmpstr (title, ==, "关于市八届人大三次会议第444号建议的答复");
}

static void
test_point_list (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_auto(GStrv) points = NULL;

  dafu_draft_set_points (draft,
                         "1.推进设施建设\n"
                         "\n"
                         "  （二）优化服务供给  \n"
                         "(3) 医养结合\n"
                         "四、人才队伍\n"
                         "⑤ 智慧养老\n"
                         "6、1.5万人次培训\n"
                         "没有编号的一点\n"
                         "2026年建成\n"
                         "　\n");
  points = dafu_draft_dup_point_list (draft);
  g_assert_cmpuint (g_strv_length (points), ==, 8);
  g_assert_cmpstr (points[0], ==, "推进设施建设");
  g_assert_cmpstr (points[1], ==, "优化服务供给");
  g_assert_cmpstr (points[2], ==, "医养结合");
  g_assert_cmpstr (points[3], ==, "人才队伍");
  g_assert_cmpstr (points[4], ==, "智慧养老");
  g_assert_cmpstr (points[5], ==, "1.5万人次培训");
  g_assert_cmpstr (points[6], ==, "没有编号的一点");
  g_assert_cmpstr (points[7], ==, "2026年建成");

  dafu_draft_set_points (draft, NULL);
  g_assert_cmpstr (dafu_draft_get_points (draft), ==, "");
  g_clear_pointer (&points, g_strfreev);
  points = dafu_draft_dup_point_list (draft);
  g_assert_cmpuint (g_strv_length (points), ==, 0);
}

static void
test_positions (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(DafuClause) opening = dafu_clause_new (DAFU_CLAUSE_KIND_OPENING, NULL, "您提出的建议收悉。");
  g_autoptr(DafuClause) plan = dafu_clause_new (DAFU_CLAUSE_KIND_PLAN, NULL, "下一步，我们将……");
  g_autoptr(DafuClause) measure = dafu_clause_new (DAFU_CLAUSE_KIND_MEASURE, NULL, "一是……");
  g_autoptr(DafuClause) closing = dafu_clause_new (DAFU_CLAUSE_KIND_CLOSING, NULL, "感谢您的关心。");
  g_autoptr(DafuClause) cc = dafu_clause_new (DAFU_CLAUSE_KIND_FOOTER, NULL, "抄送：市政府督查室。");

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CC, "市政府督查室");
  dafu_draft_add_standard_parts (draft);
  /* title, salutation, signature, contact, cc */
  g_assert_cmpuint (dafu_draft_get_n_blocks (draft), ==, 5);
  g_assert_cmpuint (dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_OPENING), ==, 2);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, closing), ==, 2);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, plan), ==, 2);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, opening), ==, 2);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, measure), ==, 3);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, measure), ==, 4);
  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 5)), ==, DAFU_BLOCK_KIND_PLAN);
  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 6)), ==, DAFU_BLOCK_KIND_CLOSING);
  g_assert_cmpuint (dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_TEXT), ==, 6);
  g_assert_cmpuint (dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_PUBLIC_NOTE), ==, 10);
  g_assert_cmpuint (dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_TITLE), ==, 1);

  /* A 抄送 clause goes with the 抄送, not generated; an explicit
   * position is kept. */
  g_assert_cmpuint (dafu_draft_insert_clause (draft, G_MAXUINT, cc), ==, 10);
  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 10)), ==, DAFU_BLOCK_KIND_CC);
  g_assert_false (dafu_draft_block_get_generated (dafu_draft_get_block (draft, 10)));
  g_assert_cmpuint (dafu_draft_insert_clause (draft, 0, measure), ==, 0);
  g_assert_cmpuint (dafu_draft_insert_clause (draft, 500, measure), ==, 12);

  /* Missing parts go to their place around the body. */
  {
    g_autoptr(DafuDraft) body = dafu_draft_new ();

    append (body, DAFU_BLOCK_KIND_MEASURE, "一是");
    append (body, DAFU_BLOCK_KIND_CLOSING, "感谢");
    dafu_draft_add_standard_parts (body);
    g_assert_cmpuint (dafu_draft_get_n_blocks (body), ==, 6);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 0)), ==, DAFU_BLOCK_KIND_TITLE);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 1)), ==, DAFU_BLOCK_KIND_SALUTATION);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 2)), ==, DAFU_BLOCK_KIND_MEASURE);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 3)), ==, DAFU_BLOCK_KIND_CLOSING);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 4)), ==, DAFU_BLOCK_KIND_SIGNATURE);
    g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (body, 5)), ==, DAFU_BLOCK_KIND_CONTACT);
    /* One undo step. */
    g_assert_true (dafu_draft_undo (body));
    g_assert_cmpuint (dafu_draft_get_n_blocks (body), ==, 2);
  }
}

/* ---------------------------------------------------------------------- */
/* Checks                                                                 */

#define POINT_1 "推进社区养老服务设施建设"
#define POINT_2 "加强养老护理人才队伍培养"

static const char answer_1[] =
  "一、推进社区养老服务设施建设。我市建成城镇社区老年人日间照料中心266个，"
  "设施覆盖率达到93%。";
static const char answer_2[] =
  "二、加强养老护理人才培养。连续三年举办养老护理技能大赛，培训护理员1.2万人次。";

/* A clean, public category A reply: no check fires. */
static DafuDraft *
clean_draft (void)
{
  DafuDraft *draft = dafu_draft_new ();

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函〔2026〕12号");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CATEGORY, "A");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-22");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市九届人大五次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "88");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "王某某");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于推进社区居家养老服务体系建设的建议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "张三");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, "029-33210000");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE, "此件公开发布");
  dafu_draft_set_value (draft, "代表电话", "13934066646");
  dafu_draft_set_points (draft, "1. " POINT_1 "\n2. " POINT_2);

  append (draft, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉。经研究，现答复如下：");
  append (draft, DAFU_BLOCK_KIND_MEASURE, answer_1);
  append (draft, DAFU_BLOCK_KIND_MEASURE, answer_2);
  append (draft, DAFU_BLOCK_KIND_CLOSING, "感谢您对民政工作的关心和支持。");
  dafu_draft_add_standard_parts (draft);
  return draft;
}

/* The clean draft has: 0 title, 1 salutation, 2 opening, 3 measure,
 * 4 measure, 5 closing, 6 signature, 7 contact, 8 public note. */
#define MEASURE_1 3
#define MEASURE_2 4

static void
test_check_clean (void)
{
  g_autoptr(DafuDraft) draft = clean_draft ();
  g_autoptr(GPtrArray) issues = dafu_draft_check (draft);

  g_assert_cmpint (dafu_draft_block_get_kind (dafu_draft_get_block (draft, 8)), ==,
                   DAFU_BLOCK_KIND_PUBLIC_NOTE);
  dump_issues ("clean", issues);
  g_assert_cmpuint (issues->len, ==, 0);
}

typedef struct {
  const char    *name;
  int            block;       /* where the fault is made, -1 for a field */
  const char    *text;        /* the block's new text */
  DafuLetterField field;      /* or the field set … */
  const char    *value;       /* … to this */
  DafuCheckKind  kind;
  int            issue_block; /* where the issue is reported */
  const char    *span;        /* what the issue points at, in the rendered block */
} Fault;

static const Fault faults[] = {
  { "unfilled", MEASURE_1, "一、推进社区养老服务设施建设。我市建成日间照料中心{中心数}个。",
    0, NULL, DAFU_CHECK_UNFILLED_PLACEHOLDER, MEASURE_1, "{中心数}" },
  { "unfilled-field", -1, NULL, DAFU_LETTER_FIELD_ADDRESSEE, NULL,
    DAFU_CHECK_UNFILLED_PLACEHOLDER, 1, "{代表}" },
  { "doc-number-field-brackets", -1, NULL, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函[2026]12号",
    DAFU_CHECK_DOC_NUMBER_BRACKETS, -1, NULL },
  { "doc-number-field-year", -1, NULL, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函〔2025〕12号",
    DAFU_CHECK_DOC_NUMBER_YEAR, -1, NULL },
  { "doc-number-in-text", MEASURE_1,
    "一、推进社区养老服务设施建设。按照《通知》（咸民发【2023】95号）要求，建成日间照料中心266个。",
    0, NULL, DAFU_CHECK_DOC_NUMBER_BRACKETS, MEASURE_1, "咸民发【2023】95号" },
  { "date", MEASURE_2,
    "二、加强养老护理人才培养。2026-05-08举办养老护理技能大赛，培训护理员1.2万人次。",
    0, NULL, DAFU_CHECK_DATE_FORMAT, MEASURE_2, "2026-05-08" },
  { "date-field", -1, NULL, DAFU_LETTER_FIELD_DATE, "2026/11/22",
    DAFU_CHECK_DATE_FORMAT, 6, "2026/11/22" },
  { "category-a", MEASURE_2,
    "二、加强养老护理人才培养。此事已列入计划，将逐年培训护理员1.2万人次。",
    0, NULL, DAFU_CHECK_CATEGORY_WORDING, MEASURE_2, "列入计划" },
  { "category-c", -1, NULL, DAFU_LETTER_FIELD_CATEGORY, "C",
    DAFU_CHECK_CATEGORY_WORDING, 5, "已完成" },
  { "mobile", MEASURE_1,
    "一、推进社区养老服务设施建设。建成日间照料中心266个，咨询电话13812345678。",
    0, NULL, DAFU_CHECK_PERSONAL_DATA, MEASURE_1, "13812345678" },
  { "id-card", MEASURE_1,
    "一、推进社区养老服务设施建设。补贴对象11010519491231002X已核实，建成日间照料中心266个。",
    0, NULL, DAFU_CHECK_PERSONAL_DATA, MEASURE_1, "11010519491231002X" },
  { "deputy-phone", MEASURE_1,
    "一、推进社区养老服务设施建设。已电话（139-3406-6646）沟通，建成日间照料中心266个。",
    0, NULL, DAFU_CHECK_DEPUTY_PHONE, MEASURE_1, "139-3406-6646" },
  { "deputy-phone-plain", MEASURE_1,
    "一、推进社区养老服务设施建设。已电话13934066646沟通，建成日间照料中心266个。",
    0, NULL, DAFU_CHECK_DEPUTY_PHONE, MEASURE_1, "13934066646" },
  { "unanswered", MEASURE_2, "二、我们将继续做好殡葬改革和婚姻登记工作。",
    0, NULL, DAFU_CHECK_UNANSWERED_POINT, -1, NULL },
};

static guint
char_offset (const char *text,
             const char *needle)
{
  const char *found = strstr (text, needle);

  g_assert_nonnull (found);
  return g_utf8_strlen (text, found - text);
}

static void
test_check_fault (gconstpointer data)
{
  const Fault *fault = data;
  g_autoptr(DafuDraft) draft = clean_draft ();
  g_autoptr(GPtrArray) issues = NULL;
  DafuCheckIssue *issue;

  if (g_str_equal (fault->name, "category-c"))
    dafu_draft_set_block_text (draft, 5, "此项工作已完成，感谢您对民政工作的关心和支持。");
  if (fault->block >= 0)
    dafu_draft_set_block_text (draft, fault->block, fault->text);
  else
    dafu_draft_set_field (draft, fault->field, fault->value);

  issues = dafu_draft_check (draft);
  dump_issues (fault->name, issues);
  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpint (issue->kind, ==, fault->kind);
  g_assert_cmpint (issue->block, ==, fault->issue_block);
  g_assert_cmpstr (issue->message, !=, "");

  if (fault->span != NULL)
    {
      g_autofree char *rendered = dafu_draft_render_block (draft, issue->block, NULL);
      guint start = char_offset (rendered, fault->span);

      g_assert_cmpuint (issue->start, ==, start);
      g_assert_cmpuint (issue->end, ==, start + g_utf8_strlen (fault->span, -1));
    }
  else
    g_assert_cmpuint (issue->end, ==, 0);

  if (fault->kind == DAFU_CHECK_UNANSWERED_POINT)
    g_assert_nonnull (strstr (issue->message, POINT_2));

  /* Not public: the personal data and the deputy's phone may stay. */
  if (fault->kind == DAFU_CHECK_PERSONAL_DATA || fault->kind == DAFU_CHECK_DEPUTY_PHONE)
    {
      static const char * const notes[] = { "此件不予公开", "此件依申请公开", "不公开", NULL };

      for (guint i = 0; notes[i] != NULL; i++)
        {
          g_autoptr(GPtrArray) none = NULL;

          dafu_draft_set_field (draft, DAFU_LETTER_FIELD_PUBLIC_NOTE, notes[i]);
          none = dafu_draft_check (draft);
          g_assert_cmpuint (none->len, ==, 0);
        }
    }
}

/* The deputy's phone in other forms: a landline with its area code, full-
 * width digits; a mobile in the text is reported once, as the deputy's. */
static void
test_check_deputy_phone (void)
{
  g_autoptr(GPtrArray) issues = NULL;

  issues = dafu_check_deputy_phone ("面商人电话0356-2566249，代表电话２５６６２４９。", "2566249");
  g_assert_cmpuint (issues->len, ==, 2);
  g_clear_pointer (&issues, g_ptr_array_unref);

  issues = dafu_check_deputy_phone ("代表电话2566249。", "0356-2566249");
  g_assert_cmpuint (issues->len, ==, 1);
  g_clear_pointer (&issues, g_ptr_array_unref);

  /* Part of a longer number is not the phone. */
  issues = dafu_check_deputy_phone ("编号125662491，金额2566249000元。", "2566249");
  g_assert_cmpuint (issues->len, ==, 0);
  g_clear_pointer (&issues, g_ptr_array_unref);

  issues = dafu_check_deputy_phone ("电话 139 3406 6646 ", "13934066646");
  g_assert_cmpuint (issues->len, ==, 1);
  g_clear_pointer (&issues, g_ptr_array_unref);

  issues = dafu_check_deputy_phone ("电话 13934066646", NULL);
  g_assert_cmpuint (issues->len, ==, 0);
  g_clear_pointer (&issues, g_ptr_array_unref);

  issues = dafu_checks_run_block ("电话13934066646，另13812345678。", NULL, 0, NULL, TRUE, "139 3406 6646");
  g_assert_cmpuint (issues->len, ==, 2);
  g_assert_cmpint (((DafuCheckIssue *) issues->pdata[0])->kind, ==, DAFU_CHECK_DEPUTY_PHONE);
  g_assert_cmpint (((DafuCheckIssue *) issues->pdata[1])->kind, ==, DAFU_CHECK_PERSONAL_DATA);

  g_assert_true (dafu_check_is_public ("此件公开发布"));
  g_assert_true (dafu_check_is_public ("（此件可以公开）"));
  g_assert_false (dafu_check_is_public ("此件不公开"));
  g_assert_false (dafu_check_is_public ("依申请公开"));
  g_assert_false (dafu_check_is_public (NULL));
}

/* Each issue is in the order of the blocks, then the fields'. */
static void
test_check_order (void)
{
  g_autoptr(DafuDraft) draft = clean_draft ();
  g_autoptr(GPtrArray) issues = NULL;
  int last_block = 0;

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函（2025）12号");
  dafu_draft_set_block_text (draft, MEASURE_2, "二、2026.5.8，已列入计划。{甲} 13934066646");
  dafu_draft_set_block_text (draft, MEASURE_1, "一、{乙}");
  issues = dafu_draft_check (draft);
  dump_issues ("order", issues);

  g_assert_cmpuint (issues->len, ==, 9);
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      if (issue->block >= 0)
        {
          g_assert_cmpint (issue->block, >=, last_block);
          last_block = issue->block;
        }
      else
        last_block = G_MAXINT;
    }
  g_assert_cmpint (((DafuCheckIssue *) issues->pdata[0])->kind, ==, DAFU_CHECK_UNFILLED_PLACEHOLDER);
  g_assert_cmpint (((DafuCheckIssue *) issues->pdata[0])->block, ==, MEASURE_1);
  g_assert_cmpint (((DafuCheckIssue *) issues->pdata[8])->kind, ==, DAFU_CHECK_UNANSWERED_POINT);
}

/* Blocks from a sample's paragraphs, fields from its own. */
static DafuDraft *
draft_of_paragraphs (DafuLetter         *letter,
                     const char * const *paragraphs)
{
  DafuDraft *draft = dafu_draft_new ();

  set_fields_from (draft, letter);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *paragraph = g_strstrip (g_strdup (paragraphs[i]));

      if (*paragraph != '\0')
        append (draft, DAFU_BLOCK_KIND_TEXT, paragraph);
    }
  return draft;
}

/* The samples went out as they are: their own text raises nothing. */
static void
test_check_samples (void)
{
  static const char * const samples[] = {
    "changzhi-2025-59.txt", "jincheng-444.txt", "xianyang-2024-39.txt",
    "xianyang-2024-40.txt", "yulin-2021-114.txt",
  };

  for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
    {
      g_autoptr(DafuLetter) letter = dafu_test_load_sample (samples[s]);
      g_auto(GStrv) paragraphs = g_regex_split_simple ("\\n[ \\t\\x{3000}]*\\n",
                                                       dafu_letter_get_text (letter), 0, 0);
      g_autoptr(DafuDraft) draft = draft_of_paragraphs (letter, (const char * const *) paragraphs);
      g_autoptr(DafuDraft) reply = dafu_draft_new_reply_to (letter);
      g_autoptr(GPtrArray) issues = NULL;

      g_test_message ("%s: %u blocks, public %d", samples[s], dafu_draft_get_n_blocks (draft),
                      dafu_check_is_public (dafu_letter_get_field (letter, DAFU_LETTER_FIELD_PUBLIC_NOTE)));
      g_assert_cmpuint (dafu_draft_get_n_blocks (draft), >, 10);
      dafu_draft_set_points (draft, dafu_draft_get_points (reply));
      dafu_draft_set_value (draft, "代表电话", dafu_draft_get_value (reply, "代表电话"));
      issues = dafu_draft_check (draft);
      dump_issues (samples[s], issues);
      g_assert_cmpuint (issues->len, ==, 0);
    }
}

/* The Jincheng 444 reply answers its five points in its own words; a draft
 * with only an opening and a closing answers none. */
static void
test_check_points_jincheng (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("jincheng-444.txt");
  g_autoptr(DafuDraft) reply = dafu_draft_new_reply_to (letter);
  g_autoptr(GPtrArray) issues = NULL;
  g_auto(GStrv) paragraphs = NULL;
  g_auto(GStrv) points = dafu_draft_dup_point_list (reply);
  const char *text = dafu_letter_get_text (letter);
  const char *body = strstr (text, "近年来，我们深入贯彻");
  const char *end = strstr (text, "感谢您对养老工作的关心和支持");
  g_autofree char *real = NULL;
  guint n_blocks = 0;

  g_assert_nonnull (body);
  g_assert_nonnull (end);
  g_assert_cmpuint (g_strv_length (points), ==, 5);

  /* Only an opening and a closing. */
  insert_new (reply, 2, DAFU_BLOCK_KIND_OPENING, "您提出的《{建议标题}》收悉，经研究，现答复如下：");
  insert_new (reply, 3, DAFU_BLOCK_KIND_CLOSING, "感谢您对养老工作的关心和支持，欢迎今后提出更多宝贵意见。");
  issues = dafu_draft_check (reply);
  dump_issues ("opening and closing", issues);
  g_assert_cmpuint (issues->len, ==, 5);
  for (guint i = 0; i < issues->len; i++)
    {
      DafuCheckIssue *issue = g_ptr_array_index (issues, i);

      g_assert_cmpint (issue->kind, ==, DAFU_CHECK_UNANSWERED_POINT);
      g_assert_cmpint (issue->block, ==, -1);
      g_assert_nonnull (strstr (issue->message, points[i]));
    }

  /* The real body, paragraph by paragraph, between them. */
  real = g_strndup (body, end - body);
  paragraphs = g_regex_split_simple ("\\n\\s*\\n", real, 0, 0);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_strstrip (paragraphs[i]);
      if (*paragraphs[i] == '\0')
        continue;
      insert_new (reply, 3 + n_blocks, DAFU_BLOCK_KIND_TEXT, paragraphs[i]);
      n_blocks++;
    }
  g_assert_cmpuint (n_blocks, >, 10);
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_draft_check (reply);
  dump_issues ("real body", issues);
  g_assert_cmpuint (issues->len, ==, 0);

  /* Each point is answered where the reply answers it. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      int found;

      for (guint j = 0; paragraphs[j] != NULL; j++)
        g_ptr_array_add (texts, paragraphs[j]);
      g_ptr_array_add (texts, NULL);
      found = dafu_check_find_answer (points[i], (const char * const *) texts->pdata);
      g_test_message ("point %u answered by paragraph %d", i + 1, found);
      g_assert_cmpint (found, >=, 0);
    }
  {
    const char * const unrelated[] = { "我市持续推进婚姻登记便民服务和殡葬改革。", NULL };

    for (guint i = 0; i < 5; i++)
      g_assert_cmpint (dafu_check_find_answer (points[i], unrelated), ==, -1);
  }
}

static void
test_check_large_draft (void)
{
  g_autoptr(DafuDraft) draft = clean_draft ();
  g_autoptr(GString) points = g_string_new (NULL);
  gint64 start, elapsed;

  for (guint i = 0; i < 10; i++)
    g_string_append_printf (points, "%u. 建立第%u个社区老年人心理健康服务工作站\n", i + 1, i + 1);
  dafu_draft_set_points (draft, points->str);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint j = 0; j < 6; j++)
        g_string_append_printf (text, "（%u）全市建成城镇社区老年人日间照料中心%u个，覆盖率达到%u%%，"
                                "投入资金%u万元，服务老年人%u人次。", j + 1, 200 + i, 90 + j,
                                1000 + i * j, 50000 + i);
      append (draft, DAFU_BLOCK_KIND_MEASURE, text->str);
    }

  start = g_get_monotonic_time ();
  for (guint round = 0; round < 10; round++)
    {
      g_autoptr(GPtrArray) issues = dafu_draft_check (draft);
      g_autofree char *text = dafu_draft_render_text (draft, NULL);

      g_assert_nonnull (issues);
      g_assert_nonnull (text);
    }
  elapsed = (g_get_monotonic_time () - start) / 10;
  /* For the log only: speed is measured by dafu-bench, not asserted here
   * (the suite also runs under sanitizers and valgrind). */
  g_test_message ("check and render of %u blocks: %" G_GINT64_FORMAT " µs",
                  dafu_draft_get_n_blocks (draft), elapsed);
}

/* ---------------------------------------------------------------------- */

static void
test_doc_number (void)
{
  static const struct {
    const char *input;
    gboolean    ok;
    const char *prefix;
    int         year;
    guint       number;
  } cases[] = {
    { "咸民函〔2026〕12号", TRUE, "咸民函", 2026, 12 },
    { "咸民函[2026]12号", TRUE, "咸民函", 2026, 12 },
    { "咸民函【2026】12号", TRUE, "咸民函", 2026, 12 },
    { "咸民函(2026)12号", TRUE, "咸民函", 2026, 12 },
    { "咸民函（2026）12号", TRUE, "咸民函", 2026, 12 },
    { " 榆政民函 〔 ２０２１ 〕 １１４ 号 ", TRUE, "榆政民函", 2021, 114 },
    { "咸民函〔2026〕N号", TRUE, "咸民函", 2026, 0 },
    { "咸民函〔2026〕？号", TRUE, "咸民函", 2026, 0 },
    { "咸民函〔2026〕", TRUE, "咸民函", 2026, 0 },
    { "〔2026〕3号", TRUE, "", 2026, 3 },
    { "咸民函（一）〔2026〕3号", TRUE, "咸民函（一）", 2026, 3 },
    { "咸民函〔202〕12号", FALSE, NULL, 0, 0 },
    { "咸民函2026年12号", FALSE, NULL, 0, 0 },
    { "咸民函〔2026 12号", FALSE, NULL, 0, 0 },
    { "", FALSE, NULL, 0, 0 },
    { "\xff〔2026〕\xfe", TRUE, "\xef\xbf\xbd", 2026, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *prefix = NULL;
      int year = -1;
      guint number = 99;

      g_test_message ("case %u", i);
      g_assert_true (dafu_doc_number_split (cases[i].input, &prefix, &year, &number) == cases[i].ok);
      g_assert_cmpstr (prefix, ==, cases[i].prefix);
      g_assert_cmpint (year, ==, cases[i].year);
      g_assert_cmpuint (number, ==, cases[i].number);
    }
  g_assert_false (dafu_doc_number_split (NULL, NULL, NULL, NULL));
  g_assert_true (dafu_doc_number_split ("咸民函〔2026〕12号", NULL, NULL, NULL));

  {
    g_autofree char *a = dafu_doc_number_format ("咸民函", 2026, 12);
    g_autofree char *b = dafu_doc_number_format (NULL, 2026, 0);
    g_autofree char *c = dafu_doc_number_format (" 晋民函 ", 2023, 7);
    g_autofree char *prefix = NULL;
    int year;
    guint number;

    g_assert_cmpstr (a, ==, "咸民函〔2026〕12号");
    g_assert_cmpstr (b, ==, "〔2026〕号");
    g_assert_cmpstr (c, ==, "晋民函〔2023〕7号");
    g_assert_true (dafu_doc_number_split (c, &prefix, &year, &number));
    g_assert_cmpstr (prefix, ==, "晋民函");
    g_assert_cmpint (year, ==, 2023);
    g_assert_cmpuint (number, ==, 7);
  }
}

/* NULL and empty input is no crash. */
static void
test_null (void)
{
  g_autoptr(DafuDraft) draft = dafu_draft_new ();
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(DafuLetter) letter = NULL;
  g_autoptr(DafuLetter) empty = dafu_letter_new ();
  g_autoptr(DafuDraft) reply = NULL;
  g_auto(GStrv) points = NULL;
  g_auto(GStrv) unknown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;
  GPtrArray *unfilled = NULL;

  issues = dafu_draft_check (draft);
  g_assert_cmpuint (issues->len, ==, 0);
  text = dafu_draft_render_text (draft, &unfilled);
  g_assert_cmpstr (text, ==, "");
  g_assert_nonnull (unfilled);
  g_assert_cmpuint (unfilled->len, ==, 0);
  g_ptr_array_unref (unfilled);
  points = dafu_draft_dup_point_list (draft);
  g_assert_cmpuint (g_strv_length (points), ==, 0);
  unknown = dafu_draft_dup_unknown_names (draft);
  g_assert_cmpuint (g_strv_length (unknown), ==, 0);
  title = dafu_draft_dup_display_title (draft);
  g_assert_nonnull (title);
  letter = dafu_draft_to_letter (draft);
  g_assert_nonnull (letter);

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, NULL);
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "\xff\xfe");
  g_assert_true (g_utf8_validate (dafu_draft_get_field (draft, DAFU_LETTER_FIELD_TITLE), -1, NULL));
  dafu_draft_set_points (draft, "");
  dafu_draft_set_points (draft, "1.\n\n（二）\n\xff");
  dafu_draft_set_value (draft, "名称", NULL);
  dafu_draft_set_value (draft, "名称", "");
  g_assert_null (dafu_draft_get_value (draft, "名称"));
  g_assert_null (dafu_draft_get_value (draft, NULL));
  append (draft, DAFU_BLOCK_KIND_TEXT, NULL);
  append (draft, DAFU_BLOCK_KIND_TEXT, "{");
  dafu_draft_set_block_text (draft, 0, NULL);
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_draft_check (draft);
  g_assert_nonnull (issues);

  /* A reply to a letter with nothing in it. */
  reply = dafu_draft_new_reply_to (empty);
  g_assert_cmpuint (dafu_draft_get_n_blocks (reply), ==, 4);
  g_assert_cmpstr (dafu_draft_get_points (reply), ==, "");
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_draft_check (reply);
  g_assert_cmpuint (issues->len, >, 0);   /* the unfilled placeholders */

  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_check_points (NULL, NULL);
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_cmpint (dafu_check_find_answer (NULL, NULL), ==, -1);
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_check_unfilled_placeholders (NULL, NULL);
  g_assert_cmpuint (issues->len, ==, 0);
  g_clear_pointer (&issues, g_ptr_array_unref);
  issues = dafu_checks_run_block (NULL, NULL, 0, NULL, TRUE, NULL);
  g_assert_cmpuint (issues->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/draft/block-kinds", test_block_kinds);
  g_test_add_func ("/draft/standard-parts", test_standard_parts);
  g_test_add_func ("/draft/generated-variants", test_generated_variants);
  g_test_add_func ("/draft/regenerate", test_regenerate);
  g_test_add_func ("/draft/undo-redo", test_undo_redo);
  g_test_add_func ("/draft/coalesce", test_coalesce);
  g_test_add_func ("/draft/signals", test_signals);
  g_test_add_func ("/draft/history-cap", test_history_cap);
  g_test_add_func ("/draft/render", test_render);
  g_test_add_func ("/draft/to-letter-and-copy", test_to_letter_and_copy);
  g_test_add_func ("/draft/reply-to-jincheng", test_reply_to_jincheng);
  g_test_add_func ("/draft/point-list", test_point_list);
  g_test_add_func ("/draft/positions", test_positions);
  g_test_add_func ("/draft/check/clean", test_check_clean);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/draft/check/fault/%s", faults[i].name);

      g_test_add_data_func (path, &faults[i], test_check_fault);
    }
  g_test_add_func ("/draft/check/deputy-phone", test_check_deputy_phone);
  g_test_add_func ("/draft/check/order", test_check_order);
  g_test_add_func ("/draft/check/samples", test_check_samples);
  g_test_add_func ("/draft/check/points-jincheng", test_check_points_jincheng);
  g_test_add_func ("/draft/check/large-draft", test_check_large_draft);
  g_test_add_func ("/draft/doc-number", test_doc_number);
  g_test_add_func ("/draft/null", test_null);

  return g_test_run ();
}
