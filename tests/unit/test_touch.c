/* test_touch.c: a touch screen's events turned into an absolute pointer's
 * (src/touch/touch_xlate.c): taps, jitter, drags, a second finger, the two
 * device shapes, SYN_DROPPED and the panel's rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "touch/touch_xlate.h"

/* A device range of 0..1000 on both axes: output is value * 32767 / 1000. */
static const struct yj_touch_caps mt_caps = {true, 0, 1000, 0, 1000, 0};
static const struct yj_touch_caps st_caps = {false, 0, 1000, 0, 1000, 0};

static struct yj_touch t;
static struct input_event out[256];
static size_t nout;

/* Feed "T:C:V" triples; S = SYN_REPORT, D = SYN_DROPPED. */
static void
feed(const char *script)
{
    const char *p = script;
    while (*p != '\0') {
        struct input_event ev;
        memset(&ev, 0, sizeof ev);
        if (*p == 'S' || *p == 'D') {
            ev.type = EV_SYN;
            ev.code = *p == 'S' ? SYN_REPORT : SYN_DROPPED;
            p++;
        } else {
            int type, code, value, used;
            assert_int_equal(sscanf(p, "%i:%i:%i%n", &type, &code, &value, &used), 3);
            ev.type = (uint16_t)type;
            ev.code = (uint16_t)code;
            ev.value = value;
            p += used;
        }
        while (*p == ' ')
            p++;
        struct input_event o[YJ_TOUCH_OUT_EVENTS];
        size_t n = yj_touch_feed(&t, &ev, o);
        assert_true(n <= YJ_TOUCH_OUT_EVENTS);
        assert_true(nout + n <= sizeof out / sizeof out[0]);
        memcpy(&out[nout], o, n * sizeof o[0]);
        nout += n;
    }
}

/* The output as text: "X=v Y=v S B=1 S ..." */
static const char *
shown(void)
{
    static char s[4096];
    size_t len = 0;
    s[0] = '\0';
    for (size_t i = 0; i < nout && len < sizeof s - 32; i++) {
        const struct input_event *e = &out[i];
        if (e->type == EV_SYN && e->code == SYN_REPORT)
            len += (size_t)snprintf(s + len, sizeof s - len, "S ");
        else if (e->type == EV_ABS && e->code == ABS_X)
            len += (size_t)snprintf(s + len, sizeof s - len, "X=%d ", e->value);
        else if (e->type == EV_ABS && e->code == ABS_Y)
            len += (size_t)snprintf(s + len, sizeof s - len, "Y=%d ", e->value);
        else if (e->type == EV_KEY && e->code == BTN_LEFT)
            len += (size_t)snprintf(s + len, sizeof s - len, "B=%d ", e->value);
        else
            len +=
                (size_t)snprintf(s + len, sizeof s - len, "?%d:%d:%d ", e->type, e->code, e->value);
    }
    if (len > 0)
        s[len - 1] = '\0';
    return s;
}

static void
start(const struct yj_touch_caps *caps)
{
    yj_touch_init(&t, caps);
    nout = 0;
}

/* Shorthands for the event codes in scripts. */
#define ABS "3:"
#define KEY "1:"
#define SLOT ABS "0x2f:"
#define TID ABS "0x39:"
#define MX ABS "0x35:"
#define MY ABS "0x36:"
#define STX ABS "0:"
#define STY ABS "1:"
#define TOUCH KEY "0x14a:"

/* A tap: move to the finger, press, release; 500 is 16384 (rounded). */
static void
test_mt_tap(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(SLOT "0 " TID "7 " MX "500 " MY "250 " TOUCH "1 " STX "500 " STY "250 S");
    assert_string_equal(shown(), "X=16384 Y=8192 S B=1 S");
    nout = 0;
    feed(TID "-1 " TOUCH "0 S");
    assert_string_equal(shown(), "B=0 S");
}

/* A finger's jitter in a tap (under 1/100 of the screen) moves nothing. */
static void
test_tap_jitter(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(TID "1 " MX "100 " MY "100 S " MX "104 S " MY "96 S " MX "108 " MY "103 S " TID "-1 S");
    assert_string_equal(shown(), "X=3277 Y=3277 S B=1 S B=0 S");
}

/* A drag: past the slop the pointer follows with the button held, each axis
 * written when it changes; lifting releases at the last place. */
static void
test_drag(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(TID "1 " MX "100 " MY "100 S " MX "200 S " MY "300 S " MX "205 " MY "300 S " TID "-1 S");
    assert_string_equal(shown(), "X=3277 Y=3277 S B=1 S X=6553 S Y=9830 S X=6717 S B=0 S");
}

/* Two fingers: the second (slot 1) neither moves nor clicks, and its lifting
 * does not release the first; once the first is up, the second still down
 * does nothing, and a new finger then counts. */
