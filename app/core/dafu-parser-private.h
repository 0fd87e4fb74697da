/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the repair pass and the parser; not installed, not public API. */

typedef enum {
  DAFU_REPAIR_LINE_TABLE      = 1 << 0, /* made from a table row */
  DAFU_REPAIR_LINE_PARA_START = 1 << 1, /* a blank line precedes it */
} DafuRepairLineFlags;

/**
 * DafuRepairLine:
 * @text: the repaired line, never empty, without its newline
 * @n_chars: its length in characters
 * @bold_len: bytes of @text that were a bold run (`**…**`) at the start of
 *   the line before repair, 0 if none
 * @flags: #DafuRepairLineFlags
 */
typedef struct {
  char  *text;
  glong  n_chars;
  gsize  bold_len;
  guint  flags;
} DafuRepairLine;

GPtrArray  *dafu_repair_lines          (const char   *text);
char       *dafu_repair_lines_to_text  (GPtrArray    *lines);

typedef enum {
  DAFU_MARKER_NONE,
  DAFU_MARKER_CN_LIST,    /* 一、 */
  DAFU_MARKER_CN_IS,      /* 一是 */
  DAFU_MARKER_ITEM_ABOUT, /* 关于第一条建议 */
  DAFU_MARKER_CN_PAREN,   /* （一） */
  DAFU_MARKER_NUMBER,     /* 1. 1、 （1） ① */
} DafuMarker;

gboolean    dafu_parser_is_cjk         (gunichar      c);
gboolean    dafu_parser_is_terminal    (gunichar      c);
gunichar    dafu_parser_last_char      (const char   *s);
char       *dafu_parser_strip          (char         *s);
const char *dafu_parser_skip_space     (const char   *p);
gboolean    dafu_parser_match          (const char   *p,
                                        const char   *word,
                                        const char  **end);
gboolean    dafu_parser_skip_colon     (const char   *p,
                                        const char  **end);
int         dafu_parser_digit_value    (gunichar      c);
int         dafu_parser_cn_digit_value (gunichar      c);
gboolean    dafu_parser_read_date      (const char   *p,
                                        const char  **end,
                                        char        **iso);
char       *dafu_parser_find_date      (const char   *s);
DafuMarker  dafu_parser_heading_marker (const char   *line);
gboolean    dafu_parser_is_office      (const char   *s,
                                        gssize        len);
gboolean    dafu_parser_is_title_line  (const char   *line,
                                        glong         n_chars);
gboolean    dafu_parser_is_field_line  (const char   *line,
                                        glong         n_chars);
gboolean    dafu_parser_is_date_line   (const char   *line,
                                        glong         n_chars,
                                        char        **iso,
                                        gboolean     *printed);
gboolean    dafu_parser_is_doc_line    (const char   *line,
                                        glong         n_chars);

G_END_DECLS
