/* test_validate.c: the field validators, with the test vectors of domain.md §1. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/validate.h"

static struct yj_vresult r;
static const struct yj_vopts none;

/* Validate and return the status, leaving the details in r. */
static int
v(const char *type, const char *value, const struct yj_vopts *o)
{
    return yj_validate(type, value, o, &r);
}

/* Assert an error whose message contains part. */
#define assert_err(type, value, o, part)                                                           \
    do {                                                                                           \
        assert_int_equal(v(type, value, o), YJ_V_ERR);                                             \
        if (strstr(r.msg, part) == NULL)                                                           \
            fail_msg("message '%s' lacks '%s'", r.msg, part);                                      \
    } while (0)

static int
setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    setenv("YJ_TODAY", "2025-06-15", 1);
    return 0;
}

static void
test_idcard_check_char(void **state)
{
    (void)state;
    assert_int_equal(yj_idcard_check_char("11010519491231002"), 'X');
    assert_int_equal(yj_idcard_check_char("44052418800101001"), '4');
    assert_int_equal(yj_idcard_check_char("1101051949123100a"), 0);
}

static void
test_idcard_resident18(void **state)
{
    (void)state;
    assert_int_equal(v("idcard", "11010519491231002X", &none), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_RESIDENT18);
    assert_string_equal(r.gender, "F"); /* 17th digit 2: even */
    assert_string_equal(r.birth, "1949-12-31");
    assert_string_equal(r.region, "110105");
    assert_string_equal(r.msg, "");
    /* lower-case x accepted and upper-cased, spaces dropped */
    assert_int_equal(v("idcard", "110105 19491231 002x", &none), YJ_V_OK);
    assert_string_equal(r.norm, "11010519491231002X");
    assert_int_equal(v("idcard", "１１０１０５１９４９１２３１００２ｘ", &none), YJ_V_OK);
    assert_string_equal(r.norm, "11010519491231002X");
    /* a male: odd 17th digit (check char recomputed for the change) */
    char id[19] = "11010519491231001";
    id[17] = yj_idcard_check_char(id);
    id[18] = '\0';
    assert_int_equal(v("idcard", id, &none), YJ_V_OK);
    assert_string_equal(r.gender, "M");
}

static void
test_idcard_errors(void **state)
{
    (void)state;
    assert_err("idcard", "110105194912310021", &none, "校验位");
    assert_err("idcard", "11010519491231002", &none, "18位");
    assert_err("idcard", "", &none, "请填写");
    assert_err("idcard", "1101051949123A002X", &none, "第14位");
    /* 1880: before 1900 (440524 潮阳县 itself is a known abolished code) */
    assert_err("idcard", "440524188001010014", &none, "早于1900年");
    /* 990000 is no region */
    char id[19] = "99000019491231002";
    id[0] = '0';
    id[17] = yj_idcard_check_char(id);
    id[18] = '\0';
    assert_err("idcard", id, &none, "地区代码");
}

/* Build a valid 18-digit number from 17 digits. */
static const char *
with_check(const char *first17)
{
    static char id[19];
    memcpy(id, first17, 17);
    id[17] = yj_idcard_check_char(first17);
    id[18] = '\0';
    return id;
}

static void
test_idcard_dates(void **state)
{
    (void)state;
    /* future birth date refused (today is 2025-06-15) */
    assert_err("idcard", with_check("31010120250616001"), &none, "晚于今天");
    assert_int_equal(v("idcard", with_check("31010120250615001"), &none), YJ_V_OK);
    /* Feb 29 on a non-leap year refused, on a leap year fine */
    assert_err("idcard", with_check("31010119990229001"), &none, "不是真实的日期");
    assert_int_equal(v("idcard", with_check("31010119000101001"), &none), YJ_V_OK);
    assert_err("idcard", with_check("31010118991231001"), &none, "早于1900年");
    assert_int_equal(v("idcard", with_check("31010120000229001"), &none), YJ_V_OK);
    assert_err("idcard", with_check("31010119991301001"), &none, "1999-13-01");
}

static void
test_idcard_abolished_region(void **state)
{
    (void)state;
    /* 310108 闸北区 and 310103 卢湾区 were abolished; the numbers stay valid. */
    assert_int_equal(v("idcard", with_check("31010819800101001"), &none), YJ_V_OK);
    assert_string_equal(r.region, "310108");
    assert_int_equal(v("idcard", with_check("31010319800101002"), &none), YJ_V_OK);
}

