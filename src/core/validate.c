/* validate.c: field validators that know Chinese documents.
 *
 * Every validator starts from a clean result (status OK, norm = the input) and
 * either leaves it, or sets a warning or an error with a Chinese sentence saying
 * what is wrong and what is expected. Algorithms and sources: docs in
 * validate.h and the research notes (GB 11643, GB 32100, Luhn, 民委发〔2016〕33号).
 */
#include "core/validate.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/facts.h"
#include "core/i18n.h"
#include "core/region.h"
#include "core/utf8.h"
#include "core/util.h"

/* ---- results ------------------------------------------------------------ */

/* Start a result: OK, norm = v (cut if it cannot fit; callers check the length). */
static void
res_init(struct yj_vresult *r, const char *v)
{
    memset(r, 0, sizeof *r);
    r->status = YJ_V_OK;
    snprintf(r->norm, sizeof r->norm, "%s", v);
}

/* Set status and a formatted message. */
static enum yj_vstatus res_set(struct yj_vresult *r, enum yj_vstatus st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set status and a formatted message. */
static enum yj_vstatus
res_set(struct yj_vresult *r, enum yj_vstatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->status = st;
    return st;
}

/* Error with a fixed message (no formatting). */
static enum yj_vstatus
res_err(struct yj_vresult *r, const char *msg)
{
    return res_set(r, YJ_V_ERR, "%s", msg);
}

/* The value itself, or a copy in buf when it lives inside r (re-validating
 * r->norm), because starting the result clears r. */
static const char *
detach(const char *v, const struct yj_vresult *r, char *buf, size_t bufsz)
{
    const char *lo = (const char *)r, *hi = (const char *)(r + 1);
    if (v == NULL)
        return "";
    if (v >= lo && v < hi) {
        snprintf(buf, bufsz, "%s", v);
        return buf;
    }
    return v;
}

/* ---- small string helpers ----------------------------------------------- */

/* ASCII digit? */
static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Are the first n characters of s ASCII digits? */
static bool
all_digits_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* Copy v into out (size outsz) without the characters in drop and without
 * leading/trailing ASCII whitespace; false when it does not fit. */
static bool
strip_chars(const char *v, const char *drop, char *out, size_t outsz)
{
    size_t n = 0;
    for (const char *p = v; *p; p++) {
        if (strchr(drop, *p) != NULL)
            continue;
        if (n + 1 >= outsz)
            return false;
        out[n++] = *p;
    }
    out[n] = '\0';
    return true;
}

/* Copy v without leading and trailing spaces (ASCII and U+3000) into out. */
static bool
trim_copy(const char *v, char *out, size_t outsz)
{
    const char *s = v;
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
            s += 3;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && memcmp(s + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    if (n + 1 > outsz)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* Full-width ASCII (Ｕ+FF01..FF5E, typed by Chinese input methods) and the
 * ideographic space folded to ASCII; v itself when nothing changes or out is too
 * small (the validators then refuse the length anyway). */
static const char *
fold_fullwidth(const char *v, char *out, size_t outsz)
{
    size_t o = 0;
    bool changed = false;
    for (size_t i = 0; v[i] != '\0';) {
        uint32_t c;
        size_t l = yj_utf8_decode(v + i, strlen(v + i), &c);
        if (l == 0) {
            l = 1;
            c = 0xfffd;
        }
        if (o + l + 1 > outsz)
            return v;
        if ((c >= 0xff01 && c <= 0xff5e) || c == 0x3000) {
            out[o++] = c == 0x3000 ? ' ' : (char)(c - 0xfee0);
            changed = true;
        } else {
            memcpy(out + o, v + i, l);
            o += l;
        }
        i += l;
    }
    out[o] = '\0';
    return changed ? out : v;
}

/* Scratch for input(): a copy of a value that lives in r, and its full-width fold. */
struct vinput {
    char own[YJ_VNORM_MAX];
    char fw[256];
};

/* The value to check: v detached from r (see detach), full-width forms folded. */
static const char *
input(const char *v, const struct yj_vresult *r, struct vinput *in)
{
    v = detach(v, r, in->own, sizeof in->own);
    return fold_fullwidth(v, in->fw, sizeof in->fw);
}

/* input(), then the result started on it (see res_init). */
static const char *
begin(const char *v, struct yj_vresult *r, struct vinput *in)
{
    v = input(v, r, in);
    res_init(r, v);
    return v;
}

/* ---- identity documents ------------------------------------------------- */

/* ISO 7064 MOD 11-2 check character of GB 11643. */
char
yj_idcard_check_char(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!is_digit(first17[i]))
            return 0;
        sum += (first17[i] - '0') * w[i];
    }
    return map[sum % 11];
}

/* Is the 6-digit address code at the start of id known (current or abolished)? */
static bool
region_known6(const char *id)
{
    char code[7];
    memcpy(code, id, 6);
    code[6] = '\0';
    return yj_region_known(code);
}

/* Check an 8-digit birth date YYYYMMDD: a real date, 1900-01-01 .. today.
 * On success ymd gets YYYY-MM-DD; otherwise r gets the error. */
static bool
check_birth(const char *p8, char ymd[11], const char *what, struct yj_vresult *r)
{
    snprintf(ymd, 11, "%.4s-%.2s-%.2s", p8, p8 + 4, p8 + 6);
    if (!yj_date_valid(ymd)) {
        res_set(r, YJ_V_ERR, _("%s中的出生日期 %s 不是真实的日期，请核对第7-14位（年月日）"), what,
                ymd);
        return false;
    }
    char today[11];
    yj_today(today);
    if (strcmp(ymd, today) > 0) {
        res_set(r, YJ_V_ERR, _("%s中的出生日期 %s 晚于今天，请核对第7-14位（年月日）"), what, ymd);
        return false;
    }
    if (strcmp(ymd, "1900-01-01") < 0) {
        res_set(r, YJ_V_ERR, _("%s中的出生日期 %s 早于1900年，请核对第7-14位（年月日）"), what,
                ymd);
        return false;
    }
    return true;
}

/* Checks shared by the 18-digit resident ID and the HK/Macau/Taiwan permit. */
static enum yj_vstatus
check_gb11643(const char *id, const char *what, struct yj_vresult *r)
{
    if (!check_birth(id + 6, r->birth, what, r)) {
        r->birth[0] = '\0';
        return YJ_V_ERR;
    }
    if (yj_idcard_check_char(id) != id[17]) {
        r->birth[0] = '\0';
        return res_set(r, YJ_V_ERR, _("%s的校验位不对，请逐位核对号码（最后一位应为 0-9 或 X）"),
                       what);
    }
    r->gender[0] = (id[16] - '0') % 2 ? 'M' : 'F';
    r->gender[1] = '\0';
    memcpy(r->region, id, 6);
    r->region[6] = '\0';
    return YJ_V_OK;
}

/* Is "XX" the province code of a mainland province in force (not 71, 81, 82, which
 * name Taiwan, Hong Kong and Macau and issue no mainland documents)? Without the
 * region table the GB/T 2260 prefix list decides. */
static bool
mainland_province(const char *two)
{
    if (!is_digit(two[0]) || !is_digit(two[1]))
        return false;
    if (two[0] == '7' || two[0] == '8')
        return false;
    char code[7];
    snprintf(code, sizeof code, "%.2s0000", two);
    const struct yj_region *reg = yj_region_get(code);
    if (reg != NULL)
        return reg->current;
    return yj_region_count() == 0 && yj_region_known(code);
}

/* 外国人永久居留身份证: 2023 (9 + 17 characters, MOD 11-2) or 2017 (3 letters + 12 digits).
 * 2023 layout: 9, the 2-digit province of acceptance, the 3-digit ISO 3166-1 numeric
 * nationality code (data/nationalities.tsv), birth date YYYYMMDD, 3-digit sequence
 * (odd = male), check character. */
static enum yj_vstatus
check_foreign_pr(const char *id, size_t len, struct yj_vresult *r)
{
    r->doc = YJ_ID_FOREIGN_PR;
    if (len == 18) {
        if (!all_digits_n(id, 17) || !(is_digit(id[17]) || id[17] == 'X'))
            return res_err(
                r, _("外国人永久居留身份证号码应为17位数字加1位校验位（0-9 或 X），请核对"));
        if (!mainland_province(id + 1))
            return res_set(r, YJ_V_ERR,
                           _("外国人永久居留身份证号码第2-3位 %.2s 不是受理地的省份代码，请核对；"
                             "居民身份证号码不会以9开头"),
                           id + 1);
        char nat[4];
        snprintf(nat, sizeof nat, "%.3s", id + 3);
        if (yj_facts_nationality(nat, NULL) == 0)
            return res_set(r, YJ_V_ERR,
                           _("外国人永久居留身份证号码第4-6位 %s 不是国籍代码，请核对"), nat);
        if (!check_birth(id + 6, r->birth, _("外国人永久居留身份证号码"), r)) {
            r->birth[0] = '\0';
            return YJ_V_ERR;
        }
        if (yj_idcard_check_char(id) != id[17]) {
            r->birth[0] = '\0';
            return res_err(r, _("外国人永久居留身份证号码的校验位不对，请逐位核对号码"));
        }
        r->gender[0] = (id[16] - '0') % 2 ? 'M' : 'F';
        r->gender[1] = '\0';
        return YJ_V_OK;
    }
    for (int i = 0; i < 3; i++)
        if (id[i] < 'A' || id[i] > 'Z')
            return res_err(r, _("旧版外国人永久居留身份证号码应为3个英文字母加12位数字，请核对"));
    if (!all_digits_n(id + 3, 12))
        return res_err(r, _("旧版外国人永久居留身份证号码应为3个英文字母加12位数字，请核对"));
    return YJ_V_OK;
}

/* Taiwan (71), Hong Kong (81) and Macau (82) residents hold no 居民身份证: no resident
 * ID starts with these province codes (their permits are 810000/820000/830000). */
static bool
hkmt_province(const char *id)
{
    return (id[0] == '7' && id[1] == '1') || (id[0] == '8' && (id[1] == '1' || id[1] == '2'));
}

/* Resident ID (18 or legacy 15), HK/Macau/Taiwan permit or foreigner's permanent residence ID. */
enum yj_vstatus
yj_validate_idcard(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    if (o == NULL)
        o = &defaults;
    struct vinput in;
    v = begin(v, r, &in);
    char id[32];
    if (!strip_chars(v, " \t-", id, sizeof id))
        return res_err(r, _("身份证号码太长了，居民身份证号码应为18位，请核对"));
    size_t len = strlen(id);
    if (len == 0)
        return res_err(r, _("请填写身份证号码（18位，最后一位可能是 X）"));
    for (size_t i = 0; i < len; i++)
        id[i] = (char)toupper((unsigned char)id[i]);
    snprintf(r->norm, sizeof r->norm, "%s", id);

    /* 外国人永久居留身份证 */
    bool pr2017 = len == 15 && isalpha((unsigned char)id[0]);
    if ((len == 18 && id[0] == '9') || pr2017) {
        if (o->resident_only) {
            r->doc = YJ_ID_FOREIGN_PR;
            return res_err(r, _("这里只能填写居民身份证号码，不能填写外国人永久居留身份证号码"));
        }
        return check_foreign_pr(id, len, r);
    }

    if (len == 15) {
        if (!all_digits_n(id, 15))
            return res_err(r, _("15位旧身份证号码应全部是数字，请核对"));
        if (!o->allow_legacy15)
            return res_err(r, _("这是15位的旧身份证号码，请填写现在使用的18位身份证号码"));
        r->doc = YJ_ID_RESIDENT15;
        if (hkmt_province(id))
            return res_set(r, YJ_V_ERR,
                           _("身份证号码不会以 %.2s 开头（台湾、香港、澳门居民不办理居民身份证），"
                             "请核对前6位"),
                           id);
        if (!region_known6(id)) {
            return res_set(r, YJ_V_ERR, _("身份证号码前6位 %.6s 不是有效的地区代码，请核对前6位"),
                           id);
        }
        char up[19];
        snprintf(up, sizeof up, "%.6s19%.9s", id, id + 6);
        if (!check_birth(up + 6, r->birth, _("身份证号码"), r)) {
            r->birth[0] = '\0';
            return YJ_V_ERR;
        }
        up[17] = yj_idcard_check_char(up);
        up[18] = '\0';
        snprintf(r->norm, sizeof r->norm, "%s", up);
        r->gender[0] = (id[14] - '0') % 2 ? 'M' : 'F';
        memcpy(r->region, id, 6);
        return YJ_V_OK;
    }

    if (len != 18)
        return res_set(r, YJ_V_ERR, _("身份证号码应为18位，现在是%zu位，请核对是否多输或漏输"),
                       len);
    for (size_t i = 0; i < 17; i++) {
        if (!is_digit(id[i]))
            return res_set(r, YJ_V_ERR,
                           _("身份证号码第%zu位应是数字，请核对（只有最后一位可能是 X）"), i + 1);
    }
    if (!is_digit(id[17]) && id[17] != 'X')
        return res_err(r, _("身份证号码最后一位应是数字或 X，请核对"));

    /* 港澳台居民居住证 */
    if (strncmp(id + 2, "0000", 4) == 0 && (id[0] == '8' && id[1] >= '1' && id[1] <= '3')) {
        r->doc = YJ_ID_HKMT;
        if (o->resident_only)
            return res_err(r, _("这里只能填写居民身份证号码，不能填写港澳台居民居住证号码"));
        return check_gb11643(id, _("居住证号码"), r);
    }

    r->doc = YJ_ID_RESIDENT18;
    if (hkmt_province(id))
        return res_set(r, YJ_V_ERR,
                       _("身份证号码不会以 %.2s 开头（台湾、香港、澳门居民不办理居民身份证），"
                         "请核对前6位"),
                       id);
    if (!region_known6(id))
        return res_set(r, YJ_V_ERR, _("身份证号码前6位 %.6s 不是有效的地区代码，请核对前6位"), id);
    return check_gb11643(id, _("身份证号码"), r);
}

/* ---- phone numbers ------------------------------------------------------ */

/* Remove separators and a +86 / 0086 prefix from a phone number. */
static bool
phone_digits(const char *v, char *out, size_t outsz)
{
    if (!strip_chars(v, " \t-()", out, outsz))
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
    struct vinput in;
    v = begin(v, r, &in);
    char d[64];
    if (!phone_digits(v, d, sizeof d))
        return res_err(r, _("手机号码太长了，手机号码应为11位数字，请核对"));
    size_t n = strlen(d);
    if (n == 0)
        return res_err(r, _("请填写手机号码（11位数字，以1开头）"));
    if (!all_digits_n(d, n))
        return res_err(r, _("手机号码只能包含数字，请填写11位数字"));
    if (n != 11)
        return res_set(r, YJ_V_ERR, _("手机号码应为11位数字，现在是%zu位，请核对"), n);
    if (d[0] != '1' || d[1] < '3')
        return res_err(r, _("手机号码应以1开头、第二位是3到9，请核对"));
    snprintf(r->norm, sizeof r->norm, "%s", d);
    if (yj_facts_mobile_assigned(d) == 0)
        return res_set(r, YJ_V_WARN,
                       _("手机号码的号段 %.3s 目前没有分配给电信运营商，请对照手机再核对一遍；"
                         "核对无误请确认"),
                       d);
    return YJ_V_OK;
}

/* Landline: area code + 7-8 digit number, optional extension; norm AREA-NUMBER[-EXT]. */
enum yj_vstatus
yj_validate_landline(const char *v, struct yj_vresult *r)
{
    struct vinput in;
    v = begin(v, r, &in);
    char s[64];
    if (!trim_copy(v, s, sizeof s))
        return res_err(r, _("电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
    if (*s == '\0')
        return res_err(r, _("请填写固定电话，格式为“区号-号码”，例如 021-62345678"));
    /* An extension written "转123" or "#123". */
    char ext[16] = "";
    char *mark = strstr(s, "转");
    size_t marklen = 3;
    if (mark == NULL && (mark = strchr(s, '#')) != NULL)
        marklen = 1;
    if (mark != NULL) {
        if (!strip_chars(mark + marklen, " -", ext, sizeof ext) || ext[0] == '\0' ||
            !all_digits_n(ext, strlen(ext)) || strlen(ext) > 6)
            return res_err(r, _("分机号应为1到6位数字，请核对"));
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
        if (!is_digit(*p))
            return res_err(
                r, _("固定电话只能包含数字和连字符，请按“区号-号码”填写，例如 021-62345678"));
        size_t k = 0;
        if (ng == YJ_ARRAY_LEN(groups))
            return res_err(r, _("固定电话格式不对，请按“区号-号码”填写，例如 021-62345678"));
        while (is_digit(*p)) {
            if (k + 1 >= sizeof groups[0])
                return res_err(r, _("电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
            groups[ng][k++] = *p++;
        }
        groups[ng++][k] = '\0';
    }
    if (ng == 0 || groups[0][0] != '0')
        return res_err(r, _("固定电话要带区号，以0开头，例如 021-62345678"));
    /* 010 and 02x are 3-digit area codes with 8-digit numbers; the rest are
     * 4 digits (0 + 3) with 7- or 8-digit numbers. */
    const char *g0 = groups[0];
    if (g0[1] == '0' || (g0[1] == '1' && g0[2] != '\0' && g0[2] != '0'))
        return res_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    size_t area = (g0[1] == '1' || g0[1] == '2') ? 3 : 4;
    char areacode[8], sub[32] = "";
    size_t next;
    if (strlen(g0) > area && strlen(g0) < area + 7) {
        return res_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    } else if (strlen(g0) > area) { /* "02162345678": the number follows the area code */
        if (strlen(g0) > area + 8)
            return res_err(r, _("固定电话号码太长了，请按“区号-号码”填写，例如 021-62345678"));
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
        return res_err(r, _("区号不对，请核对（例如北京010、上海021、杭州0571）"));
    }
    if (next < ng) { /* "021-62345678-123": an extension */
        if (next + 1 != ng || ext[0] != '\0' || strlen(groups[next]) > 6)
            return res_err(r, _("分机号应为1到6位数字，写在号码后面，例如 021-62345678-123"));
        snprintf(ext, sizeof ext, "%.6s", groups[next]);
    }
    size_t sl = strlen(sub);
    if (sl < 7 || sl > 8 || (area == 3 && sl != 8))
        return res_set(r, YJ_V_ERR,
                       area == 3 ? _("区号 %s 后面应是8位号码，请核对，例如 021-62345678")
                                 : _("区号 %s 后面应是7到8位号码，请核对，例如 0571-87654321"),
                       areacode);
    if (sub[0] == '0' || sub[0] == '1')
        return res_err(r, _("区号后面的号码不能以0或1开头，请核对区号和号码"));
    /* 0852 and 0853 look like area codes but are Hong Kong's and Macau's country codes. */
    if (strcmp(areacode, "0852") == 0 || strcmp(areacode, "0853") == 0)
        return res_set(r, YJ_V_ERR,
                       areacode[3] == '2' ? _("%s 不是内地的长途区号（+852 是香港的国际电话区号），"
                                              "请填写内地的固定电话或手机号码")
                                          : _("%s 不是内地的长途区号（+853 是澳门的国际电话区号），"
                                              "请填写内地的固定电话或手机号码"),
                       areacode);
    if (yj_facts_area_code(areacode) == 0)
        return res_set(r, YJ_V_ERR, _("区号 %s 不存在，请核对（例如北京010、上海021、杭州0571）"),
                       areacode);
    snprintf(r->norm, sizeof r->norm, "%s-%s%s%s", areacode, sub, ext[0] ? "-" : "", ext);
    return YJ_V_OK;
}

/* Mobile or landline, told apart by the first digit. */
enum yj_vstatus
yj_validate_phone(const char *v, struct yj_vresult *r)
{
    struct vinput in;
    v = input(v, r, &in);
    char d[64];
    if (!phone_digits(v, d, sizeof d))
        d[0] = '\0';
    if (d[0] == '1')
        return yj_validate_mobile(v, r);
    if (d[0] == '0')
        return yj_validate_landline(v, r);
    res_init(r, v);
    if (*d == '\0')
        return res_err(r, _("请填写联系电话：11位手机号码，或带区号的固定电话"));
    return res_err(r, _("电话号码应为11位手机号码（以1开头），或以0开头带区号的固定电话，例如 "
                        "021-62345678"));
}

/* ---- numbers from registries -------------------------------------------- */

/* Postcode: 6 digits. */
enum yj_vstatus
yj_validate_postcode(const char *v, struct yj_vresult *r)
{
    struct vinput in;
    v = begin(v, r, &in);
    char d[32];
    if (!strip_chars(v, " \t", d, sizeof d) || strlen(d) != 6 || !all_digits_n(d, 6))
        return res_err(r, _("邮政编码应为6位数字，例如 200000"));
    snprintf(r->norm, sizeof r->norm, "%s", d);
    /* The first two digits are the province's postal zone: 01..86, never 00. */
    if (d[0] == '0' && d[1] == '0')
        return res_set(r, YJ_V_ERR, _("邮政编码 %s 不存在（前两位是省份的邮区，不会是00），请核对"),
                       d);
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
    struct vinput in;
    v = begin(v, r, &in);
    char s[32];
    if (!strip_chars(v, " \t-", s, sizeof s))
        return res_err(r, _("统一社会信用代码应为18位，请核对"));
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)toupper((unsigned char)s[i]);
    if (n != 18)
        return res_set(r, YJ_V_ERR, _("统一社会信用代码应为18位，现在是%zu位，请核对"), n);
    for (size_t i = 0; i < 18; i++) {
        if (uscc_value(s[i]) < 0) {
            if (s[i] == 'I' || s[i] == 'O' || s[i] == 'Z' || s[i] == 'S' || s[i] == 'V')
                return res_set(r, YJ_V_ERR,
                               _("统一社会信用代码第%zu位的字母 %c 不会出现（代码不用 I、O、Z、S、"
                                 "V），请核对是否是数字 1、0、2、5 或别的字母"),
                               i + 1, s[i]);
            return res_set(r, YJ_V_ERR, _("统一社会信用代码第%zu位应是数字或大写字母，请核对"),
                           i + 1);
        }
    }
    snprintf(r->norm, sizeof r->norm, "%s", s);
    /* Characters 3-8: the registering authority's GB/T 2260 code (kept for life, so
     * abolished codes count), or 100000 for an authority of the central government. */
    char area[7];
    snprintf(area, sizeof area, "%.6s", s + 2);
    if (strcmp(area, "100000") != 0 && !yj_region_known(area))
        return res_set(r, YJ_V_ERR,
                       _("统一社会信用代码第3-8位 %s 不是登记机关的行政区划代码，请核对"), area);
    if (yj_uscc_check_char(s) != s[17])
        return res_err(r, _("统一社会信用代码的校验位不对，请逐位核对（最后一位是校验位）"));
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
        if (!is_digit(c))
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
    struct vinput in;
    v = begin(v, r, &in);
    char d[64];
    if (!strip_chars(v, " \t-", d, sizeof d))
        return res_err(r, _("银行卡号太长了，银行卡号应为16到19位数字，请核对"));
    size_t n = strlen(d);
    if (n == 0)
        return res_err(r, _("请填写银行卡号（16到19位数字）"));
    if (!all_digits_n(d, n))
        return res_err(r, _("银行卡号只能包含数字，请核对"));
    if (n < 16 || n > 19)
        return res_set(r, YJ_V_ERR, _("银行卡号应为16到19位数字，现在是%zu位，请核对"), n);
    snprintf(r->norm, sizeof r->norm, "%s", d);
    if (!yj_luhn_ok(d))
        return res_set(r, YJ_V_WARN, "%s",
                       _("这个银行卡号没有通过常用的校验，请对照银行卡再核对一遍；"
                         "部分银行的卡号确实如此，核对无误请确认"));
    return YJ_V_OK;
}

/* ---- names -------------------------------------------------------------- */

/* CJK ideographs, all blocks (URO, Ext A-I, compatibility) and 〇. */
static bool
is_han(uint32_t c)
{
    return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f) ||
           (c >= 0x30000 && c <= 0x323af) || c == 0x3007;
}

/* Dots people type for the name separator; all become U+00B7. */
static bool
is_dot(uint32_t c)
{
    switch (c) {
    case 0x00b7:
    case 0x2022:
    case 0x30fb:
    case 0xff0e:
    case 0x2027:
    case 0xff65:
    case 0x2e31:
    case 0x0387:
    case 0x22c5:
    case '.':
    case 0x2219:
        return true;
    default:
        return false;
    }
}

/* Latin letter, ASCII or accented (Latin-1 and Extended-A/B). */
static bool
is_latin_letter(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7);
}

/* ASCII or full-width digit. */
static bool
is_ascii_or_fw_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xff10 && c <= 0xff19);
}

