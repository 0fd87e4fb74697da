/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-layout"

#include "config.h"

#include "dafu-layout.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/*
 * The letter format (信函格式) of GB/T 9704-2012 on A4, in points:
 *
 * - The 版心 is 156 × 225 mm at 28 mm from the left and 37 mm from the
 *   top, a grid of 22 lines of 28 characters. Line k's cell is
 *   MARGIN_TOP + k × pitch (pitch = 225 mm / 22 ≈ 28.99 pt) and a line of
 *   size s sits in the middle of its cell: its em box's top is
 *   (pitch − s) / 2 below the cell's top and its baseline 0.88 s below
 *   that (the ideographic em box of Chinese fonts runs from 0.88 em above
 *   the baseline to 0.12 em below).
 *
 * - 3号 is 16 pt, but 28 characters of 16 pt make 448 pt (158 mm), 2 mm
 *   more than the 156 mm line. As Word's document grid does, the
 *   characters are drawn at 16 pt and set closer: Pango's letter spacing
 *   goes between characters (Pango trims it at the ends of a line), so 28
 *   characters take 28 × 16 + 27 × spacing; the spacing that makes that
 *   the line's width is (442.2 − 448) / 27 ≈ −0.21 pt, a character pitch
 *   of 15.79 pt. A hair less keeps rounding from pushing the 28th
 *   character onto the next line. Lines are justified on that grid.
 *
 * - Page 1 is the letterhead: the issuer (发文机关标志) in red 小标宋 at
 *   ISSUER_SIZE, centred on the 版心, its em box's top 30 mm from the
 *   page's top; 4 mm under it the red double rule, thick over thin
 *   (RULE_THICK over RULE_THIN, RULE_GAP apart), 170 mm long, centred on
 *   the 版心; the thin-over-thick rule with its lower edge 20 mm above the
 *   page's bottom. 文号 sits on the grid line nearest 7/8 of a 3号
 *   character under the rule (line 1 with a one-line issuer), flush right;
 *   with 签发人, 文号 moves left (one character in) and 签发人 goes right
 *   (one character in), as the standard puts them for 上行文. The category
 *   mark is at the top right, above the issuer. The title comes two blank
 *   lines under 文号 (line 4), the salutation one blank line under it.
 *
 * - The signature without seal (GB/T 9704 7.3.5.2): one blank line under
 *   the body, the issuer two characters from the right edge; the date on
 *   the next line, starting two characters right of the issuer's start,
 *   unless it is then longer than the issuer: then the date ends two
 *   characters from the right edge and the issuer moves left with it.
 *   Notes (附注) follow on the next lines, two characters in. 抄送 (4号)
 *   stands on the last lines of the last page's grid, one character in
 *   from either side, continuation lines aligned after 抄送：, between
 *   thin rules the width of the 版心.
 *
 * - Page numbers "— n —" in 4号 宋体 from page 2 on, their em box's top
 *   7 mm under the 版心; odd pages at the right, even pages at the left,
 *   one character in.
 */

#define ISSUER_SIZE  30.0  /* pt: the letterhead's issuer */
#define TITLE_SIZE   22.0  /* 2号 */
#define BODY_SIZE    16.0  /* 3号 */
#define SMALL_SIZE   14.0  /* 4号: 抄送, page numbers */
#define EM_ASCENT    0.88  /* em-box top above the baseline, in em */

#define RULE_THICK   2.0   /* pt */
#define RULE_THIN    0.5
#define RULE_GAP     1.0
#define RULE_LENGTH  DAFU_LAYOUT_MM (170.0)
#define CC_RULE      DAFU_LAYOUT_MM (0.25)

#define TEXT_LEFT    DAFU_LAYOUT_MARGIN_LEFT
#define TEXT_RIGHT   (DAFU_LAYOUT_MARGIN_LEFT + DAFU_LAYOUT_TEXT_WIDTH)
#define TEXT_TOP     DAFU_LAYOUT_MARGIN_TOP
#define TEXT_BOTTOM  (DAFU_LAYOUT_MARGIN_TOP + DAFU_LAYOUT_TEXT_HEIGHT)
#define TEXT_CENTER  (DAFU_LAYOUT_MARGIN_LEFT + DAFU_LAYOUT_TEXT_WIDTH / 2)

/* 发文机关标志 red */
#define RED_R 0.902
#define RED_G 0.0
#define RED_B 0.0

typedef enum {
  FONT_FANGSONG,
  FONT_XIAOBIAOSONG,
  FONT_HEITI,
  FONT_KAITI,
  FONT_SONG,
  N_FONTS
} FontKind;

typedef struct {
  const char *preferred[8];
  const char *fallback;
  gboolean    sans;
} FontChoice;

/* The bureaus' fonts first (their usual family names), then the fallback
 * that Debian's fonts-noto-cjk gives. */
static const FontChoice font_choices[N_FONTS] = {
  [FONT_FANGSONG] = { { "仿宋_GB2312", "FangSong_GB2312", "FangSong", "仿宋", "STFangsong", "华文仿宋", NULL },
                      "Noto Serif CJK SC", FALSE },
  [FONT_XIAOBIAOSONG] = { { "方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05",
                            "小标宋", NULL },
                          "Noto Serif CJK SC", FALSE },
  [FONT_HEITI] = { { "黑体", "SimHei", "Heiti SC", "STHeiti", NULL },
                   "Noto Sans CJK SC", TRUE },
  [FONT_KAITI] = { { "楷体_GB2312", "KaiTi_GB2312", "KaiTi", "楷体", "STKaiti", "华文楷体", "AR PL UKai CN", NULL },
                   "Noto Serif CJK SC", FALSE },
  [FONT_SONG] = { { "宋体", "SimSun", "Songti SC", "STSong", "AR PL UMing CN", NULL },
                  "Noto Serif CJK SC", FALSE },
};

