/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dafu-delta"

#include "config.h"

#include "dafu-delta.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/*
 * A letter's file as edits of its repaired text.
 *
 * The library keeps every file's bytes exactly, and its repaired text for
 * searching and reading. For a UTF-8 file the two differ only where the
 * repair dropped blank lines, indents and page furniture, so the file is
 * stored as the few edits that turn the text back into it: a few hundred
 * bytes instead of the file compressed (some 40 % of the text's size).
 *
 * The delta is a sequence of operations, each a varint `length << 2 | op`:
 * COPY takes the next length bytes of the text, SKIP passes over length
 * bytes of the text, INSERT is followed by length literal bytes.
 *
 * The encoder is greedy: after a common run it looks for the nearest point
 * where the two agree again for ANCHOR bytes, trying text the file lacks
 * (up to MAX_SKIP bytes) and file bytes the text lacks (up to MAX_INSERT)
 * for each. Files in another encoding, or repaired beyond that, get no
 * delta; the caller keeps them compressed instead. Every delta is applied
 * once before it is returned, so a delta that does not give back the file
 * byte for byte is never stored.
 */

enum {
  OP_COPY,
  OP_SKIP,
  OP_INSERT,
};

#define ANCHOR     4
#define MAX_SKIP   16
#define MAX_INSERT 512

/* A delta larger than this share of the file is not worth it. */
#define MAX_DELTA_SHARE 8

static void
put_varint (GByteArray *out,
            guint64     value)
{
  do
    {
      guint8 byte = value & 0x7f;

      value >>= 7;
      if (value != 0)
        byte |= 0x80;
      g_byte_array_append (out, &byte, 1);
    }
  while (value != 0);
}

static gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *value)
{
  *value = 0;
  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 byte;

      if (*p >= end)
        return FALSE;
      byte = *(*p)++;
      *value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
put_op (GByteArray   *out,
        guint         op,
        gsize         len,
        const guint8 *literal)
{
  if (len == 0)
    return;
  put_varint (out, ((guint64) len << 2) | op);
  if (op == OP_INSERT)
    g_byte_array_append (out, literal, len);
}

/* Whether o and t agree from here for ANCHOR bytes, or to both their ends. */
static gboolean
agree (const guint8 *o,
       gsize         o_left,
       const guint8 *t,
       gsize         t_left)
{
  if (o_left >= ANCHOR && t_left >= ANCHOR)
    return memcmp (o, t, ANCHOR) == 0;
  return o_left == t_left && memcmp (o, t, o_left) == 0;
}

/**
 * dafu_delta_encode:
 * @original: a file's bytes
 * @text: its repaired text, UTF-8
 *
 * Returns: (transfer full) (nullable): the edits that turn @text into
 *   @original, or %NULL when they differ too much for a delta to pay
 */
GBytes *
dafu_delta_encode (GBytes *original,
                   GBytes *text)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) delta = NULL;
  g_autoptr(GBytes) check = NULL;
  gsize no, nt, i = 0, j = 0;
  const guint8 *o = g_bytes_get_data (original, &no);
  const guint8 *t = g_bytes_get_data (text, &nt);

  while (i < no || j < nt)
    {
      gsize run = 0, best_k = 0, best_m = 0;
      gboolean found = FALSE;

      while (i + run < no && j + run < nt && o[i + run] == t[j + run])
        run++;
      if (run > 0)
        {
          put_op (out, OP_COPY, run, NULL);
          i += run;
          j += run;
          continue;
        }

      /* The nearest resynchronisation: k file bytes to insert, m text
       * bytes to skip, fewest skips first. */
      for (gsize m = 0; m <= MAX_SKIP && j + m <= nt && !found; m++)
        for (gsize k = (m == 0 ? 1 : 0); k <= MAX_INSERT && i + k <= no; k++)
          if (agree (o + i + k, no - i - k, t + j + m, nt - j - m))
            {
              best_k = k;
              best_m = m;
              found = TRUE;
              break;
            }
      if (!found)
        return NULL;

      put_op (out, OP_SKIP, best_m, NULL);
      put_op (out, OP_INSERT, best_k, o + i);
      i += best_k;
      j += best_m;

      if (out->len > no / MAX_DELTA_SHARE + 64)
        return NULL;
    }

  delta = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  check = dafu_delta_apply (text, delta, NULL);
  if (check == NULL || !g_bytes_equal (check, original))
    return NULL;

  return g_steal_pointer (&delta);
}

/**
 * dafu_delta_apply:
 * @text: the repaired text the delta was made from
 * @delta: what dafu_delta_encode() returned
 * @error: return location for an error: %G_IO_ERROR_INVALID_DATA when the
 *   delta does not fit the text (a damaged record)
 *
 * Returns: (transfer full): the file's bytes
 */
GBytes *
dafu_delta_apply (GBytes  *text,
                  GBytes  *delta,
                  GError **error)
{
  g_autoptr(GByteArray) out = NULL;
  gsize nt, nd, j = 0;
  const guint8 *t = g_bytes_get_data (text, &nt);
  const guint8 *p = g_bytes_get_data (delta, &nd);
  const guint8 *end = p + nd;

  out = g_byte_array_sized_new (nt + nd);
  while (p < end)
    {
      guint64 tag, len;

      if (!get_varint (&p, end, &tag))
        goto damaged;
      len = tag >> 2;
      switch (tag & 3)
        {
        case OP_COPY:
          if (len > nt - j)
            goto damaged;
          g_byte_array_append (out, t + j, len);
          j += len;
          break;
        case OP_SKIP:
          if (len > nt - j)
            goto damaged;
          j += len;
          break;
        case OP_INSERT:
          if (len > (guint64) (end - p))
            goto damaged;
          g_byte_array_append (out, p, len);
          p += len;
          break;
        default:
          goto damaged;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));

damaged:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("A letter’s stored file is damaged and cannot be rebuilt."));
  return NULL;
}