static void
test_idcard_legacy15(void **state)
{
    (void)state;
    struct yj_vopts o = {.allow_legacy15 = true};
    assert_err("idcard", "110105491231002", &none, "15位");
    assert_int_equal(v("idcard", "110105491231002", &o), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_RESIDENT15);
    assert_string_equal(r.norm, "11010519491231002X");
    assert_string_equal(r.birth, "1949-12-31");
    assert_string_equal(r.gender, "F");
    assert_err("idcard", "110105491331002", &o, "不是真实的日期");
}

static void
test_idcard_permits(void **state)
{
    (void)state;
    struct yj_vopts ro = {.resident_only = true};
    const char *hk = with_check("81000019900101001");
    char hkc[19];
    strcpy(hkc, hk);
    assert_int_equal(v("idcard", hkc, &none), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_HKMT);
    assert_string_equal(r.birth, "1990-01-01");
    assert_string_equal(r.gender, "M");
    assert_err("idcard", hkc, &ro, "只能填写居民身份证");
    assert_int_equal(v("idcard", with_check("83000019900101002"), &none), YJ_V_OK);
    hkc[17] = hkc[17] == '0' ? '1' : '0';
    assert_err("idcard", hkc, &none, "校验位");

    /* foreign permanent residence ID, 2023: first digit 9, MOD 11-2 */
    char pr[19];
    strcpy(pr, with_check("93184019850312001"));
    assert_int_equal(v("idcard", pr, &none), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_FOREIGN_PR);
    assert_string_equal(r.birth, "1985-03-12");
    assert_err("idcard", pr, &ro, "外国人永久居留");
    pr[17] = pr[17] == '0' ? '1' : '0';
    assert_err("idcard", pr, &none, "校验位");
    /* 2017: 3 letters + 12 digits, lower case upper-cased */
    assert_int_equal(v("idcard", "usa310085031201", &none), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_FOREIGN_PR);
    assert_string_equal(r.norm, "USA310085031201");
    assert_err("idcard", "US1310085031201", &none, "3个英文字母");
}