/* A new name (户口登记: 《通用规范汉字表》): a warning naming the first character that is
 * not in the table, with its standard form when it is a traditional one. */
static enum yj_vstatus
check_standard_chars(const char *name, struct yj_vresult *r)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yj_utf8_decode(name + i, n - i, &c);
        if (l == 0)
            break;
        uint32_t std = 0;
        if (is_han(c) && yj_facts_hanzi(c, &std) == 0) {
            char ch[5] = "", sc[5] = "";
            memcpy(ch, name + i, l);
            if (std != 0) {
                sc[yj_utf8_encode(std, sc)] = '\0';
                return res_set(r, YJ_V_WARN,
                               _("“%s”是繁体字，新生儿姓名应使用《通用规范汉字表》中的规范字“%s”；"
                                 "核对无误请确认"),
                               ch, sc);
            }
            return res_set(r, YJ_V_WARN,
                           _("“%s”不在《通用规范汉字表》中，新生儿登记姓名应使用表内的规范汉字，"
                             "派出所可能要求改用；核对无误请确认"),
                           ch);
        }
        i += l;
    }
    return YJ_V_OK;
}

/* Personal name: Chinese (with · for minority and foreign names) or all Latin letters. */
enum yj_vstatus
yj_validate_name(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    if (o == NULL)
        o = &defaults;
    char own[YJ_VNORM_MAX];
    v = detach(v, r, own, sizeof own);
    res_init(r, v);
    size_t vlen = strlen(v);
    if (!yj_utf8_check(v, vlen, false))
        return res_err(r, _("姓名中有无法识别的字符或控制字符，请重新输入"));
    int max = o->max_chars > 0 ? o->max_chars : 50;
    char s[YJ_VNORM_MAX];
    if (!trim_copy(v, s, sizeof s))
        return res_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
    int min = o->min_chars > 0 ? o->min_chars : 2;
    if (*s == '\0')
        return res_err(r, _("请填写姓名"));

    /* Build the normalised name: dots unified, runs of spaces single. */
    char out[YJ_VNORM_MAX];
    size_t on = 0, n = strlen(s);
    int chars = 0, han = 0, latin = 0;
    bool prev_sep = true, prev_space = false;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yj_utf8_decode(s + i, n - i, &c);
        if (l == 0)
            return res_err(r, _("姓名中有无法识别的字符，请重新输入"));
        i += l;
        char enc[4];
        size_t el;
        if (is_dot(c)) {
            if (chars == 0)
                return res_err(r, _("姓名不能以间隔号“·”开头，请去掉开头的点"));
            if (prev_sep)
                return res_err(r, _("姓名中不能有连续的间隔号或空格，请只保留一个“·”"));
            if (prev_space && on > 0) /* "A .B" -> "A·B" */
                on--;
            el = yj_utf8_encode(0x00b7, enc);
            prev_sep = true;
            prev_space = false;
        } else if (c == ' ' || c == 0x3000) {
            if (prev_sep)
                continue; /* "A· B" -> "A·B" */
            el = 1;
            enc[0] = ' ';
            prev_sep = true;
            prev_space = true;
            chars++;
            if (on + el >= sizeof out)
                return res_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
            memcpy(out + on, enc, el);
            on += el;
            continue;
        } else if (is_ascii_or_fw_digit(c)) {
            return res_err(r, _("姓名中不能有数字，请只填写姓名的文字"));
        } else if (is_han(c)) {
            han++;
            el = yj_utf8_encode(c, enc);
            prev_sep = prev_space = false;
        } else if (is_latin_letter(c) || ((c == '-' || c == '\'') && !prev_sep)) {
            if (c != '-' && c != '\'')
                latin++;
            el = yj_utf8_encode(c, enc);
            prev_sep = prev_space = false;
        } else {
            char ch[5] = "";
            memcpy(ch, s + i - l, l);
            return res_set(r, YJ_V_ERR,
                           _("姓名中不能有“%s”这样的符号；少数民族或外国人姓名请用间隔号“·”分隔"),
                           ch);
        }
        if (on + el >= sizeof out)
            return res_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
        memcpy(out + on, enc, el);
        on += el;
        chars++;
    }
    out[on] = '\0';
    if (prev_sep && on > 0)
        return res_err(r, _("姓名不能以间隔号“·”结尾，请去掉最后的点"));
    if (han > 0 && latin > 0)
        return res_err(r,
                       _("姓名请全部用中文填写；外国人可以全部用英文字母填写，但不要中英文混写"));
    if (han > 0 && strchr(out, ' ') != NULL)
        return res_err(r, _("中文姓名中间不能有空格；少数民族或外国人姓名请用间隔号“·”分隔"));
    if (han > 0 && (strchr(out, '-') != NULL || strchr(out, '\'') != NULL))
        return res_set(r, YJ_V_ERR,
                       _("中文姓名中不能有“%s”；少数民族或外国人姓名请用间隔号“·”分隔"),
                       strchr(out, '-') != NULL ? "-" : "'");
    snprintf(r->norm, sizeof r->norm, "%s", out);
    if (chars < min)
        return res_set(r, YJ_V_ERR, _("姓名至少要%d个字，请填写完整的姓名"), min);
    if (chars > max)
        return res_set(r, YJ_V_ERR, _("姓名最多%d个字，现在是%d个字，请核对"), max, chars);
    if (o->standard_chars && han > 0)
        return check_standard_chars(out, r);
    return YJ_V_OK;
}

