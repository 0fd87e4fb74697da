/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The shortest shared phrase the comparison highlights, in folded characters. */
#define DAFU_SHARED_DEFAULT_MIN_LENGTH 8

/**
 * DafuSharedRun:
 * @a_start: first character of the run in text A (a character offset)
 * @a_end: the character after the run's last matched character in text A
 * @b_start: first character of the run in text B
 * @b_end: the character after the run's last matched character in text B
 * @length: the run's length in folded characters (white space not counted)
 *
 * One phrase that two letters share.
 */
typedef struct {
  guint a_start, a_end;
  guint b_start, b_end;
  guint length;
} DafuSharedRun;

gunichar  dafu_shared_fold_char (gunichar    c);
GArray   *dafu_shared_runs      (const char *text_a,
                                 const char *text_b,
                                 guint       min_length);

G_END_DECLS