/* The values of issue 14 ("domain fidelity"), each with its expected result. */
static void
test_documents_issue14(void **state)
{
    (void)state;
    struct yj_vopts ro = {.resident_only = true};
    /* 2023 foreign permanent residence ID: province of acceptance, nationality, date */
    assert_err("idcard", "99984019900101001X", &none, "第2-3位 99");
    assert_int_equal(r.doc, YJ_ID_FOREIGN_PR);
    assert_err("idcard", "900840199001010015", &none, "第2-3位 00");
    assert_err("idcard", "931840199902290014", &none, "1999-02-29");
    assert_err("idcard", "990101199001010019", &none, "不是受理地的省份代码");
    assert_err("idcard", with_check("97184019900101001"), &none, "第2-3位 71");
    assert_err("idcard", with_check("93115619900101001"), &none, "第4-6位 156"); /* China */
    assert_err("idcard", with_check("93199919900101001"), &none, "国籍代码");
    char pr[19];
    strcpy(pr, with_check("93139219900101002")); /* Shanghai, Japan (392) */
    assert_int_equal(v("idcard", pr, &none), YJ_V_OK);
    assert_string_equal(r.birth, "1990-01-01");
    assert_string_equal(r.gender, "F");
    /* no resident ID starts with 71, 81 or 82, with or without --resident-only */
    assert_err("idcard", "710000199001010015", &none, "不会以 71 开头");
    assert_err("idcard", "710000199001010015", &ro, "不会以 71 开头");
    assert_err("idcard", with_check("81010119900101001"), &none, "不会以 81 开头");
    assert_err("idcard", with_check("82000119900101001"), &none, "不会以 82 开头");
    assert_err("idcard", with_check("71000019900101001"), &ro, "不会以 71 开头");
    /* the permits keep their prefixes */
    assert_int_equal(v("idcard", with_check("82000019900101001"), &none), YJ_V_OK);
    assert_int_equal(r.doc, YJ_ID_HKMT);
    /* USCC: the registering authority's region must exist */
    assert_err("uscc", "91990000MA1FR2K3XX", &none, "第3-8位 990000");
    char uscc[19] = "91990000MA1FR2K3X";
    uscc[17] = yj_uscc_check_char(uscc);
    uscc[18] = '\0';
    assert_err("uscc", uscc, &none, "行政区划代码"); /* even with a right check character */
    assert_int_equal(v("uscc", "91512081MA62K0260E", &none), YJ_V_OK);
    char central[19] = "11100000MB0123456";
    central[17] = yj_uscc_check_char(central);
    central[18] = '\0';
    assert_int_equal(v("uscc", central, &none), YJ_V_OK); /* 100000: central authority */
    /* mobile blocks that are not assigned: a warning */
    static const char *const unassigned[] = {"14012345678", "16012345678", "17412345678",
                                             "17912345678", "19412345678", "17406123456"};
    for (size_t i = 0; i < sizeof unassigned / sizeof *unassigned; i++) {
        assert_int_equal(v("mobile", unassigned[i], &none), YJ_V_WARN);
        assert_non_null(strstr(r.msg, "没有分配"));
        assert_int_equal(v("phone", unassigned[i], &none), YJ_V_WARN);
    }
    static const char *const assigned[] = {"13012345678", "14512345678", "16101234567",
                                           "17400123456", "19212345678", "19912345678"};
    for (size_t i = 0; i < sizeof assigned / sizeof *assigned; i++)
        assert_int_equal(v("mobile", assigned[i], &none), YJ_V_OK);
    /* landlines: Hong Kong, Macau, a code that does not exist */
    assert_err("landline", "0852-2123456", &none, "香港");
    assert_err("landline", "0853-28123456", &none, "澳门");
    assert_err("landline", "026-61234567", &none, "区号 026 不存在");
    assert_err("phone", "0852-21234567", &none, "香港");
    assert_int_equal(v("landline", "0886-3123456", &none), YJ_V_OK);  /* 怒江 */
    assert_int_equal(v("landline", "0351-1234567", &none), YJ_V_ERR); /* 0 or 1 first */
    assert_int_equal(v("landline", "0351-7123456", &none), YJ_V_OK);
    /* postcode */
    assert_err("postcode", "000000", &none, "不存在");
    assert_err("postcode", "001234", &none, "不存在");
    assert_int_equal(v("postcode", "010010", &none), YJ_V_OK); /* 呼和浩特 */
    /* a Chinese name with a hyphen */
    assert_err("name", "李-王", &none, "“-”");
    assert_err("name", "欧阳'明", &none, "“'”");
    assert_int_equal(v("name", "Jean-Pierre", &none), YJ_V_OK);
    /* a baby's name: 通用规范汉字表 */
    struct yj_vopts sc = {.standard_chars = true};
    assert_int_equal(v("name", "李爱华", &sc), YJ_V_OK);
    assert_int_equal(v("name", "李愛華", &sc), YJ_V_WARN);
    assert_non_null(strstr(r.msg, "“愛”是繁体字"));
    assert_non_null(strstr(r.msg, "“爱”"));
    assert_int_equal(v("name", "王㼆", &sc), YJ_V_WARN);
    assert_non_null(strstr(r.msg, "不在《通用规范汉字表》中"));
    assert_int_equal(v("name", "王㼆", &none), YJ_V_OK); /* an adult's name stays as it is */
    assert_int_equal(v("name", "阿依古丽·买买提", &sc), YJ_V_OK);
}