/* ---- dates -------------------------------------------------------------- */

/* Read 1-4 digits; returns the number of digits read. */
static size_t
read_num(const char *s, size_t maxd, int *val)
{
    size_t i = 0;
    *val = 0;
    while (i < maxd && is_digit(s[i]))
        *val = *val * 10 + (s[i++] - '0');
    return i;
}

/* Calendar date in several spellings, normalised to YYYY-MM-DD, within bounds. */
enum yj_vstatus
yj_validate_date(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    if (o == NULL)
        o = &defaults;
    struct vinput in;
    v = begin(v, r, &in);
    char s[64];
    if (!trim_copy(v, s, sizeof s))
        return res_err(r, _("日期格式不对，请按“年-月-日”填写，例如 2024-03-01"));
    if (*s == '\0')
        return res_err(r, _("请填写日期，格式为“年-月-日”，例如 2024-03-01"));
    int y = 0, m = 0, d = 0;
    bool ok = false;
    size_t n = strlen(s);
    if (n == 8 && all_digits_n(s, 8)) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        m = (s[4] - '0') * 10 + (s[5] - '0');
        d = (s[6] - '0') * 10 + (s[7] - '0');
        ok = true;
    } else {
        /* YYYY-M-D, YYYY/M/D, YYYY.M.D or YYYY年M月D日 */
        size_t i = read_num(s, 4, &y);
        if (i == 4) {
            const char *p = s + i;
            const char *sep2 = NULL, *end = "";
            char sep1[2] = {*p, '\0'};
            size_t sl = 1;
            if (*p == '-' || *p == '/' || *p == '.') {
                sep2 = sep1;
            } else if (strncmp(p, "年", 3) == 0) {
                sep2 = "月";
                end = "日";
                sl = 3;
            }
            if (sep2 != NULL) {
                p += sl;
                size_t k = read_num(p, 2, &m);
                p += k;
                if (k > 0 && strncmp(p, sep2, strlen(sep2)) == 0) {
                    p += strlen(sep2);
                    k = read_num(p, 2, &d);
                    p += k;
                    if (k > 0 && strncmp(p, end, strlen(end)) == 0 && p[strlen(end)] == '\0')
                        ok = true;
                }
            }
        }
    }
    if (!ok)
        return res_err(r, _("日期格式不对，请按“年-月-日”填写，例如 2024-03-01"));
    char ymd[32];
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, m, d);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > yj_month_days(y, m)) {
        if (m == 2 && d == 29 && y >= 1000)
            return res_set(r, YJ_V_ERR, _("%d年不是闰年，2月没有29日，请核对日期"), y);
        return res_set(r, YJ_V_ERR, _("%s 不是真实的日期，请核对年、月、日"), ymd);
    }
    snprintf(r->norm, sizeof r->norm, "%s", ymd);
    char bound[11];
    if (o->date_min != NULL && yj_date_resolve(o->date_min, bound) == 0 && strcmp(ymd, bound) < 0) {
        if (o->date_min_msg != NULL && *o->date_min_msg)
            return res_set(r, YJ_V_ERR, "%s", o->date_min_msg);
        return res_set(r, YJ_V_ERR, _("日期不能早于 %s，请核对"), bound);
    }
    if (o->date_max != NULL && yj_date_resolve(o->date_max, bound) == 0 && strcmp(ymd, bound) > 0) {
        if (o->date_max_msg != NULL && *o->date_max_msg)
            return res_set(r, YJ_V_ERR, "%s", o->date_max_msg);
        return res_set(r, YJ_V_ERR, _("日期不能晚于 %s，请核对"), bound);
    }
    return YJ_V_OK;
}

