/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "dafu-document.h"
#include "dafu-draft.h"
#include "dafu-layout.h"
#include "dafu-pdf-writer.h"
#include "dafu-test-util.h"

/* The GB/T 9704-2012 letter layout: the numbers of the standard checked on
 * the layout's own lines, on the rendered page and in the exported PDF. */

#define MM(x) DAFU_LAYOUT_MM (x)
#define TEXT_LEFT DAFU_LAYOUT_MARGIN_LEFT
#define TEXT_RIGHT (DAFU_LAYOUT_MARGIN_LEFT + DAFU_LAYOUT_TEXT_WIDTH)

/* A line's baseline on grid line k (from 0), for size s: the em box in
 * the middle of the line's cell, the baseline 0.88 em under its top. */
static double
grid_baseline (guint  k,
               double size)
{
  return DAFU_LAYOUT_MARGIN_TOP + k * DAFU_LAYOUT_LINE_PITCH
         + (DAFU_LAYOUT_LINE_PITCH - size) / 2 + 0.88 * size;
}

/* A paragraph of plain characters (no punctuation, which may not start a
 * line and so shortens some), long enough to fill more than two pages. */
static char *
long_paragraph (void)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 120; i++)
    g_string_append (text, "社区老年助餐服务网点建设稳步推进");
  g_string_append (text, "。");
  return g_string_free (text, FALSE);
}

static DafuDraft *
fixture_draft (void)
{
  DafuDraft *draft = dafu_draft_new ();
  g_autofree char *paragraph = long_paragraph ();
  g_autofree char *measure = g_strconcat ("一、加快助餐网点建设\n", paragraph, NULL);
  g_autoptr(DafuDraftBlock) opening = dafu_draft_block_new (DAFU_BLOCK_KIND_OPENING,
                                                             "您提出的《{建议标题}》收悉。经研究，现答复如下：");
  g_autoptr(DafuDraftBlock) body = dafu_draft_block_new (DAFU_BLOCK_KIND_MEASURE, measure);
  g_autoptr(DafuDraftBlock) closing = dafu_draft_block_new (DAFU_BLOCK_KIND_CLOSING,
                                                             "感谢您对民政工作的关心和支持。");

  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ISSUER, "咸阳市民政局");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DOC_NUMBER, "咸民函〔2026〕12号");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SESSION, "市十届人大一次会议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_SUGGESTION_NUMBER, "56");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE, "王芳");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_ADDRESSEE_ROLE, "代表");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_TITLE, "关于加快发展社区助餐服务的建议");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_DATE, "2026-11-23");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT, "市民政局养老服务科");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CONTACT_PHONE, "029-33210000");
  dafu_draft_set_field (draft, DAFU_LETTER_FIELD_CC, "市人大常委会代表工作委员会，市政府督查室");
  dafu_draft_add_standard_parts (draft);

  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_OPENING), opening);
  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_MEASURE), body);
  dafu_draft_insert_block (draft, dafu_draft_suggest_position (draft, DAFU_BLOCK_KIND_CLOSING), closing);
  return draft;
}

static DafuLayout *
fixture_layout (void)
{
  g_autoptr(DafuDraft) draft = fixture_draft ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DafuDocument) doc = dafu_document_new_from_draft (draft, &error);
  DafuLayout *layout;

  g_assert_no_error (error);
  layout = dafu_layout_new (doc, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layout);
  return layout;
}

static DafuLayout *
changzhi_layout (void)
{
  g_autoptr(DafuLetter) letter = dafu_test_load_sample ("changzhi-2025-59.txt");
  g_autoptr(DafuDocument) doc = dafu_document_new_from_letter (letter);
  g_autoptr(GError) error = NULL;
  DafuLayout *layout = dafu_layout_new (doc, &error);

  g_assert_no_error (error);
  return layout;
}

