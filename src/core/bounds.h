/* bounds.h: the limits on what comes in from outside — answers (per value,
 * per case, number of keys; only keys some form declares) and the files of a
 * form set (regular files only, never through a symbolic link, of a bounded
 * size). Documented in docs/FORMS.md ("Limits"). */
#ifndef YJ_BOUNDS_H
#define YJ_BOUNDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/answers.h"

#define YJ_ANSWER_MAX_BYTES 8192          /* one value */
#define YJ_ANSWERS_MAX_BYTES (256u << 10) /* all values of one case */
#define YJ_ANSWERS_MAX_KEYS 1000          /* answers in one case */
#define YJ_ANSWERS_FILE_MAX (1u << 20)    /* an answers file (JSON) */
#define YJ_FORMS_FILE_MAX (4u << 20)      /* one file of a form set */

struct yj_formset;

/* Are the answers within the limits, and is every key declared by the form
 * set (a field, "_confirm." and a field, or the assisted mode's "auth.*")?
 * 0, or -1 with a Chinese sentence in msg naming the value or the keys. */
int yj_answers_bounds(const struct yj_formset *set, const struct yj_answers *a, char *msg,
                      size_t msgsz);

/* The whole of a file that must be a regular file reached without a symbolic
 * link in its last part, at most max bytes: opened with O_NOFOLLOW and
 * O_NONBLOCK (a FIFO never blocks), checked with fstat. NUL-terminated,
 * length in *len when not NULL; NULL with the reason in err. */
char *yj_read_file_bounded(const char *path, size_t max, size_t *len, char *err, size_t errsz);

/* Does anything exist at path (lstat: a dangling link or a FIFO too)? */
bool yj_path_present(const char *path);

#endif