/* ---- free text ---------------------------------------------------------- */

/* text and address: valid UTF-8, no controls, a number of characters. */
static enum yj_vstatus
validate_text(const char *v, const struct yj_vopts *o, int defmax, bool address,
              struct yj_vresult *r)
{
    res_init(r, v);
    size_t vlen = strlen(v);
    if (!yj_utf8_check(v, vlen, false))
        return res_err(r, address ? _("地址中有无法识别的字符或控制字符，请重新输入")
                                  : _("内容中有无法识别的字符或控制字符，请重新输入"));
    int max = o->max_chars > 0 ? o->max_chars : defmax;
    char s[YJ_VNORM_MAX];
    if (!trim_copy(v, s, sizeof s))
        return res_set(r, YJ_V_ERR,
                       address ? _("地址最多%d个字，请简写") : _("内容最多%d个字，请简写"), max);
    size_t chars = yj_utf8_len(s);
    if (chars > (size_t)max)
        return res_set(r, YJ_V_ERR,
                       address ? _("地址最多%d个字，现在是%zu个字，请简写")
                               : _("内容最多%d个字，现在是%zu个字，请简写"),
                       max, chars);
    snprintf(r->norm, sizeof r->norm, "%s", s);
    chars = yj_utf8_len(s);
    if (address && chars == 0)
        return res_err(r, _("请填写地址，例如 上海市黄浦区某某路100号"));
    if (o->min_chars > 0 && chars < (size_t)o->min_chars)
        return res_set(r, YJ_V_ERR,
                       address ? _("地址至少要%d个字，请填写完整的地址")
                               : _("内容至少要%d个字，请填写完整"),
                       o->min_chars);
    return YJ_V_OK;
}

