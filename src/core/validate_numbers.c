/* validate_numbers.c: phone numbers (mobile blocks, landline area codes) and
 * the numbers of registries — postcode, 统一社会信用代码 (GB 32100), bank card
 * (Luhn). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/facts.h"
#include "core/i18n.h"
#include "core/region.h"
#include "core/util.h"
#include "core/validate_int.h"

/* ---- phone numbers ------------------------------------------------------ */

/* Remove separators and a +86 / 0086 prefix from a phone number. */
static bool
phone_digits(const char *v, char *out, size_t outsz)
{
    if (!yj_v_strip_chars(v, " \t-()", out, outsz))
        return false;
    if (strncmp(out, "+86", 3) == 0)
        memmove(out, out + 3, strlen(out + 3) + 1);
    else if (strncmp(out, "0086", 4) == 0)
        memmove(out, out + 4, strlen(out + 4) + 1);
    return true;
}

/* Mainland mobile number: 1[3-9] + 9 digits. */
enum yj_vstatus
yj_validate_mobile(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char d[64];
    if (!phone_digits(v, d, sizeof d))
        return yj_vres_err(r, _("手机号码太长了，手机号码应为11位数字，请核对"));
    size_t n = strlen(d);
    if (n == 0)
        return yj_vres_err(r, _("请填写手机号码（11位数字，以1开头）"));
    if (!yj_v_all_digits_n(d, n))
        return yj_vres_err(r, _("手机号码只能包含数字，请填写11位数字"));
    if (n != 11)
        return yj_vres_set(r, YJ_V_ERR, _("手机号码应为11位数字，现在是%zu位，请核对"), n);
    if (d[0] != '1' || d[1] < '3')
        return yj_vres_err(r, _("手机号码应以1开头、第二位是3到9，请核对"));
    snprintf(r->norm, sizeof r->norm, "%s", d);
    if (yj_facts_mobile_assigned(d) == 0)
        return yj_vres_set(r, YJ_V_WARN,
                           _("手机号码的号段 %.3s 目前没有分配给电信运营商，请对照手机再核对一遍；"
                             "核对无误请确认"),
                           d);
    return YJ_V_OK;
}

