/* test_jsonw.c: the JSON writer (core/jsonw.c) against jansson, the oracle
 * whose bytes it must reproduce: escaping, control characters, invalid UTF-8
 * (always valid JSON out), big values, structure, and the check that stored
 * text may be copied as it is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/bounds.h"
#include "core/jsonw.h"
#include "core/util.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* The writer's text for the string s (n bytes). Caller frees. */
static char *
escaped(const char *s, size_t n)
{
    struct yj_buf b = {0};
    yj_json_escape(&b, s, n);
    return yj_buf_steal(&b);
}

/* jansson's compact text for the string s, or NULL when it refuses it. */
static char *
jansson_str(const char *s)
{
    json_t *j = json_string(s);
    if (j == NULL)
        return NULL;
    char *d = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
    json_decref(j);
    return d;
}

/* Append code point cp as UTF-8. */
static size_t
put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 63));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 63));
        o[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 63));
    o[2] = (char)(0x80 | ((cp >> 6) & 63));
    o[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* A random valid code point, not NUL, weighted to the interesting ranges. */
static uint32_t
rnd_cp(void)
{
    uint32_t cp;
    switch (rnd() % 6) {
    case 0:
        cp = 1 + rnd() % 0x3F; /* controls, quotes, backslash, '/' */
        break;
    case 1:
        cp = 0x20 + rnd() % 0x60; /* ASCII and DEL */
        break;
    case 2:
        cp = 0x80 + rnd() % 0x780;
        break;
    case 3:
        cp = 0x4E00 + rnd() % 0x5200; /* CJK */
        break;
    case 4:
        cp = 0x800 + rnd() % 0xF800; /* BMP, U+2028, U+FFFF ... */
        break;
    default:
        cp = 0x10000 + rnd() % 0x100000;
    }
    return cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp;
}

/* Valid UTF-8: byte for byte what jansson writes. */
static void
test_escape_matches_jansson(void **state)
{
    (void)state;
    char s[1024];
    for (int c = 1; c < 0x80; c++) { /* every ASCII character alone */
        s[0] = (char)c;
        s[1] = '\0';
        char *mine = escaped(s, 1), *ref = jansson_str(s);
        assert_non_null(ref);
        assert_string_equal(mine, ref);
        free(mine);
        free(ref);
    }
    for (int round = 0; round < 3000; round++) {
        size_t n = 0, len = rnd() % 40;
        for (size_t i = 0; i < len; i++)
            n += put_utf8(s + n, rnd_cp());
        s[n] = '\0';
        char *mine = escaped(s, n), *ref = jansson_str(s);
        assert_non_null(ref);
        assert_string_equal(mine, ref);
        free(mine);
        free(ref);
    }
}

/* Control characters, quotes and what is left as it is. */
static void
test_control_characters(void **state)
{
    (void)state;
    const char in[] = "a\x01\x1f\b\f\n\r\t\"\\/\x7f\xe2\x80\xa8z";
    char *mine = escaped(in, sizeof in - 1);
    assert_string_equal(mine, "\"a\\u0001\\u001F\\b\\f\\n\\r\\t\\\"\\\\/\x7f\xe2\x80\xa8z\"");
    free(mine);
    /* a C string ends at its NUL, as jansson's json_string sees it */
    mine = escaped("ab\0cd", 5);
    assert_string_equal(mine, "\"ab\"");
    free(mine);
}

/* Text that jansson reads (a string value) and the string it holds. */
static char *
reread(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &e);
    if (j == NULL)
        fail_msg("not valid JSON (%s): %s", e.text, text);
    assert_true(json_is_string(j));
    char *v = xstrdup(json_string_value(j));
    json_decref(j);
    return v;
}