/* number and money: a decimal, bounds; money at most 2 decimals. */
static enum yj_vstatus
validate_number(const char *v, const struct yj_vopts *o, bool money, struct yj_vresult *r)
{
    struct vinput in; /* v is already detached: begin() only folds */
    v = begin(v, r, &in);
    char s[64];
    if (!strip_chars(v, " \t,", s, sizeof s))
        return res_err(r, _("数字太长了，请核对"));
    char *p = s;
    if (money) {
        if (strncmp(p, "\xef\xbf\xa5", 3) == 0) /* ￥ */
            p += 3;
        else if (strncmp(p, "\xc2\xa5", 2) == 0) /* ¥ */
            p += 2;
        size_t l = strlen(p);
        if (l >= 3 && strcmp(p + l - 3, "元") == 0)
            p[l - 3] = '\0';
    }
    char num[64];
    size_t k = 0;
    const char *q = p;
    if (*q == '+' || *q == '-') {
        if (*q == '-')
            num[k++] = '-';
        q++;
    }
    size_t intd = 0, fracd = 0;
    while (*q == '0' && is_digit(q[1])) /* leading zeros */
        q++;
    while (is_digit(*q)) {
        if (k < 40)
            num[k++] = *q;
        q++;
        intd++;
    }
    if (*q == '.') {
        num[k++] = '.';
        q++;
        while (is_digit(*q)) {
            if (k < 62)
                num[k++] = *q;
            q++;
            fracd++;
        }
    }
    num[k] = '\0';
    if (*p == '\0')
        return res_err(r, money ? _("请填写金额（元），例如 1200.50") : _("请填写数字"));
    if (*q != '\0' || intd == 0 || (num[k - 1] == '.'))
        return res_err(r, money ? _("金额应为数字，单位为元，例如 1200.50")
                                : _("请填写数字，例如 12 或 3.5"));
    if (intd > 15)
        return res_err(r, _("数字太大了，请核对"));
    if (money && fracd > 2)
        return res_err(r, _("金额最多保留两位小数（到“分”），例如 1200.50"));
    if (strcmp(num, "-0") == 0)
        memmove(num, num + 1, strlen(num));
    snprintf(r->norm, sizeof r->norm, "%s", num);
    double x = strtod(num, NULL);
    if (o->has_min && x < o->min)
        return res_set(r, YJ_V_ERR,
                       money ? _("金额不能小于 %.15g 元，请核对") : _("数值不能小于 %.15g，请核对"),
                       o->min);
    if (o->has_max && x > o->max)
        return res_set(r, YJ_V_ERR,
                       money ? _("金额不能大于 %.15g 元，请核对") : _("数值不能大于 %.15g，请核对"),
                       o->max);
    return YJ_V_OK;
}