static const DafuLayoutLine *
find_line (GPtrArray   *lines,
           DafuDocRole  role,
           guint        nth)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const DafuLayoutLine *line = g_ptr_array_index (lines, i);

      if (line->role == role && !line->page_number && nth-- == 0)
        return line;
    }
  return NULL;
}

static const DafuLayoutLine *
page_number (GPtrArray *lines)
{
  const DafuLayoutLine *found = NULL;

  for (guint i = 0; i < lines->len; i++)
    {
      const DafuLayoutLine *line = g_ptr_array_index (lines, i);

      if (line->page_number)
        {
          g_assert_null (found);
          found = line;
        }
    }
  return found;
}

/* Which grid line a baseline is on, or -1. */
static int
grid_line_of (const DafuLayoutLine *line)
{
  for (int k = 0; k < DAFU_LAYOUT_LINES; k++)
    if (fabs (line->y - grid_baseline (k, line->size)) < 0.01)
      return k;
  return -1;
}

static void
test_grid (void)
{
  /* The standard's numbers in points. */
  g_assert_cmpfloat_with_epsilon (DAFU_LAYOUT_PAGE_WIDTH, MM (210), 0.01);
  g_assert_cmpfloat_with_epsilon (DAFU_LAYOUT_PAGE_HEIGHT, MM (297), 0.01);
  g_assert_cmpfloat_with_epsilon (DAFU_LAYOUT_MARGIN_LEFT + DAFU_LAYOUT_TEXT_WIDTH + DAFU_LAYOUT_MARGIN_RIGHT,
                                  DAFU_LAYOUT_PAGE_WIDTH, 0.01);
  g_assert_cmpfloat_with_epsilon (DAFU_LAYOUT_MARGIN_TOP + DAFU_LAYOUT_TEXT_HEIGHT + DAFU_LAYOUT_MARGIN_BOTTOM,
                                  DAFU_LAYOUT_PAGE_HEIGHT, 0.01);
  g_assert_cmpfloat_with_epsilon (DAFU_LAYOUT_LINE_PITCH, 28.99, 0.01);
}