/* Landline: area code + 7-8 digit number, optional extension; norm AREA-NUMBER[-EXT]. */
enum yj_vstatus
yj_validate_landline(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char s[64];
    if (!yj_v_trim_copy(v, s, sizeof s))
        return yj_vres_err(r, _("电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
    if (*s == '\0')
        return yj_vres_err(r, _("请填写固定电话，格式为“区号-号码”，例如 021-62345678"));
    /* An extension written "转123" or "#123". */
    char ext[16] = "";
    char *mark = strstr(s, "转");
    size_t marklen = 3;
    if (mark == NULL && (mark = strchr(s, '#')) != NULL)
        marklen = 1;
    if (mark != NULL) {
        if (!yj_v_strip_chars(mark + marklen, " -", ext, sizeof ext) || ext[0] == '\0' ||
            !yj_v_all_digits_n(ext, strlen(ext)) || strlen(ext) > 6)
            return yj_vres_err(r, _("分机号应为1到6位数字，请核对"));
        *mark = '\0';
    }
    char *p = s;
    if (strncmp(p, "+86", 3) == 0)
        p += 3;
    /* Groups of digits between separators. */
    char groups[8][24];
    size_t ng = 0;
    while (*p) {
        if (strchr(" \t-()", *p) != NULL) {
            p++;
            continue;
        }
        if (!yj_v_is_digit(*p))
            return yj_vres_err(
                r, _("固定电话只能包含数字和连字符，请按“区号-号码”填写，例如 021-62345678"));
        size_t k = 0;
        if (ng == YJ_ARRAY_LEN(groups))
            return yj_vres_err(r, _("固定电话格式不对，请按“区号-号码”填写，例如 021-62345678"));
        while (yj_v_is_digit(*p)) {
            if (k + 1 >= sizeof groups[0])
                return yj_vres_err(r, _("电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
            groups[ng][k++] = *p++;
        }
        groups[ng++][k] = '\0';
    }
    if (ng == 0 || groups[0][0] != '0')
        return yj_vres_err(r, _("固定电话要带区号，以0开头，例如 021-62345678"));
    /* 010 and 02x are 3-digit area codes with 8-digit numbers; the rest are
     * 4 digits (0 + 3) with 7- or 8-digit numbers. */
    const char *g0 = groups[0];
    if (g0[1] == '0' || (g0[1] == '1' && g0[2] != '\0' && g0[2] != '0'))
        return yj_vres_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    size_t area = (g0[1] == '1' || g0[1] == '2') ? 3 : 4;
    char areacode[8], sub[32] = "";
    size_t next;
    if (strlen(g0) > area && strlen(g0) < area + 7) {
        return yj_vres_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    } else if (strlen(g0) > area) { /* "02162345678": the number follows the area code */
        if (strlen(g0) > area + 8)
            return yj_vres_err(r, _("固定电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
        snprintf(areacode, sizeof areacode, "%.*s", (int)area, g0);
        snprintf(sub, sizeof sub, "%s", g0 + area);
        next = 1;
    } else if (strlen(g0) == area) {
        snprintf(areacode, sizeof areacode, "%.*s", (int)area, g0);
        next = 1;
        if (ng > 1 && strlen(groups[1]) >= 7) {
            snprintf(sub, sizeof sub, "%s", groups[1]);
            next = 2;
        } else {
            /* "021 6234 5678": the number in pieces */
            while (next < ng && strlen(sub) + strlen(groups[next]) <= 8)
                strcat(sub, groups[next++]);
        }
    } else {
        return yj_vres_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    }
    if (next < ng) { /* "021-62345678-123": an extension */
        if (next + 1 != ng || ext[0] != '\0' || strlen(groups[next]) > 6)
            return yj_vres_err(r, _("分机号应为1到6位数字，写在号码后面，例如 021-62345678-123"));
        snprintf(ext, sizeof ext, "%.6s", groups[next]);
    }
    size_t sl = strlen(sub);
    if (sl < 7 || sl > 8 || (area == 3 && sl != 8))
        return yj_vres_set(r, YJ_V_ERR,
                           area == 3 ? _("区号 %s 后面应是8位号码，请核对，例如 021-62345678")
                                     : _("区号 %s 后面应是7到8位号码，请核对，例如 0571-87654321"),
                           areacode);
    if (sub[0] == '0' || sub[0] == '1')
        return yj_vres_err(r, _("区号后面的号码不能以0或1开头，请核对区号和号码"));
    /* 0852 and 0853 look like area codes but are Hong Kong's and Macau's country codes. */
    if (strcmp(areacode, "0852") == 0 || strcmp(areacode, "0853") == 0)
        return yj_vres_set(r, YJ_V_ERR,
                           areacode[3] == '2'
                               ? _("%s 不是内地的长途区号（+852 是香港的国际电话区号），"
                                   "请填写内地的固定电话或手机号码")
                               : _("%s 不是内地的长途区号（+853 是澳门的国际电话区号），"
                                   "请填写内地的固定电话或手机号码"),
                           areacode);
    if (yj_facts_area_code(areacode) == 0)
        return yj_vres_set(r, YJ_V_ERR,
                           _("区号 %s 不存在，请核对（例如北京010、上海021、杭州0571）"), areacode);
    snprintf(r->norm, sizeof r->norm, "%s-%s%s%s", areacode, sub, ext[0] ? "-" : "", ext);
    return YJ_V_OK;
}

/* Mobile or landline, told apart by the first digit. */
enum yj_vstatus
yj_validate_phone(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_input(v, r, &in);
    char d[64];
    if (!phone_digits(v, d, sizeof d))
        d[0] = '\0';
    if (d[0] == '1')
        return yj_validate_mobile(v, r);
    if (d[0] == '0')
        return yj_validate_landline(v, r);
    yj_vres_init(r, v);
    if (*d == '\0')
        return yj_vres_err(r, _("请填写联系电话：11位手机号码，或带区号的固定电话"));
    return yj_vres_err(r, _("电话号码应为11位手机号码（以1开头），或以0开头带区号的固定电话，例如 "
                            "021-62345678"));
}

/* ---- numbers from registries -------------------------------------------- */

/* Postcode: 6 digits. */
enum yj_vstatus
yj_validate_postcode(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char d[32];
    if (!yj_v_strip_chars(v, " \t", d, sizeof d) || strlen(d) != 6 || !yj_v_all_digits_n(d, 6))
        return yj_vres_err(r, _("邮政编码应为6位数字，例如 200000"));
    snprintf(r->norm, sizeof r->norm, "%s", d);
    /* The first two digits are the province's postal zone: 01..86, never 00. */
    if (d[0] == '0' && d[1] == '0')
        return yj_vres_set(r, YJ_V_ERR,
                           _("邮政编码 %s 不存在（前两位是省份的邮区，不会是00），请核对"), d);
    return YJ_V_OK;
}

/* Value of a GB 32100 character, or -1. */
static int
uscc_value(char c)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const char *p = c ? strchr(set, c) : NULL;
    return p != NULL ? (int)(p - set) : -1;
}

/* GB 32100 check character: weights 3^(i-1) mod 31. */
char
yj_uscc_check_char(const char *first17)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int w = 1, sum = 0;
    for (int i = 0; i < 17; i++) {
        int val = uscc_value(first17[i]);
        if (val < 0)
            return 0;
        sum += val * w;
        w = w * 3 % 31;
    }
    int c = 31 - sum % 31;
    return set[c == 31 ? 0 : c];
}

/* 统一社会信用代码: 18 characters of the GB 32100 set, check character. */
enum yj_vstatus
yj_validate_uscc(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char s[32];
    if (!yj_v_strip_chars(v, " \t-", s, sizeof s))
        return yj_vres_err(r, _("统一社会信用代码应为18位，请核对"));
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)toupper((unsigned char)s[i]);
    if (n != 18)
        return yj_vres_set(r, YJ_V_ERR, _("统一社会信用代码应为18位，现在是%zu位，请核对"), n);
    for (size_t i = 0; i < 18; i++) {
        if (uscc_value(s[i]) < 0) {
            if (s[i] == 'I' || s[i] == 'O' || s[i] == 'Z' || s[i] == 'S' || s[i] == 'V')
                return yj_vres_set(
                    r, YJ_V_ERR,
                    _("统一社会信用代码第%zu位的字母 %c 不会出现（代码不用 I、O、Z、S、"
                      "V），请核对是否是数字 1、0、2、5 或别的字母"),
                    i + 1, s[i]);
            return yj_vres_set(r, YJ_V_ERR, _("统一社会信用代码第%zu位应是数字或大写字母，请核对"),
                               i + 1);
        }
    }
    snprintf(r->norm, sizeof r->norm, "%s", s);
    /* Characters 3-8: the registering authority's GB/T 2260 code (kept for life, so
     * abolished codes count), or 100000 for an authority of the central government. */
    char area[7];
    snprintf(area, sizeof area, "%.6s", s + 2);
    if (strcmp(area, "100000") != 0 && !yj_region_known(area))
        return yj_vres_set(
            r, YJ_V_ERR, _("统一社会信用代码第3-8位 %s 不是登记机关的行政区划代码，请核对"), area);
    if (yj_uscc_check_char(s) != s[17])
        return yj_vres_err(r, _("统一社会信用代码的校验位不对，请逐位核对（最后一位是校验位）"));
    return YJ_V_OK;
}

/* Luhn (mod 10) check over a string of digits. */
bool
yj_luhn_ok(const char *digits)
{
    size_t n = strlen(digits);
    if (n == 0)
        return false;
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = digits[n - 1 - i];
        if (!yj_v_is_digit(c))
            return false;
        int d = c - '0';
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

/* Bank card: 16-19 digits; a Luhn failure is a warning to confirm. */
enum yj_vstatus
yj_validate_bank_account(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char d[64];
    if (!yj_v_strip_chars(v, " \t-", d, sizeof d))
        return yj_vres_err(r, _("银行卡号太长了，银行卡号应为16到19位数字，请核对"));
    size_t n = strlen(d);
    if (n == 0)
        return yj_vres_err(r, _("请填写银行卡号（16到19位数字）"));
    if (!yj_v_all_digits_n(d, n))
        return yj_vres_err(r, _("银行卡号只能包含数字，请核对"));
    if (n < 16 || n > 19)
        return yj_vres_set(r, YJ_V_ERR, _("银行卡号应为16到19位数字，现在是%zu位，请核对"), n);
    snprintf(r->norm, sizeof r->norm, "%s", d);
    if (!yj_luhn_ok(d))
        return yj_vres_set(r, YJ_V_WARN, "%s",
                           _("这个银行卡号没有通过常用的校验，请对照银行卡再核对一遍；"
                             "部分银行的卡号确实如此，核对无误请确认"));
    return YJ_V_OK;
}
