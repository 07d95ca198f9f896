/* test_base45.c: Base45 (RFC 9285) vectors, rejects and round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "print/base45.h"

/* Encode s and compare with the RFC's text. */
static void
check_enc(const char *in, const char *want)
{
    char *got = yj_base45_encode((const unsigned char *)in, strlen(in));
    assert_string_equal(got, want);
    unsigned char *back;
    size_t n;
    assert_int_equal(yj_base45_decode(got, strlen(got), &back, &n), 0);
    assert_int_equal(n, strlen(in));
    assert_memory_equal(back, in, n);
    free(back);
    free(got);
}

static void
test_rfc_vectors(void **state)
{
    (void)state;
    check_enc("AB", "BB8");
    check_enc("Hello!!", "%69 VD92EX0");
    check_enc("base-45", "UJCLQE7W581");
    check_enc("ietf!", "QED8WEX0");
    check_enc("", "");
}

/* Decoding must refuse what RFC 9285 section 6 says to refuse. */
static void
test_rejects(void **state)
{
    (void)state;
    unsigned char *out;
    size_t n;
    assert_int_equal(yj_base45_decode("GGW", 3, &out, &n), -1); /* 65536 + */
    assert_null(out);
    assert_int_equal(yj_base45_decode("ZZZ", 3, &out, &n), -1);
    assert_int_equal(yj_base45_decode("A", 1, &out, &n), -1);    /* length 1 mod 3 */
    assert_int_equal(yj_base45_decode("BB8A", 4, &out, &n), -1); /* length 1 mod 3 */
    assert_int_equal(yj_base45_decode("B#8", 3, &out, &n), -1);  /* not in the alphabet */
    assert_int_equal(yj_base45_decode("B_8", 3, &out, &n), -1);
    assert_int_equal(yj_base45_decode("BB\0", 3, &out, &n), -1);
    assert_int_equal(yj_base45_decode(":Z", 2, &out, &n), -1); /* single byte above 255 */
    /* Lower case is what a scanner with Caps Lock on types: accepted. */
    assert_int_equal(yj_base45_decode("bb8", 3, &out, &n), 0);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "AB", 2);
    free(out);
}

/* Every byte value and every length round-trips, and only alphabet characters
 * appear. */
static void
test_round_trip(void **state)
{
    (void)state;
    unsigned char buf[600];
    uint32_t x = 12345;
    for (size_t len = 0; len < sizeof buf; len += 7) {
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = (unsigned char)(x >> 16);
        }
        if (len > 2) {
            buf[0] = 0xff;
            buf[1] = 0xff;
            buf[len - 1] = 0x00;
        }
        char *t = yj_base45_encode(buf, len);
        assert_int_equal(strlen(t), len / 2 * 3 + (len % 2) * 2);
        assert_int_equal(strspn(t, yj_base45_alphabet), strlen(t));
        unsigned char *back;
        size_t n;
        assert_int_equal(yj_base45_decode(t, strlen(t), &back, &n), 0);
        assert_int_equal(n, len);
        if (len)
            assert_memory_equal(back, buf, len);
        free(back);
        free(t);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc_vectors),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