/* yesno: yes/no, 是/否, y/n, true/false. */
static enum yj_vstatus
validate_yesno(const char *v, struct yj_vresult *r)
{
    static const char *const yes[] = {"yes", "y", "true", "是", "1"};
    static const char *const no[] = {"no", "n", "false", "否", "0"};
    struct vinput in; /* v is already detached: begin() only folds */
    v = begin(v, r, &in);
    char s[16];
    if (trim_copy(v, s, sizeof s)) {
        for (size_t i = 0; i < YJ_ARRAY_LEN(yes); i++) {
            if (strcasecmp(s, yes[i]) == 0) {
                snprintf(r->norm, sizeof r->norm, "yes");
                return YJ_V_OK;
            }
            if (strcasecmp(s, no[i]) == 0) {
                snprintf(r->norm, sizeof r->norm, "no");
                return YJ_V_OK;
            }
        }
    }
    return res_err(r, _("请回答“是”或“否”"));
}

/* select: the value must be one of opts->choices. */
static enum yj_vstatus
validate_select(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    res_init(r, v);
    if (o->choices == NULL || o->choices[0] == NULL)
        return res_err(r, _("这一项没有可选的内容，请联系工作人员"));
    for (size_t i = 0; o->choices[i] != NULL; i++)
        if (strcmp(v, o->choices[i]) == 0)
            return YJ_V_OK;
    char list[256] = "";
    size_t l = 0;
    for (size_t i = 0; o->choices[i] != NULL && l + 1 < sizeof list; i++) {
        int w = snprintf(list + l, sizeof list - l, "%s%s", i ? "、" : "", o->choices[i]);
        if (w < 0 || (size_t)w >= sizeof list - l) {
            list[l] = '\0';
            break;
        }
        l += (size_t)w;
    }
    return res_set(r, YJ_V_ERR, _("请从列表中选择一项（可选：%s）"), list);
}