static void
test_mobile_landline_phone(void **state)
{
    (void)state;
    assert_int_equal(v("mobile", "13812345678", &none), YJ_V_OK);
    assert_int_equal(v("mobile", "138 1234-5678", &none), YJ_V_OK);
    assert_string_equal(r.norm, "13812345678");
    assert_int_equal(v("mobile", "+86 19912345678", &none), YJ_V_OK);
    assert_string_equal(r.norm, "19912345678");
    assert_err("mobile", "12812345678", &none, "第二位");
    assert_err("mobile", "1381234567", &none, "10位");
    assert_err("mobile", "1381234567a", &none, "数字");

    assert_int_equal(v("landline", "021-62345678", &none), YJ_V_OK);
    assert_string_equal(r.norm, "021-62345678");
    assert_int_equal(v("landline", "02162345678", &none), YJ_V_OK);
    assert_string_equal(r.norm, "021-62345678");
    assert_int_equal(v("landline", "0571-8765432", &none), YJ_V_OK);
    assert_int_equal(v("landline", "(010) 62345678-123", &none), YJ_V_OK);
    assert_string_equal(r.norm, "010-62345678-123");
    assert_int_equal(v("landline", "021-62345678转8001", &none), YJ_V_OK);
    assert_string_equal(r.norm, "021-62345678-8001");
    assert_err("landline", "021-6234567", &none, "8位");
    assert_err("landline", "12345678", &none, "区号");
    assert_err("landline", "021-02345678", &none, "0或1开头");

    assert_int_equal(v("landline", "021 6234 5678", &none), YJ_V_OK);
    assert_string_equal(r.norm, "021-62345678");
    assert_int_equal(v("landline", "0571-876-5432", &none), YJ_V_OK);
    assert_string_equal(r.norm, "0571-8765432");
    /* 7-digit number with an extension: the norm is read back the same */
    assert_int_equal(v("landline", "(0571) 8765432)-3", &none), YJ_V_OK);
    assert_string_equal(r.norm, "0571-8765432-3");
    assert_int_equal(v("landline", r.norm, &none), YJ_V_OK);
    assert_string_equal(r.norm, "0571-8765432-3");
    assert_err("landline", "009-62230062", &none, "区号不对");
    assert_err("landline", "0210-62345678", &none, "区号不对");
    assert_err("landline", "021-62345678-1234567", &none, "分机号");
    assert_err("landline", "021-6234-5678-12-34", &none, "分机号");
    /* full-width digits from a Chinese input method */
    assert_int_equal(v("mobile", "１３８１２３４５６７８", &none), YJ_V_OK);
    assert_string_equal(r.norm, "13812345678");
    assert_int_equal(v("phone", "13812345678", &none), YJ_V_OK);
    assert_int_equal(v("phone", "021-62345678", &none), YJ_V_OK);
    assert_err("phone", "4001234567", &none, "手机号码");
}

static void
test_postcode_uscc(void **state)
{
    (void)state;
    assert_int_equal(v("postcode", "200001", &none), YJ_V_OK);
    assert_err("postcode", "20001", &none, "6位");
    assert_err("postcode", "20000a", &none, "6位");

    assert_int_equal(yj_uscc_check_char("91512081MA62K0260"), 'E');
    assert_int_equal(yj_uscc_check_char("11320000MB151840X"), 'J');
    assert_int_equal(v("uscc", "91512081MA62K0260E", &none), YJ_V_OK);
    assert_int_equal(v("uscc", "11320000mb151840xj", &none), YJ_V_OK);
    assert_string_equal(r.norm, "11320000MB151840XJ");
    /* a blog example that fails the check */
    assert_err("uscc", "91310115MA1H8R7C6D", &none, "校验位");
    assert_err("uscc", "91512081MA62K0260", &none, "18位");
    assert_err("uscc", "91512081MA62KO260E", &none, "第14位");
}

static void
test_bank_account(void **state)
{
    (void)state;
    assert_true(yj_luhn_ok("4111111111111111"));
    assert_false(yj_luhn_ok("4111111111111112"));
    assert_int_equal(v("bank_account", "4111 1111 1111 1111", &none), YJ_V_OK);
    assert_string_equal(r.norm, "4111111111111111");
    /* Of the ten last digits of a 19-digit card exactly one passes Luhn; the
     * other nine are warnings to confirm, never errors. */
    int oks = 0;
    for (char c = '0'; c <= '9'; c++) {
        char card[32];
        snprintf(card, sizeof card, "6222 0212 3456 7890 12%c", c);
        int st = v("bank_account", card, &none);
        assert_true(st == YJ_V_OK || st == YJ_V_WARN);
        oks += st == YJ_V_OK;
    }
    assert_int_equal(oks, 1);
    assert_int_equal(v("bank_account", "4111111111111112", &none), YJ_V_WARN);
    assert_non_null(strstr(r.msg, "核对"));
    assert_string_equal(r.norm, "4111111111111112");
    assert_err("bank_account", "411111111111111", &none, "16到19位");
    assert_err("bank_account", "41111111111111111111", &none, "16到19位");
    assert_err("bank_account", "4111-1111-1111-111x", &none, "数字");
}