static void
test_fixture_pages (void)
{
  g_autoptr(DafuLayout) layout = fixture_layout ();
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  const DafuLayoutLine *line;
  guint n_pages, n_body = 0, n_full = 0;

  n_pages = dafu_layout_get_n_pages (layout);
  g_assert_cmpuint (n_pages, ==, 4);

  /* Page 1: the letterhead, the title on grid line 4 (two blank lines
   * under 文号 on line 1), the salutation on line 6, the body from line 7. */
  first = dafu_layout_get_lines (layout, 0);
  line = find_line (first, DAFU_DOC_ROLE_DOC_NUMBER, 0);
  g_assert_nonnull (line);
  g_assert_cmpint (grid_line_of (line), ==, 1);
  g_assert_cmpfloat_with_epsilon (line->x + line->width, TEXT_RIGHT, 0.5);
  line = find_line (first, DAFU_DOC_ROLE_TITLE, 0);
  g_assert_cmpstr (line->text, ==, "关于市十届人大一次会议第56号建议的答复");
  g_assert_cmpint (grid_line_of (line), ==, 4);
  g_assert_cmpfloat (line->size, ==, 22);
  /* centred */
  g_assert_cmpfloat_with_epsilon (line->x + line->width / 2, TEXT_LEFT + DAFU_LAYOUT_TEXT_WIDTH / 2, 0.5);
  line = find_line (first, DAFU_DOC_ROLE_SALUTATION, 0);
  g_assert_cmpint (grid_line_of (line), ==, 6);
  g_assert_cmpfloat_with_epsilon (line->x, TEXT_LEFT, 0.01);
  /* The first body line: two characters in. */
  line = find_line (first, DAFU_DOC_ROLE_BODY, 0);
  g_assert_cmpint (grid_line_of (line), ==, 7);
  g_assert_cmpfloat_with_epsilon (line->x, TEXT_LEFT + 2 * DAFU_LAYOUT_TEXT_WIDTH / DAFU_LAYOUT_CHARS, 0.5);
  g_assert_cmpfloat (line->size, ==, 16);
  g_assert_null (page_number (first));

  /* Page 2: a full page of 22 body lines of 28 characters on the grid;
   * the first baseline is the top margin plus the first line's. */
  second = dafu_layout_get_lines (layout, 1);
  for (guint i = 0; i < second->len; i++)
    {
      line = g_ptr_array_index (second, i);
      if (line->page_number)
        continue;
      g_assert_cmpint (line->role, ==, DAFU_DOC_ROLE_BODY);
      g_assert_cmpint (grid_line_of (line), ==, n_body);
      n_body++;
      if (line->n_chars == DAFU_LAYOUT_CHARS)
        {
          n_full++;
          g_assert_cmpfloat_with_epsilon (line->x, TEXT_LEFT, 0.01);
          g_assert_cmpfloat_with_epsilon (line->width, DAFU_LAYOUT_TEXT_WIDTH, 0.5);
        }
      g_assert_cmpuint (line->n_chars, <=, DAFU_LAYOUT_CHARS);
    }
  g_assert_cmpuint (n_body, ==, DAFU_LAYOUT_LINES);
  g_assert_cmpuint (n_full, ==, DAFU_LAYOUT_LINES);
  line = find_line (second, DAFU_DOC_ROLE_BODY, 0);
  g_assert_cmpfloat_with_epsilon (line->y, MM (37) + (DAFU_LAYOUT_LINE_PITCH - 16) / 2 + 0.88 * 16, 0.01);

  /* Page numbers: 4号, 7 mm under the 版心, even pages at the left, odd
   * ones at the right, one character in. */
  line = page_number (second);
  g_assert_nonnull (line);
  g_assert_cmpstr (line->text, ==, "— 2 —");
  g_assert_cmpfloat (line->size, ==, 14);
  g_assert_cmpfloat_with_epsilon (line->x, TEXT_LEFT + 14, 0.01);
  g_assert_cmpfloat_with_epsilon (line->y - 0.88 * 14, MM (37 + 225 + 7), 0.01);

  third = dafu_layout_get_lines (layout, 2);
  line = page_number (third);
  g_assert_cmpstr (line->text, ==, "— 3 —");
  g_assert_cmpfloat_with_epsilon (line->x + line->width, TEXT_RIGHT - 14, 0.01);
}

static void
test_fixture_closing (void)
{
  g_autoptr(DafuLayout) layout = fixture_layout ();
  guint last_page = dafu_layout_get_n_pages (layout) - 1;
  g_autoptr(GPtrArray) lines = dafu_layout_get_lines (layout, last_page);
  const DafuLayoutLine *body, *signature, *date, *note, *cc;
  double pitch = DAFU_LAYOUT_TEXT_WIDTH / DAFU_LAYOUT_CHARS;
  guint n_body = 0;

  for (guint i = 0; i < lines->len; i++)
    if (((DafuLayoutLine *) g_ptr_array_index (lines, i))->role == DAFU_DOC_ROLE_BODY &&
        !((DafuLayoutLine *) g_ptr_array_index (lines, i))->page_number)
      n_body++;
  body = find_line (lines, DAFU_DOC_ROLE_BODY, n_body - 1);
  signature = find_line (lines, DAFU_DOC_ROLE_SIGNATURE, 0);
  date = find_line (lines, DAFU_DOC_ROLE_DATE, 0);
  note = find_line (lines, DAFU_DOC_ROLE_NOTE, 0);
  cc = find_line (lines, DAFU_DOC_ROLE_CC, 0);
  g_assert_nonnull (body);
  g_assert_nonnull (signature);
  g_assert_nonnull (date);
  g_assert_nonnull (note);
  g_assert_nonnull (cc);

  /* The issuer one blank line under the body, two characters from the
   * right; the date on the next line, two characters right of the
   * issuer's start or, being longer, ending two characters in. */
  g_assert_cmpstr (signature->text, ==, "咸阳市民政局");
  g_assert_cmpint (grid_line_of (signature), ==, grid_line_of (body) + 2);
  g_assert_cmpstr (date->text, ==, "2026年11月23日");
  g_assert_cmpint (grid_line_of (date), ==, grid_line_of (signature) + 1);
  g_assert_cmpfloat_with_epsilon (date->x + date->width, TEXT_RIGHT - 2 * pitch, 0.5);
  g_assert_cmpfloat_with_epsilon (signature->x, date->x - 2 * pitch, 0.5);
  /* The note on the next line, two characters in. */
  g_assert_cmpint (grid_line_of (note), ==, grid_line_of (date) + 1);
  g_assert_cmpfloat_with_epsilon (note->x, TEXT_LEFT + 2 * pitch, 0.5);
  /* 抄送 in 4号 on the last grid line, one character in. */
  g_assert_cmpstr (cc->text, ==, "抄送：市人大常委会代表工作委员会，市政府督查室。");
  g_assert_cmpfloat (cc->size, ==, 14);
  g_assert_cmpint (grid_line_of (cc), ==, DAFU_LAYOUT_LINES - 1);
  g_assert_cmpfloat_with_epsilon (cc->x, TEXT_LEFT + 14, 0.01);
}

