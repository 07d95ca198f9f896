/* editbuf.h: a one-line UTF-8 edit buffer for form fields, free of curses.
 *
 * The cursor is a byte offset that always sits on a character boundary; every
 * movement and deletion is by whole characters, every width by display columns
 * (core/utf8.h). Input that is not valid UTF-8, or holds control characters, is
 * refused whole; input longer than the field's maximum is cut at a character
 * boundary and the cut is reported so the screen can say so.
 */
#ifndef YJ_UI_EDITBUF_H
#define YJ_UI_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>

struct yj_editbuf {
    char *s;    /* NUL-terminated UTF-8 */
    size_t len; /* bytes */
    size_t cap;
    size_t cur;    /* byte offset of the cursor */
    int max_chars; /* code points; <= 0: unlimited */
    int scroll;    /* first displayed column (horizontal scrolling) */
};

enum yj_eb_status {
    YJ_EB_OK = 0,
    YJ_EB_CUT = 1,     /* part of the input did not fit and was dropped */
    YJ_EB_INVALID = 2, /* not valid UTF-8 or a control character: nothing stored */
};

/* Initialise an empty buffer holding at most max_chars characters. */
void yj_eb_init(struct yj_editbuf *b, int max_chars);
void yj_eb_free(struct yj_editbuf *b);
/* Replace the content (cut to the maximum); the cursor goes to the end. */
enum yj_eb_status yj_eb_set(struct yj_editbuf *b, const char *s);
/* Insert UTF-8 text at the cursor. */
enum yj_eb_status yj_eb_insert(struct yj_editbuf *b, const char *s, size_t n);
/* Insert one code point (from wget_wch) at the cursor. */
enum yj_eb_status yj_eb_insert_cp(struct yj_editbuf *b, unsigned int cp);
/* Delete the character before / under the cursor; false when there is none. */
bool yj_eb_backspace(struct yj_editbuf *b);
bool yj_eb_delete(struct yj_editbuf *b);
bool yj_eb_left(struct yj_editbuf *b);
bool yj_eb_right(struct yj_editbuf *b);
void yj_eb_home(struct yj_editbuf *b);
void yj_eb_end(struct yj_editbuf *b);
void yj_eb_clear(struct yj_editbuf *b);
/* Characters held. */
size_t yj_eb_chars(const struct yj_editbuf *b);
/* Display columns before the cursor. */
int yj_eb_cursor_col(const struct yj_editbuf *b);

/* What to show in a box `width` columns wide: adjusts b->scroll so the cursor
 * (and the character after it) is visible, and returns the byte offset of the
 * first character shown, the columns to skip before drawing (when a wide
 * character straddles the left edge: 0 or 1), and the cursor's column inside
 * the box. */
size_t yj_eb_view(struct yj_editbuf *b, int width, int *pad_left, int *cursor_x);

#endif