static void
test_name(void **state)
{
    (void)state;
    assert_int_equal(v("name", "张三", &none), YJ_V_OK);
    assert_int_equal(v("name", "欧阳娜娜", &none), YJ_V_OK);
    /* rare characters beyond GBK */
    assert_int_equal(v("name", "王㼆", &none), YJ_V_OK);
    assert_int_equal(v("name", "李\xf0\xa0\x80\x80", &none), YJ_V_OK); /* U+20000 */
    /* look-alike dots become U+00B7 */
    static const char *const dots[] = {"\xe2\x80\xa2", "\xe3\x83\xbb", "\xef\xbc\x8e",
                                       "\xe2\x80\xa7", "\xef\xbd\xa5", "\xe2\xb8\xb1",
                                       "\xce\x87",     "\xe2\x8b\x85", ".",
                                       "\xc2\xb7"};
    for (size_t i = 0; i < sizeof dots / sizeof dots[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "买买提%s艾力", dots[i]);
        assert_int_equal(v("name", name, &none), YJ_V_OK);
        assert_string_equal(r.norm, "买买提\xc2\xb7艾力");
    }
    /* 50 characters fit by default, 51 do not */
    char longname[256] = "";
    for (int i = 0; i < 50; i++)
        strcat(longname, i % 5 == 4 ? "\xc2\xb7" : "阿");
    longname[strlen(longname) - 2] = '\0';
    strcat(longname, "阿");
    assert_int_equal(v("name", longname, &none), YJ_V_OK);
    strcat(longname, "阿");
    assert_err("name", longname, &none, "最多50个字");
    struct yj_vopts o = {.max_chars = 60};
    assert_int_equal(v("name", longname, &o), YJ_V_OK);

    assert_err("name", "张", &none, "至少要2个字");
    assert_err("name", "张3", &none, "数字");
    assert_err("name", "·张三", &none, "开头");
    assert_err("name", "张三·", &none, "结尾");
    assert_err("name", "张··三", &none, "连续");
    assert_err("name", "张 三", &none, "空格");
    assert_err("name", "张三@", &none, "@");
    assert_err("name", "张三John", &none, "混写");
    assert_err("name", "\xe5\xbc\xa0\xff", &none, "无法识别");
    assert_err("name", "张\x01三", &none, "无法识别");
    assert_err("name", "", &none, "请填写");
    /* foreign names in Latin letters */
    assert_int_equal(v("name", "  John  Smith ", &none), YJ_V_OK);
    assert_string_equal(r.norm, "John Smith");
    assert_int_equal(v("name", "Anne-Marie O'Neil", &none), YJ_V_OK);
}

static void
test_date(void **state)
{
    (void)state;
    assert_int_equal(v("date", "2024-02-29", &none), YJ_V_OK);
    assert_string_equal(r.norm, "2024-02-29");
    assert_int_equal(v("date", "20240301", &none), YJ_V_OK);
    assert_string_equal(r.norm, "2024-03-01");
    assert_int_equal(v("date", "2024/3/1", &none), YJ_V_OK);
    assert_string_equal(r.norm, "2024-03-01");
    assert_int_equal(v("date", "2024年3月1日", &none), YJ_V_OK);
    assert_string_equal(r.norm, "2024-03-01");
    assert_err("date", "2023-02-29", &none, "2023年不是闰年");
    assert_err("date", "1900-02-29", &none, "1900年不是闰年");
    assert_err("date", "2024-04-31", &none, "不是真实的日期");
    assert_err("date", "2024-3", &none, "格式");
    assert_err("date", "2024-03-01x", &none, "格式");
    assert_err("date", "2024/03-01", &none, "格式");

    struct yj_vopts o = {.date_min = "today-1y",
                         .date_max = "today",
                         .date_min_msg = "出生一件事适用于一周岁以内的婴儿"};
    assert_int_equal(v("date", "2025-06-15", &o), YJ_V_OK);
    assert_int_equal(v("date", "2024-06-15", &o), YJ_V_OK);
    assert_err("date", "2024-06-14", &o, "一周岁以内");
    assert_err("date", "2025-06-16", &o, "不能晚于 2025-06-15");
    struct yj_vopts fixed = {.date_min = "2000-01-01"};
    assert_err("date", "1999-12-31", &fixed, "不能早于 2000-01-01");
}