/* region: a 6-digit code, known and in force. */
static enum yj_vstatus
validate_region(const char *v, struct yj_vresult *r)
{
    struct vinput in; /* v is already detached: begin() only folds */
    v = begin(v, r, &in);
    char s[16];
    if (!strip_chars(v, " \t", s, sizeof s) || strlen(s) != 6 || !all_digits_n(s, 6))
        return res_err(r, _("地区代码应为6位数字，请从列表中依次选择省、市、区县"));
    snprintf(r->norm, sizeof r->norm, "%s", s);
    const struct yj_region *reg = yj_region_get(s);
    if (reg == NULL)
        return res_set(r, YJ_V_ERR, _("地区代码 %s 不存在，请从列表中依次选择省、市、区县"), s);
    if (!reg->current)
        return res_set(r, YJ_V_ERR, _("地区代码 %s（%s）已经撤销，请选择现在的区县"), s, reg->name);
    memcpy(r->region, s, 7);
    return YJ_V_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

static const char *const type_names[] = {
    "idcard", "phone", "mobile",  "landline", "postcode", "uscc",  "bank_account", "name",
    "date",   "text",  "address", "number",   "money",    "yesno", "select",       "region",
};

/* Is type one of the validator names? */
bool
yj_validate_known_type(const char *type)
{
    for (size_t i = 0; type != NULL && i < YJ_ARRAY_LEN(type_names); i++)
        if (strcmp(type, type_names[i]) == 0)
            return true;
    return false;
}

/* Validate value as a field of the named type. */
int
yj_validate(const char *type, const char *value, const struct yj_vopts *opts, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    const struct yj_vopts *o = opts != NULL ? opts : &defaults;
    char own[YJ_VNORM_MAX];
    const char *v = detach(value, r, own, sizeof own);
    if (type == NULL || !yj_validate_known_type(type)) {
        res_init(r, v);
        res_set(r, YJ_V_ERR, _("未知的字段类型“%s”，请联系工作人员"), type ? type : "");
        return -1;
    }
    if (strcmp(type, "idcard") == 0)
        return yj_validate_idcard(v, o, r);
    if (strcmp(type, "phone") == 0)
        return yj_validate_phone(v, r);
    if (strcmp(type, "mobile") == 0)
        return yj_validate_mobile(v, r);
    if (strcmp(type, "landline") == 0)
        return yj_validate_landline(v, r);
    if (strcmp(type, "postcode") == 0)
        return yj_validate_postcode(v, r);
    if (strcmp(type, "uscc") == 0)
        return yj_validate_uscc(v, r);
    if (strcmp(type, "bank_account") == 0)
        return yj_validate_bank_account(v, r);
    if (strcmp(type, "name") == 0)
        return yj_validate_name(v, o, r);
    if (strcmp(type, "date") == 0)
        return yj_validate_date(v, o, r);
    if (strcmp(type, "text") == 0)
        return validate_text(v, o, 100, false, r);
    if (strcmp(type, "address") == 0)
        return validate_text(v, o, 200, true, r);
    if (strcmp(type, "number") == 0)
        return validate_number(v, o, false, r);
    if (strcmp(type, "money") == 0)
        return validate_number(v, o, true, r);
    if (strcmp(type, "yesno") == 0)
        return validate_yesno(v, r);
    if (strcmp(type, "select") == 0)
        return validate_select(v, o, r);
    return validate_region(v, r);
}
