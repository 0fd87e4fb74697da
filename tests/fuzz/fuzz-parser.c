/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bytes → letter: a .txt file read as import reads it (dafu-text.h decodes
 * and checks it, dafu-parser.h repairs and parses it). */
#include "config.h"

#include "fuzz-util.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(DafuLetter) letter = NULL;

  dafu_fuzz_init ();
  bytes = g_bytes_new (data, size);
  letter = dafu_fuzz_parse (bytes);
  return 0;
}