static void
test_date_arith(void **state)
{
    (void)state;
    char out[11];
    assert_true(yj_date_valid("2000-02-29"));
    assert_false(yj_date_valid("2100-02-29"));
    assert_false(yj_date_valid("2024-2-29"));
    yj_date_add("2024-02-29", 1, 0, 0, out);
    assert_string_equal(out, "2025-02-28");
    yj_date_add("2024-01-31", 0, 1, 0, out);
    assert_string_equal(out, "2024-02-29");
    yj_date_add("2024-12-31", 0, 0, 1, out);
    assert_string_equal(out, "2025-01-01");
    yj_date_add("2025-03-01", 0, 0, -1, out);
    assert_string_equal(out, "2025-02-28");
    yj_date_add("2025-01-15", 0, -13, 0, out);
    assert_string_equal(out, "2023-12-15");
    yj_date_add("bad", 0, 0, 1, out);
    assert_string_equal(out, "");
    assert_int_equal(yj_date_diff_days("2024-01-01", "2025-01-01"), 366);
    assert_int_equal(yj_date_diff_days("2025-01-01", "2024-12-31"), -1);
    assert_int_equal(yj_date_diff_days("1949-12-31", "2025-06-15"), 27560);
    assert_int_equal(yj_date_resolve("today+30d", out), 0);
    assert_string_equal(out, "2025-07-15");
    assert_int_equal(yj_date_resolve("today-6m", out), 0);
    assert_string_equal(out, "2024-12-15");
    assert_int_equal(yj_date_resolve("tomorrow", out), -1);
}

static void
test_text_address(void **state)
{
    (void)state;
    assert_int_equal(v("text", "", &none), YJ_V_OK);
    assert_int_equal(v("text", " 你好 ", &none), YJ_V_OK);
    assert_string_equal(r.norm, "你好");
    char s[1024] = "";
    for (int i = 0; i < 101; i++)
        strcat(s, "字");
    assert_err("text", s, &none, "最多100个字，现在是101个字");
    assert_int_equal(v("address", s, &none), YJ_V_OK);
    assert_err("address", "", &none, "请填写地址");
    assert_err("text", "a\nb", &none, "控制字符");
    assert_err("address", "上海\xc3", &none, "无法识别");
    struct yj_vopts o = {.max_chars = 3, .min_chars = 2};
    assert_err("text", "一二三四", &o, "最多3个字");
    assert_err("text", "一", &o, "至少要2个字");
}

static void
test_number_money(void **state)
{
    (void)state;
    assert_int_equal(v("number", "42", &none), YJ_V_OK);
    assert_int_equal(v("number", "-3.5", &none), YJ_V_OK);
    assert_int_equal(v("number", "007", &none), YJ_V_OK);
    assert_string_equal(r.norm, "7");
    assert_err("number", "abc", &none, "数字");
    assert_err("number", "1.", &none, "数字");
    assert_err("number", "", &none, "请填写");
    assert_int_equal(v("money", "¥1,200.50元", &none), YJ_V_OK);
    assert_string_equal(r.norm, "1200.50");
    assert_err("money", "12.345", &none, "两位小数");
    struct yj_vopts o = {.has_min = true, .min = 0, .has_max = true, .max = 1000000};
    assert_err("money", "-1", &o, "不能小于 0");
    assert_err("money", "1000000.01", &o, "不能大于 1000000");
    assert_int_equal(v("money", "1000000", &o), YJ_V_OK);
}

/* How people type: weights with units, IDs with spaces, a digit too many, and
 * a check character compared with the one the first 17 digits give. */