typedef struct {
  PangoLayout     *layout;
  PangoLayoutLine *line;
  gboolean         red;
  DafuLayoutLine   info;
} Item;

typedef struct {
  GPtrArray *items;           /* of Item */
  gboolean   letterhead;
  double     rule_top;        /* the first red rule's top (page 1) */
  double     cc_top;          /* the 版记's rules, or -1 */
  double     cc_bottom;
} Page;

/* One grid line of the flow, before pagination. */
typedef struct {
  PangoLayout *layout;        /* NULL for a blank line */
  int          line_no;
  DafuDocRole  role;
  double       x;             /* the line's left edge */
  double       width;
  double       size;
  gboolean     keep_with_next;
} Slot;

struct _DafuLayout
{
  GObject       parent_instance;

  DafuDocument *document;
  PangoContext *context;
  GPtrArray    *pages;        /* of Page */

  char         *families[N_FONTS];
  gboolean      preferred[N_FONTS];  /* a preferred font was found */
  gboolean      bold[N_FONTS];       /* the fallback stands in for 小标宋 */
  gboolean      no_cjk;

  double        letter_spacing;      /* pt, for 3号 lines */
};

G_DEFINE_FINAL_TYPE (DafuLayout, dafu_layout, G_TYPE_OBJECT)

/**
 * dafu_layout_line_free:
 * @line: (transfer full) (nullable): a line from dafu_layout_get_lines()
 */
void
dafu_layout_line_free (DafuLayoutLine *line)
{
  if (line == NULL)
    return;
  g_free (line->text);
  g_free (line);
}

static void
item_free (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->layout);
  g_clear_pointer (&item->line, pango_layout_line_unref);
  g_free (item->info.text);
  g_free (item);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->items);
  g_free (page);
}

static Page *
page_new (DafuLayout *self)
{
  Page *page = g_new0 (Page, 1);

  page->items = g_ptr_array_new_with_free_func (item_free);
  page->cc_top = page->cc_bottom = -1;
  g_ptr_array_add (self->pages, page);
  return page;
}

static void
slot_clear (gpointer data)
{
  Slot *slot = data;

  g_clear_object (&slot->layout);
}

static void
dafu_layout_finalize (GObject *object)
{
  DafuLayout *self = (DafuLayout *) object;

  g_clear_object (&self->document);
  g_clear_object (&self->context);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  for (guint i = 0; i < N_FONTS; i++)
    g_clear_pointer (&self->families[i], g_free);

  G_OBJECT_CLASS (dafu_layout_parent_class)->finalize (object);
}

static void
dafu_layout_class_init (DafuLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dafu_layout_finalize;
}

static void
dafu_layout_init (DafuLayout *self)
{
  self->pages = g_ptr_array_new_with_free_func (page_free);
  /* See the comment at the top: 28 characters of 3号 on 156 mm. */
  self->letter_spacing = (DAFU_LAYOUT_TEXT_WIDTH - DAFU_LAYOUT_CHARS * BODY_SIZE)
                         / (DAFU_LAYOUT_CHARS - 1) - 0.005;
}

/* ---------------------------------------------------------------------- */
/* Fonts                                                                  */

static FontKind
font_for_role (DafuDocRole role)
{
  switch (role)
    {
    case DAFU_DOC_ROLE_ISSUER:
    case DAFU_DOC_ROLE_TITLE:
      return FONT_XIAOBIAOSONG;
    case DAFU_DOC_ROLE_CATEGORY:
    case DAFU_DOC_ROLE_HEADING_1:
      return FONT_HEITI;
    case DAFU_DOC_ROLE_HEADING_2:
      return FONT_KAITI;
    case DAFU_DOC_ROLE_DOC_NUMBER:
    case DAFU_DOC_ROLE_SIGNER:
    case DAFU_DOC_ROLE_SALUTATION:
    case DAFU_DOC_ROLE_BODY:
    case DAFU_DOC_ROLE_HEADING_3:
    case DAFU_DOC_ROLE_SIGNATURE:
    case DAFU_DOC_ROLE_DATE:
    case DAFU_DOC_ROLE_NOTE:
    case DAFU_DOC_ROLE_CC:
    default:
      return FONT_FANGSONG;
    }
}

/* Some font that has Chinese characters, as fontconfig picks it for
 * Simplified Chinese; *has_cjk says whether it really has them. */