static void
test_two_fingers(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(SLOT "0 " TID "1 " MX "100 " MY "100 S");
    feed(SLOT "1 " TID "2 " MX "900 " MY "900 S");
    feed(SLOT "1 " MX "800 S " SLOT "1 " TID "-1 S");
    assert_string_equal(shown(), "X=3277 Y=3277 S B=1 S");
    feed(SLOT "0 " MX "500 S");
    assert_string_equal(shown(), "X=3277 Y=3277 S B=1 S X=16384 S");
    nout = 0;
    feed(SLOT "1 " TID "3 " MX "700 " MY "700 S " SLOT "0 " TID "-1 S");
    assert_string_equal(shown(), "B=0 S");
    nout = 0;
    feed(SLOT "1 " MX "600 S");
    assert_string_equal(shown(), "");
    feed(SLOT "1 " TID "-1 S " SLOT "2 " TID "4 " MX "0 " MY "1000 S");
    assert_string_equal(shown(), "X=0 Y=32767 S B=1 S");
}

/* Protocol B: the kernel sends a slot's axis only when it changed, so a new
 * finger in a slot used before brings the slot's last position. */
static void
test_mt_slot_memory(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(SLOT "2 " TID "1 " MX "300 " MY "600 S " TID "-1 S");
    feed(SLOT "0 " TID "2 " MX "1000 " MY "0 S " TID "-1 S");
    nout = 0;
    feed(SLOT "2 " TID "3 S");
    assert_string_equal(shown(), "X=9830 Y=19660 S B=1 S");
}

/* Single touch: BTN_TOUCH and ABS_X/ABS_Y; out-of-range values are clamped. */
static void
test_single_touch(void **state)
{
    (void)state;
    start(&st_caps);
    feed(TOUCH "1 " STX "250 " STY "750 S " TOUCH "0 S");
    assert_string_equal(shown(), "X=8192 Y=24575 S B=1 S B=0 S");
    nout = 0;
    feed(TOUCH "1 " STX "2000 " STY "-5 S " STX "100 S " TOUCH "0 S");
    assert_string_equal(shown(), "X=32767 Y=0 S B=1 S X=3277 S B=0 S");
    /* multi-touch events mean nothing to a single-touch device */
    nout = 0;
    feed(TID "5 " MX "10 " MY "10 S");
    assert_string_equal(shown(), "");
}

/* SYN_DROPPED: what follows up to SYN_REPORT is dropped, a held button is
 * released, and the touch in progress is forgotten; the next touch works. */
static void
test_syn_dropped(void **state)
{
    (void)state;
    start(&mt_caps);
    feed(TID "1 " MX "100 " MY "100 S");
    nout = 0;
    feed("D " MX "900 " TID "-1 S");
    assert_string_equal(shown(), "B=0 S");
    nout = 0;
    feed(MX "950 S " TID "-1 S");
    assert_string_equal(shown(), "");
    yj_touch_set_slot(&t, 3);
    feed(TID "9 " MX "500 " MY "500 S " TID "-1 S");
    assert_string_equal(shown(), "X=16384 Y=16384 S B=1 S B=0 S");
    /* nothing held: a drop writes nothing */
    nout = 0;
    feed("D S");
    assert_string_equal(shown(), "");
    /* single touch too */
    start(&st_caps);
    feed(TOUCH "1 " STX "10 " STY "10 S D " TOUCH "0 S");
    assert_string_equal(shown(), "X=328 Y=328 S B=1 S B=0 S");
    nout = 0;
    feed(STX "20 S " TOUCH "0 S " TOUCH "1 S");
    assert_string_equal(shown(), "X=655 Y=328 S B=1 S");
}

/* Releasing on stop; the mapping with a rotated panel and an offset range. */
static void
test_release_and_rotate(void **state)
{
    (void)state;
    start(&st_caps);
    struct input_event o[YJ_TOUCH_OUT_EVENTS];
    assert_int_equal(yj_touch_release(&t, o), 0);
    feed(TOUCH "1 " STX "1 " STY "1 S");
    assert_int_equal(yj_touch_release(&t, o), 2);
    assert_int_equal(o[0].type, EV_KEY);
    assert_int_equal(o[0].value, 0);
    assert_int_equal(yj_touch_release(&t, o), 0);

    struct yj_touch_caps c = {false, 100, 1100, -50, 950, 0};
    int32_t x, y;
    yj_touch_map(&c, 100, 950, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, YJ_TOUCH_OUT_MAX);
    /* the panel's top-left corner: at the top right after 90 degrees, and
     * so on round the screen */
    int want[4][2] = {
        {0, 0}, {YJ_TOUCH_OUT_MAX, 0}, {YJ_TOUCH_OUT_MAX, YJ_TOUCH_OUT_MAX}, {0, YJ_TOUCH_OUT_MAX}};
    for (int r = 0; r < 4; r++) {
        c.rotate = r * 90;
        yj_touch_map(&c, 100, -50, &x, &y);
        assert_int_equal(x, want[r][0]);
        assert_int_equal(y, want[r][1]);
    }
    /* no range: no division by zero */
    c = (struct yj_touch_caps){false, 5, 5, 0, 0, 0};
    yj_touch_map(&c, 5, 7, &x, &y);
    assert_int_equal(x, 0);
    assert_int_equal(y, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mt_tap),         cmocka_unit_test(test_tap_jitter),
        cmocka_unit_test(test_drag),           cmocka_unit_test(test_two_fingers),
        cmocka_unit_test(test_mt_slot_memory), cmocka_unit_test(test_single_touch),
        cmocka_unit_test(test_syn_dropped),    cmocka_unit_test(test_release_and_rotate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