/* The topmost and bottommost rows with red, and the widest red run, in
 * points, of page 1 drawn at 4 pixels a point. */
static void
scan_red (DafuLayout *layout,
          double     *first_row,
          double     *rule_row,
          double     *last_row,
          double     *rule_length)
{
  const double scale = 4;
  int width = (int) ceil (DAFU_LAYOUT_PAGE_WIDTH * scale);
  int height = (int) ceil (DAFU_LAYOUT_PAGE_HEIGHT * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  unsigned char *data;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  dafu_layout_render_page (layout, 0, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  *first_row = *rule_row = *last_row = -1;
  *rule_length = 0;
  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (data + y * stride);
      int left = -1, right = -1;

      for (int x = 0; x < width; x++)
        {
          guint r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

          if (r > 200 && g < 80 && b < 80)
            {
              if (left < 0)
                left = x;
              right = x;
            }
        }
      if (left < 0)
        continue;
      if (*first_row < 0)
        *first_row = y / scale;
      *last_row = (y + 1) / scale;
      /* A rule: a run longer than the 版心 */
      if ((right - left + 1) / scale > DAFU_LAYOUT_TEXT_WIDTH)
        {
          if (*rule_row < 0)
            *rule_row = y / scale;
          *rule_length = MAX (*rule_length, (right - left + 1) / scale);
        }
    }
  cairo_surface_destroy (surface);
}

static void
test_letterhead (void)
{
  g_autoptr(DafuLayout) layout = changzhi_layout ();
  g_autoptr(GPtrArray) lines = dafu_layout_get_lines (layout, 0);
  const DafuLayoutLine *issuer = find_line (lines, DAFU_DOC_ROLE_ISSUER, 0);
  double first_row, rule_row, last_row, rule_length;

  g_assert_nonnull (issuer);
  g_assert_cmpstr (issuer->text, ==, "长治市民政局");
  /* Its em box's top 30 mm from the page's top, centred on the 版心. */
  g_assert_cmpfloat_with_epsilon (issuer->y - 0.88 * issuer->size, MM (30), 0.01);
  g_assert_cmpfloat_with_epsilon (issuer->x + issuer->width / 2, TEXT_LEFT + DAFU_LAYOUT_TEXT_WIDTH / 2, 0.5);

  /* On the page: red from 30 mm (the glyphs' tops are a little inside the
   * em box), the double rule 4 mm under the issuer, 170 mm long, and the
   * lower rule's bottom 20 mm above the page's bottom. */
  scan_red (layout, &first_row, &rule_row, &last_row, &rule_length);
  g_assert_cmpfloat (first_row, >=, MM (30) - 0.5);
  g_assert_cmpfloat (first_row, <=, MM (30) + 4);
  g_assert_cmpfloat_with_epsilon (rule_row, MM (30) + issuer->size + MM (4), 0.5);
  g_assert_cmpfloat_with_epsilon (rule_length, MM (170), 1);
  g_assert_cmpfloat_with_epsilon (last_row, DAFU_LAYOUT_PAGE_HEIGHT - MM (20), 0.5);
}

static void
test_changzhi (void)
{
  g_autoptr(DafuLayout) layout = changzhi_layout ();
  guint n_pages = dafu_layout_get_n_pages (layout);
  g_autoptr(GPtrArray) first = dafu_layout_get_lines (layout, 0);
  g_autoptr(GPtrArray) last = dafu_layout_get_lines (layout, n_pages - 1);
  const DafuLayoutLine *line;
  guint body_lines = 0;

  g_assert_cmpuint (n_pages, ==, 4);

  line = find_line (first, DAFU_DOC_ROLE_DOC_NUMBER, 0);
  g_assert_cmpstr (line->text, ==, "长民函〔2025〕59号");
  g_assert_cmpfloat_with_epsilon (line->x + line->width, TEXT_RIGHT, 0.5);
  /* The title on two balanced lines, each centred. */
  for (guint i = 0; i < 2; i++)
    {
      line = find_line (first, DAFU_DOC_ROLE_TITLE, i);
      g_assert_nonnull (line);
      g_assert_cmpint (grid_line_of (line), ==, 4 + i);
      g_assert_cmpuint (line->n_chars, >=, 9);
      g_assert_cmpfloat_with_epsilon (line->x + line->width / 2, TEXT_LEFT + DAFU_LAYOUT_TEXT_WIDTH / 2, 0.5);
    }
  g_assert_null (find_line (first, DAFU_DOC_ROLE_TITLE, 2));
  line = find_line (first, DAFU_DOC_ROLE_SALUTATION, 0);
  g_assert_cmpstr (line->text, ==, "尊敬的张成斌代表：");
  g_assert_cmpint (grid_line_of (line), ==, 7);

  /* Every page between is full: 22 lines. */
  for (guint p = 1; p + 1 < n_pages; p++)
    {
      g_autoptr(GPtrArray) lines = dafu_layout_get_lines (layout, p);

      g_assert_cmpuint (lines->len, ==, DAFU_LAYOUT_LINES + 1);
    }
  for (guint i = 0; i < first->len; i++)
    if (((DafuLayoutLine *) g_ptr_array_index (first, i))->role == DAFU_DOC_ROLE_BODY)
      body_lines++;
  g_assert_cmpuint (body_lines, ==, DAFU_LAYOUT_LINES - 8);

  line = find_line (last, DAFU_DOC_ROLE_DATE, 0);
  g_assert_cmpstr (line->text, ==, "2025年9月4日");
  line = page_number (last);
  g_assert_cmpstr (line->text, ==, "— 4 —");
}

static void
test_keep_signature_with_date (void)
{
  g_autoptr(DafuDocument) doc = dafu_document_new ();
  g_autoptr(DafuLayout) layout = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  const DafuLayoutLine *line;

  /* One-line paragraphs: 15 on page 1 (lines 7 to 21), 20 on page 2; the
   * blank line comes on line 20 and the issuer would be alone on line 21,
   * its date on the next page. They go to the next page together, with
   * the body's last line: no page with the signature and no text. */
  dafu_document_append (doc, DAFU_DOC_ROLE_ISSUER, "咸阳市民政局");
  dafu_document_append (doc, DAFU_DOC_ROLE_TITLE, "关于第56号建议的答复");
  dafu_document_append (doc, DAFU_DOC_ROLE_SALUTATION, "尊敬的王芳代表：");
  for (guint i = 0; i < 35; i++)
    dafu_document_append (doc, DAFU_DOC_ROLE_BODY, "我市新建社区老年助餐点四十个。");
  dafu_document_append (doc, DAFU_DOC_ROLE_SIGNATURE, "咸阳市民政局");
  dafu_document_append (doc, DAFU_DOC_ROLE_DATE, "2026年11月23日");

  layout = dafu_layout_new (doc, NULL);
  g_assert_cmpuint (dafu_layout_get_n_pages (layout), ==, 3);
  second = dafu_layout_get_lines (layout, 1);
  g_assert_null (find_line (second, DAFU_DOC_ROLE_SIGNATURE, 0));
  line = find_line (second, DAFU_DOC_ROLE_BODY, 18);
  g_assert_cmpint (grid_line_of (line), ==, 18);
  g_assert_null (find_line (second, DAFU_DOC_ROLE_BODY, 19));

  third = dafu_layout_get_lines (layout, 2);
  line = find_line (third, DAFU_DOC_ROLE_BODY, 0);
  g_assert_cmpint (grid_line_of (line), ==, 0);
  line = find_line (third, DAFU_DOC_ROLE_SIGNATURE, 0);
  g_assert_nonnull (line);
  g_assert_cmpint (grid_line_of (line), ==, 2);
  line = find_line (third, DAFU_DOC_ROLE_DATE, 0);
  g_assert_cmpint (grid_line_of (line), ==, 3);
}

static void
test_empty (void)
{
  g_autoptr(DafuDocument) doc = dafu_document_new ();
  g_autoptr(DafuLayout) layout = dafu_layout_new (doc, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  double first_row, rule_row, last_row, rule_length;

  /* One page: the letterhead's rules and nothing else. */
  g_assert_cmpuint (dafu_layout_get_n_pages (layout), ==, 1);
  lines = dafu_layout_get_lines (layout, 0);
  g_assert_cmpuint (lines->len, ==, 0);
  scan_red (layout, &first_row, &rule_row, &last_row, &rule_length);
  g_assert_cmpfloat (rule_row, >, MM (30));
  g_assert_cmpfloat_with_epsilon (last_row, DAFU_LAYOUT_PAGE_HEIGHT - MM (20), 0.5);

  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = dafu_layout_get_lines (layout, 5);
  g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_fonts (void)
{
  g_autoptr(DafuLayout) layout = changzhi_layout ();
  g_autofree char *description = dafu_layout_describe_fonts (layout);
  const char *body = dafu_layout_get_font (layout, DAFU_DOC_ROLE_BODY);
  const char *title = dafu_layout_get_font (layout, DAFU_DOC_ROLE_TITLE);
  const char *heading = dafu_layout_get_font (layout, DAFU_DOC_ROLE_HEADING_1);

  g_assert_nonnull (body);
  g_assert_nonnull (title);
  g_assert_nonnull (heading);
  g_test_message ("%s", description);
  /* The user is told what the letter is set in. */
  g_assert_nonnull (strstr (description, body));
  g_assert_nonnull (strstr (description, heading));
  /* The issuer and the title share 小标宋, 1. headings the body's 仿宋. */
  g_assert_cmpstr (dafu_layout_get_font (layout, DAFU_DOC_ROLE_ISSUER), ==, title);
  g_assert_cmpstr (dafu_layout_get_font (layout, DAFU_DOC_ROLE_HEADING_3), ==, body);
  /* Without 黑体 the first-level headings fall back to Noto Sans CJK SC. */
  if (strcmp (heading, "黑体") != 0 && strcmp (heading, "SimHei") != 0)
    g_assert_nonnull (strstr (description, "黑体"));
}

static gboolean
run (const char  *program,
     const char  *arg,
     char       **out)
{
  g_autofree char *path = g_find_program_in_path (program);
  const char *argv[] = { path, "-layout", arg, "-", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (path == NULL)
    return FALSE;
  if (strcmp (program, "pdftotext") != 0)
    {
      argv[1] = arg;
      argv[2] = NULL;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static void
test_pdf (void)
{
  g_autoptr(DafuLayout) layout = changzhi_layout ();
  g_autofree char *dir = dafu_test_make_tmp ();
  g_autofree char *path = g_build_filename (dir, "changzhi.pdf", NULL);
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *pages = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) page_texts = NULL;
  g_auto(GStrv) font_lines = NULL;
  guint n_fonts = 0;

  g_assert_true (dafu_layout_write_pdf_to_path (layout, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  if (!run ("pdfinfo", path, &info))
    {
      dafu_test_rm_rf (dir);
      g_test_skip ("poppler-utils is not installed");
      return;
    }
  pages = g_strdup_printf ("Pages:           %u\n", dafu_layout_get_n_pages (layout));
  g_assert_nonnull (strstr (info, pages));
  g_assert_nonnull (strstr (info, "Title:           关于市十五届人大五次会议第130号建议的答复\n"));
  g_assert_nonnull (strstr (info, "Author:          长治市民政局\n"));
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));

  g_assert_true (run ("pdftotext", path, &text));
  page_texts = g_strsplit (text, "\f", -1);
  g_assert_cmpuint (g_strv_length (page_texts), >=, 4);
  g_assert_nonnull (strstr (page_texts[0], "长治市民政局"));
  g_assert_nonnull (strstr (page_texts[0], "尊敬的张成斌代表："));
  /* pdftotext may drop the narrow spaces of "— 2 —". */
  for (guint i = 0; page_texts[i] != NULL; i++)
    {
      char *to = page_texts[i];

      for (const char *from = page_texts[i]; *from != '\0'; from++)
        if (*from != ' ')
          *to++ = *from;
      *to = '\0';
    }
  g_assert_null (strstr (page_texts[0], "—1—"));
  g_assert_nonnull (strstr (page_texts[1], "—2—"));
  g_assert_nonnull (strstr (page_texts[2], "—3—"));
  g_assert_nonnull (strstr (page_texts[3], "2025年9月4日"));
  g_assert_nonnull (strstr (page_texts[3], "（此件可以公开）"));

  /* Every font embedded. */
  g_assert_true (run ("pdffonts", path, &fonts));
  font_lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; font_lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      if (*font_lines[i] == '\0')
        continue;
      /* name type… encoding emb sub uni object ID: emb is 5th from the end */
      fields = g_strsplit_set (g_strstrip (font_lines[i]), " ", -1);
      for (guint j = 0; fields[j] != NULL; j++)
        if (*fields[j] != '\0')
          g_ptr_array_add (words, fields[j]);
      g_assert_cmpuint (words->len, >=, 6);
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes");
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 2);

  dafu_test_rm_rf (dir);
}

static void
test_pdf_write_error (void)
{
  g_autoptr(DafuLayout) layout = changzhi_layout ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  /* A missing folder: the error, no crash. */
  g_assert_false (dafu_layout_write_pdf_to_path (layout, "/nonexistent/dir/x.pdf", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_false (dafu_layout_write_pdf (layout, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/layout/grid", test_grid);
  g_test_add_func ("/layout/fixture/pages", test_fixture_pages);
  g_test_add_func ("/layout/fixture/closing", test_fixture_closing);
  g_test_add_func ("/layout/letterhead", test_letterhead);
  g_test_add_func ("/layout/changzhi", test_changzhi);
  g_test_add_func ("/layout/keep-signature-with-date", test_keep_signature_with_date);
  g_test_add_func ("/layout/empty", test_empty);
  g_test_add_func ("/layout/fonts", test_fonts);
  g_test_add_func ("/layout/pdf", test_pdf);
  g_test_add_func ("/layout/pdf-errors", test_pdf_write_error);

  return g_test_run ();
}
