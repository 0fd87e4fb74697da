/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dafu-clause.h"
#include "dafu-letter.h"
#include "dafu-themes.h"

G_BEGIN_DECLS

GPtrArray *dafu_clause_miner_mine (GPtrArray     *letters,
                                   DafuThemes    *themes,
                                   GCancellable  *cancellable,
                                   GError       **error);

G_END_DECLS
