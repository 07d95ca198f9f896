/* test_idmask.c: the one ID-number masking, per type of identity document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/idmask.h"

/* mask(id) == want, and nothing is shown in full. */
static void
check(const char *id, const char *want)
{
    char out[128];
    yj_mask_id(id, out, sizeof out);
    assert_string_equal(out, want);
    assert_string_not_equal(out, id);
    assert_int_equal(strlen(out), strlen(id)); /* ASCII ids: one star per character */
}

static void
test_resident(void **state)
{
    (void)state;
    check("310104199405120022", "310104********0022"); /* 居民身份证 */
    check("11010519491231002X", "110105********002X");
    check("110105491231002", "110105*****1002"); /* 15-digit legacy ID */
}

static void
test_permits(void **state)
{
    (void)state;
    check("810000199001010011", "810000********0011"); /* 港澳居民居住证 */
    check("830000199001010012", "830000********0012"); /* 台湾居民居住证 */
    check("H1234567801", "H1*******01");               /* 港澳居民来往内地通行证 (11) */
    check("H12345678", "H1*****78");                   /* its older 9-character form */
    check("C12345678", "C1*****78");                   /* 往来港澳通行证 */
    check("12345678", "12****78");                     /* 台湾居民来往大陆通行证 (8) */
}

static void
test_foreign(void **state)
{
    (void)state;
    check("931840199902280014", "931840********0014"); /* 2023 外国人永久居留身份证 */
    check("USA310165071016", "USA310*****1016");       /* the 2004 card, 15 characters */
    check("E12345678", "E1*****78");                   /* 中国护照 */
    check("P1234567ABCD", "P12******BCD");             /* a 12-character foreign passport */
    check("AB1234567890123", "AB1234*****0123");
}

/* Short, empty, NULL and cut outputs: never the full number. */
static void
test_edges(void **state)
{
    (void)state;
    char out[64];
    check("1234567890", "12******90");
    check("AB1", "***");
    check("A", "*");
    yj_mask_id("", out, sizeof out);
    assert_string_equal(out, "");
    yj_mask_id(NULL, out, sizeof out);
    assert_string_equal(out, "");
    yj_mask_id("11010519491231002X", out, 8);
    assert_string_equal(out, "110105*");
    yj_mask_id("李四五六", out, sizeof out); /* characters, not bytes */
    assert_string_equal(out, "李**六");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resident),
        cmocka_unit_test(test_permits),
        cmocka_unit_test(test_foreign),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
