/* formcheck.h: what `yijian forms check` proves about a loaded form set beyond
 * loading it — every expression run over answers a citizen could give, and the
 * warnings an author wants before a citizen meets the form.
 *
 * Loading (form.h) refuses what cannot work; these checks run only in `forms
 * check` (not when the kiosk starts), on a set that loaded without problems.
 */
#ifndef YJ_FORMCHECK_H
#define YJ_FORMCHECK_H

#include <stddef.h>

#include "core/form.h"

/* The narrowest screen a citizen may have (columns). */
#define YJ_CHECK_SCREEN_COLS 64
/* A thing's label on a Home button at 64x16: the button is cols/2-2 wide, less
 * its frame and padding (4) and the "▶ 1. " before the label (5). */
#define YJ_CHECK_HOME_LABEL_COLS (YJ_CHECK_SCREEN_COLS / 2 - 2 - 4 - 5)
/* A summary beside the buttons at 64x16: three lines of cols-cols/2-3. */
#define YJ_CHECK_SUMMARY_COLS (3 * (YJ_CHECK_SCREEN_COLS - YJ_CHECK_SCREEN_COLS / 2 - 3))

/* An item's label with its department on the done screen: wrapped over two
 * rows of cols-4. */
#define YJ_CHECK_ITEM_LABEL_COLS (2 * (YJ_CHECK_SCREEN_COLS - 4))

struct yj_form_warnings {
    struct yj_form_problem *v;
    size_t n;
};

/* Evaluate every guide `when`, eligibility, item `when`, section field `when`,
 * material `when`, derived and default value and rule of every thing over: no
 * answers, the thing's example (DIR/examples/THING.json), and for each field of
 * the thing the answers where only it is filled and where all but it are filled
 * (with a valid sample of its type). An expression that fails is a problem of
 * the set (added to set->problems) at its file:line:col, naming the answers that
 * broke it; each expression is reported once. Warnings go to *w. */
void yj_formset_prove(struct yj_formset *set, struct yj_form_warnings *w);
void yj_form_warnings_free(struct yj_form_warnings *w);

#endif
