/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DafuAlignedPair:
 * @a: a section of the first letter, or -1 when this row has none
 * @b: a section of the second letter, or -1
 * @similarity: 0 … 1 for a pair, 0 when one side is missing
 *
 * One row of an alignment: both sides in their letters' order.
 */
typedef struct {
  int    a;
  int    b;
  double similarity;
} DafuAlignedPair;

GArray *dafu_align_sections   (const char * const *a,
                               guint               n_a,
                               const char * const *b,
                               guint               n_b,
                               double             *overall);

void    dafu_align_rank       (const char         *target,
                               const char * const *texts,
                               guint               n,
                               double             *scores);

G_END_DECLS