static char *
find_any_cjk_family (DafuLayout *self,
                     gboolean    sans,
                     gboolean   *has_cjk)
{
  PangoFontMap *map = pango_context_get_font_map (self->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (sans ? "sans-serif 16" : "serif 16");
  g_autoptr(PangoFont) font = pango_font_map_load_font (map, self->context, desc);
  g_autoptr(PangoFontDescription) found = NULL;

  *has_cjk = FALSE;
  if (font == NULL)
    return g_strdup (sans ? "sans-serif" : "serif");
  found = pango_font_describe (font);
  *has_cjk = pango_font_has_char (font, 0x6C11) && pango_font_has_char (font, 0x653F); /* 民政 */
  return g_strdup (pango_font_description_get_family (found) != NULL
                   ? pango_font_description_get_family (found)
                   : (sans ? "sans-serif" : "serif"));
}

static void
choose_fonts (DafuLayout *self)
{
  PangoFontMap *map = pango_context_get_font_map (self->context);
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  PangoFontFamily **families = NULL;
  int n_families = 0;

  pango_font_map_list_families (map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    {
      const char *name = pango_font_family_get_name (families[i]);

      g_hash_table_insert (installed, g_utf8_casefold (name, -1), g_strdup (name));
    }
  g_free (families);

  for (guint k = 0; k < N_FONTS; k++)
    {
      const FontChoice *choice = &font_choices[k];
      g_autofree char *fallback_key = g_utf8_casefold (choice->fallback, -1);
      const char *name;

      for (guint i = 0; choice->preferred[i] != NULL && self->families[k] == NULL; i++)
        {
          g_autofree char *key = g_utf8_casefold (choice->preferred[i], -1);

          name = g_hash_table_lookup (installed, key);
          if (name != NULL)
            {
              self->families[k] = g_strdup (name);
              self->preferred[k] = TRUE;
            }
        }
      if (self->families[k] != NULL)
        continue;

      name = g_hash_table_lookup (installed, fallback_key);
      if (name != NULL)
        self->families[k] = g_strdup (name);
      else
        {
          gboolean has_cjk;

          self->families[k] = find_any_cjk_family (self, choice->sans, &has_cjk);
          if (!has_cjk)
            self->no_cjk = TRUE;
        }
      /* A regular Song face is too light for the 小标宋 of titles. */
      self->bold[k] = k == FONT_XIAOBIAOSONG;
    }

  if (self->no_cjk)
    g_message ("No font with Chinese characters is installed; the layout shows none");
}

static PangoFontDescription *
font_desc (DafuLayout *self,
           FontKind    kind,
           double      size)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_family (desc, self->families[kind]);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, self->bold[kind] ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return desc;
}

static void
add_font_attr (DafuLayout    *self,
               PangoAttrList *attrs,
               FontKind       kind,
               guint          start,
               guint          end)
{
  PangoAttribute *attr;

  attr = pango_attr_family_new (self->families[kind]);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
  attr = pango_attr_weight_new (self->bold[kind] ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

/* ---------------------------------------------------------------------- */
/* Paragraphs                                                             */

static double
char_pitch (DafuLayout *self)
{
  return BODY_SIZE + self->letter_spacing;
}

/* A paragraph as Pango lays it out. @width ≤ 0: no wrapping. */
static PangoLayout *
make_layout (DafuLayout     *self,
             const char     *text,
             FontKind        font,
             double          size,
             double          width,
             double          indent,
             PangoAlignment  alignment,
             gboolean        grid)
{
  PangoLayout *layout = pango_layout_new (self->context);
  g_autoptr(PangoFontDescription) desc = font_desc (self, font, size);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_layout_set_font_description (layout, desc);
  pango_attr_list_insert (attrs, pango_attr_language_new (pango_language_from_string ("zh-cn")));
  if (grid)
    pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (self->letter_spacing * PANGO_SCALE)));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_indent (layout, (int) (indent * PANGO_SCALE));
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_justify (layout, grid && width > 0);
  return layout;
}

/* A body paragraph that starts with its heading (一、…。正文) sets the
 * heading's sentence in the heading's font, as a heading of its own is. */
static void
mark_run_in_heading (DafuLayout  *self,
                     PangoLayout *layout,
                     const char  *text)
{
  const char *stop = strstr (text, "。");
  g_autofree char *sentence = NULL;
  PangoAttrList *attrs;
  DafuDocRole role;

  if (stop == NULL)
    return;
  stop += strlen ("。");
  sentence = g_strndup (text, stop - text);
  role = dafu_doc_role_for_line (sentence);
  if (role != DAFU_DOC_ROLE_HEADING_1 && role != DAFU_DOC_ROLE_HEADING_2)
    return;

  attrs = pango_attr_list_copy (pango_layout_get_attributes (layout));
  add_font_attr (self, attrs, font_for_role (role), 0, stop - text);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

static double
baseline_for (guint  grid_line,
              double size)
{
  return TEXT_TOP + grid_line * DAFU_LAYOUT_LINE_PITCH
         + (DAFU_LAYOUT_LINE_PITCH - size) / 2 + EM_ASCENT * size;
}

static Item *
item_new (PangoLayout     *layout,
          PangoLayoutLine *line,
          DafuDocRole      role,
          double           x,
          double           y,
          double           width,
          double           size)
{
  Item *item = g_new0 (Item, 1);
  const char *text = pango_layout_get_text (layout);

  item->layout = g_object_ref (layout);
  item->line = pango_layout_line_ref (line);
  item->info.role = role;
  item->info.text = g_strndup (text + line->start_index, line->length);
  g_strchomp (item->info.text);
  item->info.n_chars = g_utf8_strlen (item->info.text, -1);
  item->info.x = x;
  item->info.y = y;
  item->info.width = width;
  item->info.size = size;
  return item;
}

/* Adds the lines of @layout, whose left edge is @x, to the flow. */
static void
add_slots (GArray      *slots,
           PangoLayout *layout,
           DafuDocRole  role,
           double       x,
           double       size,
           gboolean     keep_last_with_next)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int line_no = 0;

  do
    {
      PangoRectangle logical;
      Slot slot = { 0, };

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      slot.layout = g_object_ref (layout);
      slot.line_no = line_no++;
      slot.role = role;
      slot.x = x + (double) logical.x / PANGO_SCALE;
      slot.width = (double) logical.width / PANGO_SCALE;
      slot.size = size;
      g_array_append_val (slots, slot);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  if (keep_last_with_next)
    g_array_index (slots, Slot, slots->len - 1).keep_with_next = TRUE;
}

static void
add_blank (GArray *slots)
{
  Slot slot = { 0, };

  slot.role = DAFU_DOC_ROLE_BODY;
  g_array_append_val (slots, slot);
}

static void
place_slot (Page  *page,
            Slot  *slot,
            guint  grid_line)
{
  PangoLayoutLine *line;

  if (slot->layout == NULL)
    return;
  line = pango_layout_get_line_readonly (slot->layout, slot->line_no);
  g_ptr_array_add (page->items,
                   item_new (slot->layout, line, slot->role, slot->x,
                             baseline_for (grid_line, slot->size), slot->width, slot->size));
}

/* ---------------------------------------------------------------------- */
/* The letterhead                                                         */

/* Lays out page 1's header; returns the grid line of 文号 (under which
 * the title comes). */
static guint
lay_out_letterhead (DafuLayout *self,
                    Page       *page)
{
  const char *issuer = NULL, *doc_number = NULL, *category = NULL, *signer = NULL;
  double issuer_top = DAFU_LAYOUT_MM (30.0);
  double issuer_bottom = issuer_top + ISSUER_SIZE;
  double rule_bottom, target;
  guint n = dafu_document_get_n_parts (self->document);
  guint doc_line;

  for (guint i = 0; i < n; i++)
    {
      const DafuDocPart *part = dafu_document_get_part (self->document, i);

      if (part->role == DAFU_DOC_ROLE_ISSUER && issuer == NULL)
        issuer = part->text;
      else if (part->role == DAFU_DOC_ROLE_DOC_NUMBER && doc_number == NULL)
        doc_number = part->text;
      else if (part->role == DAFU_DOC_ROLE_CATEGORY && category == NULL)
        category = part->text;
      else if (part->role == DAFU_DOC_ROLE_SIGNER && signer == NULL)
        signer = part->text;
    }

  page->letterhead = TRUE;

  if (issuer != NULL)
    {
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle logical;
      PangoLayoutIter *iter;
      double size = ISSUER_SIZE;
      double line_height;
      int line_no = 0;

      /* A long name gets smaller to fit the 版心, and wraps if it must. */
      layout = make_layout (self, issuer, FONT_XIAOBIAOSONG, size, -1, 0, PANGO_ALIGN_CENTER, FALSE);
      pango_layout_get_extents (layout, NULL, &logical);
      if (logical.width / PANGO_SCALE > DAFU_LAYOUT_TEXT_WIDTH)
        size = MAX (TITLE_SIZE, size * DAFU_LAYOUT_TEXT_WIDTH / (logical.width / PANGO_SCALE) - 0.1);
      g_clear_object (&layout);
      layout = make_layout (self, issuer, FONT_XIAOBIAOSONG, size,
                            DAFU_LAYOUT_TEXT_WIDTH, 0, PANGO_ALIGN_CENTER, FALSE);

      line_height = size * 1.2;
      iter = pango_layout_get_iter (layout);
      do
        {
          Item *item;

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          item = item_new (layout, pango_layout_iter_get_line_readonly (iter),
                           DAFU_DOC_ROLE_ISSUER,
                           TEXT_LEFT + (double) logical.x / PANGO_SCALE,
                           issuer_top + line_no * line_height + EM_ASCENT * size,
                           (double) logical.width / PANGO_SCALE, size);
          item->red = TRUE;
          g_ptr_array_add (page->items, item);
          issuer_bottom = issuer_top + line_no * line_height + size;
          line_no++;
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
    }

  page->rule_top = issuer_bottom + DAFU_LAYOUT_MM (4.0);
  rule_bottom = page->rule_top + RULE_THICK + RULE_GAP + RULE_THIN;

  /* 文号 7/8 of a 3号 character under the rule, on the nearest grid line
   * that leaves room. */
  target = rule_bottom + BODY_SIZE * 7 / 8;
  doc_line = (guint) MAX (0.0, floor ((target - TEXT_TOP - (DAFU_LAYOUT_LINE_PITCH - BODY_SIZE) / 2)
                                      / DAFU_LAYOUT_LINE_PITCH + 0.5));
  while (baseline_for (doc_line, BODY_SIZE) - EM_ASCENT * BODY_SIZE < rule_bottom + 4)
    doc_line++;

  if (doc_number != NULL)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, doc_number, FONT_FANGSONG, BODY_SIZE,
                                                   -1, 0, PANGO_ALIGN_LEFT, TRUE);
      PangoRectangle logical;
      double x;

      pango_layout_get_extents (layout, NULL, &logical);
      if (signer != NULL)
        x = TEXT_LEFT + char_pitch (self);
      else
        x = TEXT_RIGHT - (double) logical.width / PANGO_SCALE;
      g_ptr_array_add (page->items,
                       item_new (layout, pango_layout_get_line_readonly (layout, 0),
                                 DAFU_DOC_ROLE_DOC_NUMBER, x, baseline_for (doc_line, BODY_SIZE),
                                 (double) logical.width / PANGO_SCALE, BODY_SIZE));
    }

  if (signer != NULL)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, signer, FONT_FANGSONG, BODY_SIZE,
                                                   -1, 0, PANGO_ALIGN_LEFT, TRUE);
      const char *colon = strstr (signer, "：");
      PangoRectangle logical;

      /* The signer's name in 楷体, as the standard has it. */
      if (colon != NULL)
        {
          PangoAttrList *attrs = pango_attr_list_copy (pango_layout_get_attributes (layout));

          add_font_attr (self, attrs, FONT_KAITI, colon + strlen ("：") - signer, G_MAXUINT);
          pango_layout_set_attributes (layout, attrs);
          pango_attr_list_unref (attrs);
        }
      pango_layout_get_extents (layout, NULL, &logical);
      g_ptr_array_add (page->items,
                       item_new (layout, pango_layout_get_line_readonly (layout, 0),
                                 DAFU_DOC_ROLE_SIGNER,
                                 TEXT_RIGHT - char_pitch (self) - (double) logical.width / PANGO_SCALE,
                                 baseline_for (doc_line, BODY_SIZE),
                                 (double) logical.width / PANGO_SCALE, BODY_SIZE));
    }

  if (category != NULL)
    {
      g_autoptr(PangoLayout) layout = make_layout (self, category, FONT_HEITI, BODY_SIZE,
                                                   -1, 0, PANGO_ALIGN_LEFT, FALSE);
      PangoRectangle logical;

      pango_layout_get_extents (layout, NULL, &logical);
      g_ptr_array_add (page->items,
                       item_new (layout, pango_layout_get_line_readonly (layout, 0),
                                 DAFU_DOC_ROLE_CATEGORY,
                                 TEXT_RIGHT - (double) logical.width / PANGO_SCALE,
                                 issuer_top - DAFU_LAYOUT_MM (4.0) - BODY_SIZE + EM_ASCENT * BODY_SIZE,
                                 (double) logical.width / PANGO_SCALE, BODY_SIZE));
    }

  return doc_line;
}