static void
test_typed_as_people_do(void **state)
{
    (void)state;
    struct yj_vopts g = {.unit = "g", .has_min = true, .min = 300, .has_max = true, .max = 7000};
    const char *const grams[][2] = {{"6.5斤", "3250"},  {"3250克", "3250"}, {"3.25公斤", "3250"},
                                    {"3.25kg", "3250"}, {"3250g", "3250"},  {"3.25 千克", "3250"},
                                    {"3250", "3250"},   {"7斤", "3500"}};
    for (size_t i = 0; i < sizeof grams / sizeof grams[0]; i++) {
        assert_int_equal(v("number", grams[i][0], &g), YJ_V_OK);
        assert_string_equal(r.norm, grams[i][1]);
    }
    assert_err("number", "15斤", &g, "不能大于 7000"); /* 7500 g: bounds after converting */
    struct yj_vopts kg = {.unit = "kg"};
    assert_int_equal(v("number", "6.5斤", &kg), YJ_V_OK);
    assert_string_equal(r.norm, "3.25");
    assert_int_equal(v("number", "3250克", &kg), YJ_V_OK);
    assert_string_equal(r.norm, "3.25");
    assert_err("number", "6.5斤", &none, "不用写单位"); /* a field without a unit */
    assert_err("number", "6.5两", &g, "数字");
    /* An ID typed in groups: the spaces go, nothing is cut. */
    assert_int_equal(v("idcard", "310104 19920803 0175", &none), YJ_V_OK);
    assert_string_equal(r.norm, "310104199208030175");
    /* The check character: what it should be and what was typed. */
    assert_err("idcard", "310104199208030173", &none, "最后一位应为 5，您填的是 3");
    assert_err("idcard", "110105194912310021", &none, "应为 X，您填的是 1");
    /* A 7-digit postcode is refused, not cut to 6. */
    assert_err("postcode", "2000001", &none, "6位数字");
}

static void
test_yesno_select_region(void **state)
{
    (void)state;
    static const char *const in[] = {"yes", "是", "Y", "true", "no", "否", "n", "FALSE"};
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(v("yesno", in[i], &none), YJ_V_OK);
        assert_string_equal(r.norm, i < 4 ? "yes" : "no");
    }
    assert_err("yesno", "maybe", &none, "是");

    static const char *const choices[] = {"M", "F", NULL};
    struct yj_vopts o = {.choices = choices};
    assert_int_equal(v("select", "F", &o), YJ_V_OK);
    assert_err("select", "X", &o, "M、F");
    assert_err("select", "M", &none, "没有可选");

    assert_int_equal(v("region", "310101", &none), YJ_V_OK);
    assert_err("region", "310108", &none, "已经撤销");
    /* Taiwan, Hong Kong and Macau are provincial-level codes in force */
    assert_int_equal(v("region", "710000", &none), YJ_V_OK);
    assert_int_equal(v("region", "810000", &none), YJ_V_OK);
    assert_int_equal(v("region", "820000", &none), YJ_V_OK);
    assert_err("region", "830000", &none, "不存在");
    assert_err("region", "999999", &none, "不存在");
    assert_err("region", "3101", &none, "6位");

    assert_int_equal(v("nosuchtype", "x", &none), -1);
    assert_int_equal(r.status, YJ_V_ERR);
    assert_false(yj_validate_known_type("nosuchtype"));
    assert_true(yj_validate_known_type("bank_account"));
}

static void
test_mask(void **state)
{
    (void)state;
    char out[64];
    yj_mask_id("11010519491231002X", out, sizeof out);
    assert_string_equal(out, "110105********002X");
    yj_mask_id("110105491231002", out, sizeof out);
    assert_string_equal(out, "110105*****1002");
    yj_mask_id("12345678", out, sizeof out);
    assert_string_equal(out, "12****78");
    yj_mask_id("11010519491231002X", out, 8);
    assert_string_equal(out, "110105*");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idcard_check_char),
        cmocka_unit_test(test_idcard_resident18),
        cmocka_unit_test(test_idcard_errors),
        cmocka_unit_test(test_idcard_dates),
        cmocka_unit_test(test_idcard_abolished_region),
        cmocka_unit_test(test_idcard_legacy15),
        cmocka_unit_test(test_idcard_permits),
        cmocka_unit_test(test_documents_issue14),
        cmocka_unit_test(test_mobile_landline_phone),
        cmocka_unit_test(test_postcode_uscc),
        cmocka_unit_test(test_bank_account),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_date_arith),
        cmocka_unit_test(test_text_address),
        cmocka_unit_test(test_number_money),
        cmocka_unit_test(test_typed_as_people_do),
        cmocka_unit_test(test_yesno_select_region),
        cmocka_unit_test(test_mask),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
