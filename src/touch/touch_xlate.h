/* touch_xlate.h: a touch screen's events turned into an absolute pointer's.
 *
 * yijian-touch (touch_main.c) reads a grabbed touch screen and writes what this
 * module produces to one uinput device shaped like a virtual machine's "USB
 * tablet" (ABS_X, ABS_Y, BTN_LEFT), which libinput treats as an absolute
 * pointer: the compositor moves the cursor and the terminal reports a click.
 *
 * Pure: no file, no clock. Events go in one at a time; output events come out
 * at the input's SYN_REPORT, a whole frame at a time, each frame ending with
 * its own SYN_REPORT:
 *   finger down            ABS_X ABS_Y SYN, then BTN_LEFT 1 SYN (move, press)
 *   finger moves (drag)    ABS_X/ABS_Y SYN with the button held, once it is
 *                          farther than the slop from where it went down (a
 *                          finger's jitter in a tap moves nothing)
 *   finger up              BTN_LEFT 0 SYN
 * Only the first finger counts: another finger put down while it is down is
 * ignored, as are its moves and its lifting. Two devices shapes:
 *   multi-touch protocol B (ABS_MT_SLOT, ABS_MT_TRACKING_ID, ABS_MT_POSITION_X/Y)
 *   single touch (BTN_TOUCH, ABS_X, ABS_Y)
 * SYN_DROPPED (the kernel's buffer overran): events up to the next SYN_REPORT
 * are dropped as the kernel documents; a held button is released then, the
 * touch in progress is forgotten, and the next touch works as usual.
 * Coordinates are scaled from the device's range to 0..YJ_TOUCH_OUT_MAX on
 * both axes (the whole screen), after an optional rotation of the panel. */
#ifndef YJ_TOUCH_XLATE_H
#define YJ_TOUCH_XLATE_H

#include <linux/input.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The uinput pointer's range on both axes. */
#define YJ_TOUCH_OUT_MAX 32767
/* A tap moves no farther than this (in output units, 1/100 of the screen). */
#define YJ_TOUCH_SLOP (YJ_TOUCH_OUT_MAX / 100)
/* MT slots followed (a finger in a higher slot is ignored). */
#define YJ_TOUCH_SLOTS 16
/* The most output events one input event can produce. */
#define YJ_TOUCH_OUT_EVENTS 8

/* What the touch screen is. */
struct yj_touch_caps {
    bool mt;            /* protocol B slots; else single touch */
    int32_t xmin, xmax; /* range of ABS_MT_POSITION_X (mt) or ABS_X */
    int32_t ymin, ymax; /* range of ABS_MT_POSITION_Y (mt) or ABS_Y */
    int rotate;         /* the panel's rotation clockwise: 0, 90, 180, 270 */
};

struct yj_touch {
    struct yj_touch_caps caps;
    /* the device as the events so far describe it */
    int slot;      /* current MT slot */
    int primary;   /* the slot of the finger that counts, -1: none */
    bool touching; /* the finger that counts is down */
    int32_t x, y;  /* its last position (device units) */
    /* each slot's last position: the kernel sends a slot's axis only when it
     * changes, so a new finger may bring no X or Y of its own */
    int32_t sx[YJ_TOUCH_SLOTS], sy[YJ_TOUCH_SLOTS];
    bool dropping; /* after SYN_DROPPED, until SYN_REPORT */
    /* what was written */
    bool pressed;
    bool dragging;  /* moved past the slop since the press */
    int32_t ox, oy; /* last position written (output units) */
    int32_t ax, ay; /* where the press was (output units) */
};

/* Start with no finger down. rotate must be 0, 90, 180 or 270. */
void yj_touch_init(struct yj_touch *t, const struct yj_touch_caps *caps);

/* Feed one event of the touch screen. Writes the output events it causes
 * (at most YJ_TOUCH_OUT_EVENTS, only at SYN_REPORT) to out and returns how
 * many. Output events have type, code and value set, time zero. */
size_t yj_touch_feed(struct yj_touch *t, const struct input_event *ev, struct input_event *out);

/* After SYN_DROPPED the current slot is unknown: the daemon reads it back
 * (EVIOCGABS(ABS_MT_SLOT)) and tells it here. */
void yj_touch_set_slot(struct yj_touch *t, int slot);

/* Release a held button (the daemon stops, or the device is gone). Returns
 * the number of events written to out (0 or 2). */
size_t yj_touch_release(struct yj_touch *t, struct input_event *out);

/* Device coordinates to output coordinates (rotation and scaling). */
void yj_touch_map(const struct yj_touch_caps *caps, int32_t x, int32_t y, int32_t *ox, int32_t *oy);

#endif