/* ---------------------------------------------------------------------- */
/* The flow                                                               */

static gboolean
is_body_role (DafuDocRole role)
{
  return role == DAFU_DOC_ROLE_BODY || role == DAFU_DOC_ROLE_HEADING_1 ||
         role == DAFU_DOC_ROLE_HEADING_2 || role == DAFU_DOC_ROLE_HEADING_3;
}

/* The signature block: consecutive issuer and date lines from @start;
 * returns the index after them. */
static guint
add_signature_block (DafuLayout *self,
                     GArray     *slots,
                     guint       start)
{
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (DafuDocRole));
  guint n = dafu_document_get_n_parts (self->document);
  double right = TEXT_RIGHT - 2 * char_pitch (self);
  double issuer_x = G_MAXDOUBLE;
  guint end;

  for (end = start; end < n; end++)
    {
      const DafuDocPart *part = dafu_document_get_part (self->document, end);
      PangoLayout *layout;
      PangoRectangle logical;
      double width, x;

      if (part->role != DAFU_DOC_ROLE_SIGNATURE && part->role != DAFU_DOC_ROLE_DATE)
        break;
      layout = make_layout (self, part->text, FONT_FANGSONG, BODY_SIZE,
                            DAFU_LAYOUT_TEXT_WIDTH, 0, PANGO_ALIGN_LEFT, TRUE);
      pango_layout_get_extents (layout, NULL, &logical);
      width = MIN ((double) logical.width / PANGO_SCALE, DAFU_LAYOUT_TEXT_WIDTH);
      x = right - width;
      if (part->role == DAFU_DOC_ROLE_SIGNATURE)
        issuer_x = MIN (issuer_x, x);
      g_ptr_array_add (layouts, layout);
      g_array_append_val (widths, width);
      g_array_append_val (xs, x);
      g_array_append_val (roles, part->role);
    }

  /* The date starts two characters right of the issuer; when it is the
   * longer, it ends two characters in and the issuer moves left. */
  if (issuer_x < G_MAXDOUBLE)
    {
      double shift = 0;

      for (guint i = 0; i < layouts->len; i++)
        if (g_array_index (roles, DafuDocRole, i) == DAFU_DOC_ROLE_DATE)
          {
            double x = issuer_x + 2 * char_pitch (self);

            g_array_index (xs, double, i) = x;
            shift = MAX (shift, x + g_array_index (widths, double, i) - right);
          }
      for (guint i = 0; i < layouts->len; i++)
        g_array_index (xs, double, i) -= shift;
    }

  /* Never the signature on a page of its own: the body's last line and
   * the blank line go with it. */
  if (slots->len > 0)
    g_array_index (slots, Slot, slots->len - 1).keep_with_next = TRUE;
  add_blank (slots);
  g_array_index (slots, Slot, slots->len - 1).keep_with_next = layouts->len > 0;
  for (guint i = 0; i < layouts->len; i++)
    add_slots (slots, g_ptr_array_index (layouts, i), g_array_index (roles, DafuDocRole, i),
               MAX (TEXT_LEFT, g_array_index (xs, double, i)), BODY_SIZE, i + 1 < layouts->len);

  return end;
}

