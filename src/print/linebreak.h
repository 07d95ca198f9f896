/* linebreak.h: breaking a paragraph of Chinese (and Latin) text into lines no
 * wider than a column, by the advance widths of the font that draws it.
 *
 * Pure arithmetic over code points and widths (no font, no I/O), so the rules
 * are unit-tested on their own (tests/unit/test_linebreak.c). */
#ifndef YJ_LINEBREAK_H
#define YJ_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line: code points [start, end) of the paragraph, and its width without
 * the spaces it ends with. */
struct yj_lb_line {
    size_t start, end;
    double width;
};

/* May no line start with cp (closing punctuation: ，。、）》」…)? */
bool yj_lb_no_start(uint32_t cp);
/* May no line end with cp (opening punctuation: （《「“…)? */
bool yj_lb_no_end(uint32_t cp);

/* Break cp[0..n) with advance widths adv[0..n) into lines no wider than maxw
 * where the rules allow it: a break may fall between two characters when one
 * of them is a CJK character (or after a space), never
 * before closing or after opening punctuation; a run of Latin letters and
 * digits (a case number, a date, a phone number) stays whole unless it alone
 * is wider than the line; "\n" always breaks. Spaces at a break are not drawn.
 * Writes at most cap lines to out and returns how many there are in all
 * (call again with more room when that is more than cap). */
size_t yj_linebreak(const uint32_t *cp, const double *adv, size_t n, double maxw,
                    struct yj_lb_line *out, size_t cap);

#endif
