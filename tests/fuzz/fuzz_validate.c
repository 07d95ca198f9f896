/* fuzz_validate.c: libFuzzer target for the field validators.
 *
 * The first byte picks the type (and a few options), the rest is the value.
 * Checks that every validator terminates its strings, keeps its result
 * consistent, and that normalising an accepted value is stable.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/region.h"
#include "core/utf8.h"
#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const types[] = {
    "idcard", "phone", "mobile",  "landline", "postcode", "uscc",  "bank_account", "name",
    "date",   "text",  "address", "number",   "money",    "yesno", "select",       "region",
};

/* Fail loudly: libFuzzer records the input. */
static void
check(int cond)
{
    if (!cond)
        abort();
}

/* The string fields of a result are NUL-terminated within their arrays. */
static void
check_result(const struct yj_vresult *r, int st)
{
    check(memchr(r->msg, '\0', sizeof r->msg) != NULL);
    check(memchr(r->norm, '\0', sizeof r->norm) != NULL);
    check(memchr(r->gender, '\0', sizeof r->gender) != NULL);
    check(memchr(r->birth, '\0', sizeof r->birth) != NULL);
    check(memchr(r->region, '\0', sizeof r->region) != NULL);
    check(st == (int)r->status);
    check(st == YJ_V_OK || st == YJ_V_WARN || st == YJ_V_ERR);
    check((st == YJ_V_OK) == (r->msg[0] == '\0'));
    if (r->birth[0])
        check(yj_date_valid(r->birth));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int init;
    if (!init) {
        setlocale(LC_ALL, "C.UTF-8");
        setenv("YJ_TODAY", "2025-06-15", 1);
        init = 1;
    }
    if (size < 1 || size > 4096)
        return 0;
    uint8_t sel = data[0];
    const char *type = types[sel % (sizeof types / sizeof types[0])];
    char *value = malloc(size);
    memcpy(value, data + 1, size - 1);
    value[size - 1] = '\0';

    static const char *const choices[] = {"M", "F", "是", NULL};
    struct yj_vopts o = {0};
    o.allow_legacy15 = sel & 0x10;
    o.resident_only = sel & 0x20;
    o.choices = choices;
    if (sel & 0x40) {
        o.date_min = "today-1y";
        o.date_max = "today";
        o.max_chars = 5;
        o.min_chars = 3;
        o.has_min = o.has_max = 1;
        o.min = -10;
        o.max = 1e6;
    }
    struct yj_vresult r, r2;
    int st = yj_validate(type, value, &o, &r);
    check_result(&r, st);
    if (st == YJ_V_OK) {
        /* an accepted value stays accepted, and its norm is a fixed point */
        check(yj_utf8_check(r.norm, strlen(r.norm), false));
        int st2 = yj_validate(type, r.norm, &o, &r2);
        check(st2 == YJ_V_OK);
        check(strcmp(r.norm, r2.norm) == 0);
    }
    char masked[64];
    yj_mask_id(value, masked, sizeof masked);
    check(strlen(masked) < sizeof masked);
    char full[128];
    yj_region_fullname(value, full, sizeof full);
    char out[11];
    yj_date_add(value, sel % 7 - 3, sel % 13 - 6, sel - 128, out);
    if (out[0])
        check(yj_date_valid(out));
    (void)yj_date_diff_days(value, "2025-06-15");
    (void)yj_date_resolve(value, out);
    free(value);
    return 0;
}