/* The narrowest width at which a title still takes as few lines as on
 * the full width, so that its lines come out about as long as each other
 * rather than a full line over a last word alone. */
static double
balanced_width (DafuLayout *self,
                const char *text)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, FONT_XIAOBIAOSONG, TITLE_SIZE,
                                               DAFU_LAYOUT_TEXT_WIDTH, 0, PANGO_ALIGN_CENTER, FALSE);
  int n_lines = pango_layout_get_line_count (layout);
  double low, high = DAFU_LAYOUT_TEXT_WIDTH;

  if (n_lines <= 1)
    return DAFU_LAYOUT_TEXT_WIDTH;

  low = DAFU_LAYOUT_TEXT_WIDTH / n_lines - TITLE_SIZE;
  while (high - low > 1.0)
    {
      double mid = (low + high) / 2;

      pango_layout_set_width (layout, (int) (mid * PANGO_SCALE));
      if (pango_layout_get_line_count (layout) > n_lines)
        low = mid;
      else
        high = mid;
    }
  return high;
}

static void
build_flow (DafuLayout *self,
            GArray     *slots,
            GPtrArray  *cc_layouts)
{
  guint n = dafu_document_get_n_parts (self->document);
  double indent = 2 * char_pitch (self);
  DafuDocRole prev = DAFU_DOC_ROLE_ISSUER;
  guint i = 0;

  while (i < n)
    {
      const DafuDocPart *part = dafu_document_get_part (self->document, i);
      g_autoptr(PangoLayout) layout = NULL;

      switch (part->role)
        {
        case DAFU_DOC_ROLE_ISSUER:
        case DAFU_DOC_ROLE_DOC_NUMBER:
        case DAFU_DOC_ROLE_CATEGORY:
        case DAFU_DOC_ROLE_SIGNER:
          i++;
          continue;

        case DAFU_DOC_ROLE_TITLE:
          if (slots->len > 0 && prev != DAFU_DOC_ROLE_TITLE)
            add_blank (slots);
          {
            double width = balanced_width (self, part->text);

            layout = make_layout (self, part->text, FONT_XIAOBIAOSONG, TITLE_SIZE,
                                  width, 0, PANGO_ALIGN_CENTER, FALSE);
            add_slots (slots, layout, part->role, TEXT_CENTER - width / 2, TITLE_SIZE, TRUE);
          }
          break;

        case DAFU_DOC_ROLE_SALUTATION:
          if (prev == DAFU_DOC_ROLE_TITLE)
            add_blank (slots);
          layout = make_layout (self, part->text, FONT_FANGSONG, BODY_SIZE,
                                DAFU_LAYOUT_TEXT_WIDTH, 0, PANGO_ALIGN_LEFT, TRUE);
          add_slots (slots, layout, part->role, TEXT_LEFT, BODY_SIZE, FALSE);
          break;

        case DAFU_DOC_ROLE_SIGNATURE:
        case DAFU_DOC_ROLE_DATE:
          i = add_signature_block (self, slots, i);
          prev = DAFU_DOC_ROLE_DATE;
          continue;

        case DAFU_DOC_ROLE_NOTE:
          if (slots->len > 0 && prev != DAFU_DOC_ROLE_NOTE && prev != DAFU_DOC_ROLE_DATE &&
              prev != DAFU_DOC_ROLE_SIGNATURE)
            add_blank (slots);
          layout = make_layout (self, part->text, FONT_FANGSONG, BODY_SIZE,
                                DAFU_LAYOUT_TEXT_WIDTH, indent, PANGO_ALIGN_LEFT, TRUE);
          add_slots (slots, layout, part->role, TEXT_LEFT, BODY_SIZE, FALSE);
          break;

        case DAFU_DOC_ROLE_CC:
          {
            const char *colon = strstr (part->text, "：");
            double width = DAFU_LAYOUT_TEXT_WIDTH - 2 * SMALL_SIZE;

            layout = make_layout (self, part->text, FONT_FANGSONG, SMALL_SIZE,
                                  width, 0, PANGO_ALIGN_LEFT, FALSE);
            /* Continuation lines start under the first name, after 抄送：. */
            if (colon != NULL)
              {
                PangoRectangle pos;

                pango_layout_index_to_pos (layout, colon + strlen ("：") - part->text, &pos);
                if (pos.x / PANGO_SCALE < width / 2)
                  pango_layout_set_indent (layout, -pos.x);
              }
            g_ptr_array_add (cc_layouts, g_steal_pointer (&layout));
            i++;
            continue;
          }

        case DAFU_DOC_ROLE_BODY:
        case DAFU_DOC_ROLE_HEADING_1:
        case DAFU_DOC_ROLE_HEADING_2:
        case DAFU_DOC_ROLE_HEADING_3:
        default:
          if (prev == DAFU_DOC_ROLE_TITLE)
            add_blank (slots);
          layout = make_layout (self, part->text, font_for_role (part->role), BODY_SIZE,
                                DAFU_LAYOUT_TEXT_WIDTH, indent, PANGO_ALIGN_LEFT, TRUE);
          if (part->role == DAFU_DOC_ROLE_BODY)
            mark_run_in_heading (self, layout, part->text);
          /* A heading stays with the first line of its paragraph. */
          add_slots (slots, layout, part->role, TEXT_LEFT, BODY_SIZE,
                     part->role != DAFU_DOC_ROLE_BODY);
          break;
        }

      prev = is_body_role (part->role) ? DAFU_DOC_ROLE_BODY : part->role;
      i++;
    }
}