/* Bytes that are no UTF-8: U+FFFD for each, and the output is valid JSON. */
static void
test_invalid_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\xff"
         "b",
         "a\xef\xbf\xbd"
         "b"},
        {"\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd"},                                 /* overlong NUL */
        {"\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},                 /* overlong '/' */
        {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},                 /* a surrogate */
        {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"}, /* > U+10FFFF */
        {"\xe4\xb8", "\xef\xbf\xbd\xef\xbf\xbd"},   /* cut short at the end */
        {"\xe4\xb8x", "\xef\xbf\xbd\xef\xbf\xbdx"}, /* cut short before ASCII */
        {"\x80\xbf", "\xef\xbf\xbd\xef\xbf\xbd"},   /* lone continuations */
        {"\xf8\x88\x80\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
        {"\xe4\xb8\xad\xff\xe6\x96\x87", "\xe4\xb8\xad\xef\xbf\xbd\xe6\x96\x87"}, /* 中?文 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *mine = escaped(cases[i].in, strlen(cases[i].in));
        char *v = reread(mine);
        assert_string_equal(v, cases[i].want);
        free(v);
        free(mine);
    }
    /* random bytes: always valid JSON, and valid UTF-8 passes through intact */
    unsigned char s[256];
    for (int round = 0; round < 5000; round++) {
        size_t n = rnd() % sizeof s;
        for (size_t i = 0; i < n; i++)
            s[i] = (unsigned char)(1 + rnd() % 255);
        char *mine = escaped((const char *)s, n);
        free(reread(mine));
        free(mine);
    }
}

/* A big value: 4 MiB of mixed text, as jansson writes it. */
static void
test_big_values(void **state)
{
    (void)state;
    size_t cap = 4u << 20, n = 0;
    char *s = malloc(cap + 8);
    assert_non_null(s);
    while (n < cap)
        n += put_utf8(s + n, rnd_cp());
    s[n] = '\0';
    char *mine = escaped(s, n), *ref = jansson_str(s);
    assert_string_equal(mine, ref);
    free(mine);
    free(ref);
    free(s);
    /* an object of 100 000 members reads back whole */
    struct yj_buf b = {0};
    struct yj_jw w;
    yj_jw_init(&w, &b);
    yj_jw_obj(&w);
    char key[32];
    for (int i = 0; i < 100000; i++) {
        snprintf(key, sizeof key, "k%06d", i);
        yj_jw_key(&w, key);
        yj_jw_int(&w, i - 50000);
    }
    yj_jw_obj_end(&w);
    json_t *j = json_loads(b.data, 0, NULL);
    assert_non_null(j);
    assert_int_equal(json_object_size(j), 100000);
    assert_int_equal(json_integer_value(json_object_get(j, "k000000")), -50000);
    assert_true(yj_json_canonical(b.data, b.len, 0));
    json_decref(j);
    yj_buf_free(&b);
}

/* Commas, keys, nesting, null, integers and raw text. */
static void
test_structure(void **state)
{
    (void)state;
    struct yj_buf b = {0};
    struct yj_jw w;
    yj_jw_init(&w, &b);
    yj_jw_obj(&w);
    yj_jw_key(&w, "a");
    yj_jw_str(&w, "x");
    yj_jw_key(&w, "empty");
    yj_jw_obj(&w);
    yj_jw_obj_end(&w);
    yj_jw_key(&w, "list");
    yj_jw_arr(&w);
    yj_jw_int(&w, -9223372036854775807LL - 1);
    yj_jw_null(&w);
    yj_jw_str(&w, NULL);
    yj_jw_arr(&w);
    yj_jw_arr_end(&w);
    yj_jw_obj(&w);
    yj_jw_key(&w, "k\"");
    yj_jw_raw(&w, "[1,2]", 5);
    yj_jw_obj_end(&w);
    yj_jw_arr_end(&w);
    yj_jw_key(&w, "z");
    yj_jw_int(&w, 0);
    yj_jw_obj_end(&w);
    assert_string_equal(b.data, "{\"a\":\"x\",\"empty\":{},\"list\":[-9223372036854775808,null,"
                                "null,[],{\"k\\\"\":[1,2]}],\"z\":0}");
    yj_buf_free(&b);
}

static bool
canon(const char *t)
{
    return yj_json_canonical(t, strlen(t), 0);
}

static bool
canon_answers(const char *t)
{
    return yj_json_canonical(t, strlen(t), YJ_JSON_ANSWERS);
}

/* What may be copied, and what must be read and written again. */
static void
test_canonical_cases(void **state)
{
    (void)state;
    assert_true(canon("{}"));
    assert_true(canon("[]"));
    assert_true(canon("{\"police\":{\"items\":[\"hukou\"],\"fields\":{}}}"));
    assert_true(canon("[0,-1,123456789012345678,true,false,null,\"\\u001F\\n\"]"));
    assert_true(canon("{\"b\":1,\"a\":2}")); /* any order, no key twice */
    assert_true(canon("{\"\xe4\xb8\xad\":\"\x7f/\"}"));
    static const char *const no[] = {
        "",
        "\"x\"",
        "1",
        "null",
        "{ }",
        "{\"a\": 1}",
        "{\"a\":1} ",
        "{\"a\":1}x",
        "{\"a\":1,}",
        "[1,]",
        "{\"a\"}",
        "{\"a\":1,\"a\":2}",
        "{\"b\":{\"a\":1,\"c\":2,\"a\":3}}",
        "[-0]",
        "[01]",
        "[1.0]",
        "[1e3]",
        "[1234567890123456789]",
        "[\"\\/\"]",
        "[\"\\u0041\"]",
        "[\"\\u001f\"]",
        "[\"\\u000A\"]",
        "[\"\\u0000\"]",
        "[\"\\x\"]",
        "[\"\x01\"]",
        "[\"\xff\"]",
        "[\"\xed\xa0\x80\"]",
        "[\"abc",
        "[tru]",
        "[nul]",
        "{\"a\":1",
        "[[[",
        "{\"a\":-}",
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (canon(no[i]))
            fail_msg("taken as canonical: %s", no[i]);
    /* deeper than YJ_JW_MAX_DEPTH: parse it instead */
    char deep[2 * YJ_JW_MAX_DEPTH + 3];
    memset(deep, '[', YJ_JW_MAX_DEPTH + 1);
    memset(deep + YJ_JW_MAX_DEPTH + 1, ']', YJ_JW_MAX_DEPTH + 1);
    deep[2 * YJ_JW_MAX_DEPTH + 2] = '\0';
    assert_false(canon(deep));
    /* answers: a flat object of non-empty strings, not too many */
    assert_true(canon_answers("{}"));
    assert_true(canon_answers("{\"mother.name\":\"\xe7\x8e\x8b\",\"a.b\":\"yes\"}"));
    assert_false(canon_answers("[]"));
    assert_false(canon_answers("{\"a\":\"\"}"));
    assert_false(canon_answers("{\"a\":1}"));
    assert_false(canon_answers("{\"a\":true}"));
    assert_false(canon_answers("{\"a\":{\"b\":\"c\"}}"));
    assert_false(canon_answers("{\"a\":[\"x\"]}"));
    assert_false(canon_answers("{\n  \"a\": \"b\"\n}")); /* the older, indented form */
    struct yj_buf b = {0};
    for (int k = 0; k <= YJ_ANSWERS_MAX_KEYS; k++)
        yj_buf_printf(&b, "%s\"k%d\":\"v\"", k ? "," : "{", k);
    yj_buf_adds(&b, "}");
    assert_false(yj_json_canonical(b.data, b.len, YJ_JSON_ANSWERS));
    assert_true(yj_json_canonical(b.data, b.len, 0));
    yj_buf_free(&b);
}

/* A random JSON value as text (compact, sometimes not canonical). */
static void
gen(struct yj_buf *b, int depth)
{
    static const char *const atoms[] = {"0",
                                        "-1",
                                        "17",
                                        "-0",
                                        "1.5",
                                        "true",
                                        "false",
                                        "null",
                                        "\"\"",
                                        "\"a\"",
                                        "\"\\/\"",
                                        "\"\\u0041\"",
                                        "\"\\n\"",
                                        "\"\\u001F\"",
                                        "\"\\u001f\"",
                                        "\"\xe4\xb8\xad\"",
                                        "\"\\uD83D\\uDE00\"",
                                        "\"\xf0\x9f\x98\x80\"",
                                        "007",
                                        "1e2"};
    unsigned r = rnd() % 10;
    if (depth > 4 || r < 5) {
        yj_buf_adds(b, atoms[rnd() % (sizeof atoms / sizeof atoms[0])]);
        return;
    }
    bool obj = r < 8;
    size_t n = rnd() % 4;
    yj_buf_addc(b, obj ? '{' : '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            yj_buf_addc(b, ',');
        if (obj)
            yj_buf_printf(b, "\"%c\":", "abcab"[rnd() % 5]);
        gen(b, depth + 1);
    }
    yj_buf_addc(b, obj ? '}' : ']');
}

/* Does j hold a real anywhere (jansson rewrites those)? */
static bool
has_real(json_t *j)
{
    if (json_is_real(j))
        return true;
    size_t i;
    const char *k;
    json_t *v;
    if (json_is_array(j))
        json_array_foreach(j, i, v) if (has_real(v)) return true;
    if (json_is_object(j))
        json_object_foreach(j, k, v) if (has_real(v)) return true;
    return false;
}

/* The promise itself: whenever the check says "copy", jansson's read and
 * write gives the same bytes back; and what jansson writes (without reals)
 * is taken as canonical. */
static void
test_canonical_property(void **state)
{
    (void)state;
    int copied = 0, parsed = 0;
    for (int round = 0; round < 20000; round++) {
        struct yj_buf b = {0};
        yj_buf_addc(&b, '{');
        yj_buf_adds(&b, "\"x\":");
        gen(&b, 0);
        yj_buf_addc(&b, '}');
        json_t *j = json_loads(b.data, 0, NULL);
        char *d = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        if (yj_json_canonical(b.data, b.len, 0)) {
            copied++;
            if (d == NULL || strcmp(d, b.data) != 0)
                fail_msg("copied but jansson writes it otherwise: %s -> %s", b.data,
                         d ? d : "(refused)");
        } else {
            parsed++;
        }
        if (d != NULL && !has_real(j) && !yj_json_canonical(d, strlen(d), 0))
            fail_msg("jansson's own text not taken as canonical: %s", d);
        free(d);
        json_decref(j);
        yj_buf_free(&b);
    }
    assert_true(copied > 1000);
    assert_true(parsed > 1000);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_matches_jansson),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_big_values),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_canonical_cases),
        cmocka_unit_test(test_canonical_property),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
