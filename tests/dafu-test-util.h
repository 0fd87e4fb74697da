/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dafu-letter.h"

G_BEGIN_DECLS

char *dafu_test_samples_dir (void);
char *dafu_test_make_tmp    (void);
void  dafu_test_rm_rf       (const char *path);

DafuLetter *dafu_test_load_sample (const char *name);

G_END_DECLS