static void
paginate (DafuLayout *self,
          GArray     *slots,
          GPtrArray  *cc_layouts,
          guint       first_line)
{
  Page *page = g_ptr_array_index (self->pages, 0);
  guint line = first_line;
  guint n_cc = 0;

  for (guint i = 0; i < slots->len; i++)
    {
      Slot *slot = &g_array_index (slots, Slot, i);
      guint need = 1;

      /* No blank line at the top of a page. */
      if (slot->layout == NULL && line == 0)
        continue;

      /* Lines kept together (a heading and its paragraph's first line, the
       * issuer and the date) go to the next page together. */
      for (guint j = i; j + 1 < slots->len && g_array_index (slots, Slot, j).keep_with_next; j++)
        need++;
      if (line + need > DAFU_LAYOUT_LINES && need <= DAFU_LAYOUT_LINES && line > 0)
        line = DAFU_LAYOUT_LINES;

      if (line >= DAFU_LAYOUT_LINES)
        {
          page = page_new (self);
          line = 0;
          if (slot->layout == NULL)
            continue;
        }
      place_slot (page, slot, line);
      line++;
    }

  /* 抄送 on the last lines of the last page. */
  for (guint i = 0; i < cc_layouts->len; i++)
    n_cc += pango_layout_get_line_count (g_ptr_array_index (cc_layouts, i));
  if (n_cc > 0)
    {
      guint cc_line;

      n_cc = MIN (n_cc, DAFU_LAYOUT_LINES);
      if (line > DAFU_LAYOUT_LINES - n_cc)
        page = page_new (self);
      cc_line = DAFU_LAYOUT_LINES - n_cc;
      page->cc_top = TEXT_TOP + cc_line * DAFU_LAYOUT_LINE_PITCH;
      page->cc_bottom = TEXT_BOTTOM;
      for (guint i = 0; i < cc_layouts->len; i++)
        {
          GArray *cc_slots = g_array_new (FALSE, TRUE, sizeof (Slot));

          g_array_set_clear_func (cc_slots, slot_clear);
          add_slots (cc_slots, g_ptr_array_index (cc_layouts, i), DAFU_DOC_ROLE_CC,
                     TEXT_LEFT + SMALL_SIZE, SMALL_SIZE, FALSE);
          for (guint j = 0; j < cc_slots->len && cc_line < DAFU_LAYOUT_LINES; j++)
            place_slot (page, &g_array_index (cc_slots, Slot, j), cc_line++);
          g_array_unref (cc_slots);
        }
    }
}

static void
add_page_numbers (DafuLayout *self)
{
  for (guint i = 1; i < self->pages->len; i++)
    {
      Page *page = g_ptr_array_index (self->pages, i);
      g_autofree char *text = g_strdup_printf ("— %u —", i + 1);
      g_autoptr(PangoLayout) layout = make_layout (self, text, FONT_SONG, SMALL_SIZE,
                                                   -1, 0, PANGO_ALIGN_LEFT, FALSE);
      PangoRectangle logical;
      double width, x;
      Item *item;

      pango_layout_get_extents (layout, NULL, &logical);
      width = (double) logical.width / PANGO_SCALE;
      /* Odd pages at the right, even ones at the left, one character in. */
      if ((i + 1) % 2 == 1)
        x = TEXT_RIGHT - SMALL_SIZE - width;
      else
        x = TEXT_LEFT + SMALL_SIZE;
      item = item_new (layout, pango_layout_get_line_readonly (layout, 0), DAFU_DOC_ROLE_BODY,
                       x, TEXT_BOTTOM + DAFU_LAYOUT_MM (7.0) + EM_ASCENT * SMALL_SIZE,
                       width, SMALL_SIZE);
      item->info.page_number = TRUE;
      g_ptr_array_add (page->items, item);
    }
}

/**
 * dafu_layout_new:
 * @document: the letter to lay out
 * @error: unused for now: a layout is always made (a missing font falls
 *   back, see dafu_layout_describe_fonts())
 *
 * Lays @document out at once on A4 pages in the GB/T 9704-2012 letter
 * format. An empty document gives one page with the letterhead.
 *
 * Returns: (transfer full): the layout
 */
DafuLayout *
dafu_layout_new (DafuDocument  *document,
                 GError       **error)
{
  g_autoptr(DafuLayout) self = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GPtrArray) cc_layouts = NULL;
  cairo_font_options_t *options;
  PangoFontMap *map;
  guint doc_line;

  g_return_val_if_fail (DAFU_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DAFU_TYPE_LAYOUT, NULL);
  self->document = g_object_ref (document);

  /* Points as device units, no hinting: the same line breaks on screen,
   * on paper and in the PDF. */
  map = pango_cairo_font_map_get_default ();
  self->context = pango_font_map_create_context (map);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_language (self->context, pango_language_from_string ("zh-cn"));
  pango_context_set_round_glyph_positions (self->context, FALSE);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);

  choose_fonts (self);

  page_new (self);
  doc_line = lay_out_letterhead (self, g_ptr_array_index (self->pages, 0));

  slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (slots, slot_clear);
  cc_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  build_flow (self, slots, cc_layouts);
  /* The title two blank lines under 文号. */
  paginate (self, slots, cc_layouts, MIN (doc_line + 3, DAFU_LAYOUT_LINES - 1));
  add_page_numbers (self);

  return g_steal_pointer (&self);
}

/**
 * dafu_layout_get_document:
 *
 * Returns: (transfer none): the document laid out
 */
DafuDocument *
dafu_layout_get_document (DafuLayout *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT (self), NULL);
  return self->document;
}

/**
 * dafu_layout_get_n_pages:
 *
 * Returns: the number of pages, at least 1
 */
guint
dafu_layout_get_n_pages (DafuLayout *self)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT (self), 0);
  return self->pages->len;
}

static void
fill_rule (cairo_t *cr,
           double   top,
           double   height)
{
  cairo_rectangle (cr, TEXT_CENTER - RULE_LENGTH / 2, top, RULE_LENGTH, height);
  cairo_fill (cr);
}

/**
 * dafu_layout_render_page:
 * @page: the page's index, from 0
 * @cr: where to draw, in points, the page's top-left corner at (0, 0)
 *
 * Draws one page (A4, %DAFU_LAYOUT_PAGE_WIDTH × %DAFU_LAYOUT_PAGE_HEIGHT
 * points): its text, the red rules of the letterhead and the 版记's
 * rules. The paper is not painted: the caller fills it if it must.
 */
void
dafu_layout_render_page (DafuLayout *self,
                         guint       page_index,
                         cairo_t    *cr)
{
  Page *page;

  g_return_if_fail (DAFU_IS_LAYOUT (self));
  g_return_if_fail (cr != NULL);

  if (page_index >= self->pages->len)
    return;
  page = g_ptr_array_index (self->pages, page_index);

  cairo_save (cr);

  if (page->letterhead)
    {
      double bottom = DAFU_LAYOUT_PAGE_HEIGHT - DAFU_LAYOUT_MM (20.0);

      cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
      /* Thick over thin under the issuer … */
      fill_rule (cr, page->rule_top, RULE_THICK);
      fill_rule (cr, page->rule_top + RULE_THICK + RULE_GAP, RULE_THIN);
      /* … thin over thick, its lower edge 20 mm above the page's bottom. */
      fill_rule (cr, bottom - RULE_THICK - RULE_GAP - RULE_THIN, RULE_THIN);
      fill_rule (cr, bottom - RULE_THICK, RULE_THICK);
    }

  if (page->cc_top >= 0)
    {
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, TEXT_LEFT, page->cc_top, DAFU_LAYOUT_TEXT_WIDTH, CC_RULE);
      cairo_rectangle (cr, TEXT_LEFT, page->cc_bottom - CC_RULE, DAFU_LAYOUT_TEXT_WIDTH, CC_RULE);
      cairo_fill (cr);
    }

  for (guint i = 0; i < page->items->len; i++)
    {
      Item *item = g_ptr_array_index (page->items, i);

      if (item->red)
        cairo_set_source_rgb (cr, RED_R, RED_G, RED_B);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, item->info.x, item->info.y);
      pango_cairo_show_layout_line (cr, item->line);
    }

  cairo_restore (cr);
}

/**
 * dafu_layout_get_lines:
 * @page: the page's index, from 0
 *
 * Returns: (transfer full) (element-type DafuLayoutLine): copies of the
 *   page's lines in drawing order (the letterhead, the flow, 抄送, the
 *   page number); empty past the last page
 */
GPtrArray *
dafu_layout_get_lines (DafuLayout *self,
                       guint       page_index)
{
  GPtrArray *lines;
  Page *page;

  g_return_val_if_fail (DAFU_IS_LAYOUT (self), NULL);

  lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dafu_layout_line_free);
  if (page_index >= self->pages->len)
    return lines;
  page = g_ptr_array_index (self->pages, page_index);
  for (guint i = 0; i < page->items->len; i++)
    {
      Item *item = g_ptr_array_index (page->items, i);
      DafuLayoutLine *line = g_new (DafuLayoutLine, 1);

      *line = item->info;
      line->text = g_strdup (item->info.text);
      g_ptr_array_add (lines, line);
    }
  return lines;
}

/**
 * dafu_layout_get_font:
 * @role: a role
 *
 * Returns: the font family the role's text is set in
 */
const char *
dafu_layout_get_font (DafuLayout  *self,
                      DafuDocRole  role)
{
  g_return_val_if_fail (DAFU_IS_LAYOUT (self), NULL);
  return self->families[font_for_role (role)];
}

/**
 * dafu_layout_describe_fonts:
 *
 * Returns: (transfer full): for the user, one sentence a line: which font
 *   the body, the title, and the headings are set in, and which of the
 *   bureaus' fonts are missing
 */
char *
dafu_layout_describe_fonts (DafuLayout *self)
{
  static const FontKind kinds[] = { FONT_FANGSONG, FONT_XIAOBIAOSONG, FONT_HEITI, FONT_KAITI };
  GString *out;

  g_return_val_if_fail (DAFU_IS_LAYOUT (self), g_strdup (""));

  out = g_string_new (NULL);
  if (self->no_cjk)
    g_string_append_printf (out, "%s\n",
                            _("No font with Chinese characters is installed, so the letter’s text cannot be "
                              "shown: install one, such as Noto Serif CJK SC."));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      FontKind k = kinds[i];
      const char *used = self->families[k];
      const char *wanted = font_choices[k].preferred[0];

      switch (k)
        {
        case FONT_FANGSONG:
          if (self->preferred[k])
            g_string_append_printf (out, _("Body text: %s."), used);
          else
            /* Translators: the first %s is the font used, the second the one preferred */
            g_string_append_printf (out, _("Body text: %s, as %s is not installed."), used, wanted);
          break;
        case FONT_XIAOBIAOSONG:
          if (self->preferred[k])
            g_string_append_printf (out, _("Title and issuer: %s."), used);
          else
            g_string_append_printf (out, _("Title and issuer: %s, as %s is not installed."), used, wanted);
          break;
        case FONT_HEITI:
          if (self->preferred[k])
            g_string_append_printf (out, _("First-level headings: %s."), used);
          else
            g_string_append_printf (out, _("First-level headings: %s, as %s is not installed."), used, wanted);
          break;
        case FONT_KAITI:
          if (self->preferred[k])
            g_string_append_printf (out, _("Second-level headings: %s."), used);
          else
            g_string_append_printf (out, _("Second-level headings: %s, as %s is not installed."), used, wanted);
          break;
        case FONT_SONG:
        case N_FONTS:
        default:
          break;
        }
      if (i + 1 < G_N_ELEMENTS (kinds))
        g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
