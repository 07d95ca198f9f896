/* validate.c: field validators that know Chinese documents — the results and
 * string helpers every validator uses, names, dates, free text, numbers,
 * choices, regions and the dispatch by type name; identity documents are in
 * validate_id.c, phone and registry numbers in validate_numbers.c.
 *
 * Every validator starts from a clean result (status OK, norm = the input) and
 * either leaves it, or sets a warning or an error with a Chinese sentence saying
 * what is wrong and what is expected. Algorithms and sources: docs in
 * validate.h and the research notes (GB 11643, GB 32100, Luhn, 民委发〔2016〕33号).
 */
#include "core/validate.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/facts.h"
#include "core/i18n.h"
#include "core/multi.h"
#include "core/region.h"
#include "core/utf8.h"
#include "core/util.h"
#include "core/validate_int.h"

/* ---- results ------------------------------------------------------------ */

/* Start a result: OK, norm = v (cut if it cannot fit; callers check the length). */
void
yj_vres_init(struct yj_vresult *r, const char *v)
{
    memset(r, 0, sizeof *r);
    r->status = YJ_V_OK;
    snprintf(r->norm, sizeof r->norm, "%s", v);
}

/* Set status and a formatted message. */
enum yj_vstatus
yj_vres_set(struct yj_vresult *r, enum yj_vstatus st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->msg, sizeof r->msg, fmt, ap);
    va_end(ap);
    r->status = st;
    return st;
}

/* Error with a fixed message (no formatting). */
enum yj_vstatus
yj_vres_err(struct yj_vresult *r, const char *msg)
{
    return yj_vres_set(r, YJ_V_ERR, "%s", msg);
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
bool
yj_v_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Are the first n characters of s ASCII digits? */
bool
yj_v_all_digits_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!yj_v_is_digit(s[i]))
            return false;
    return true;
}

/* Copy v into out (size outsz) without the characters in drop and without
 * leading/trailing ASCII whitespace; false when it does not fit. */
bool
yj_v_strip_chars(const char *v, const char *drop, char *out, size_t outsz)
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
bool
yj_v_trim_copy(const char *v, char *out, size_t outsz)
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

/* The value to check: v detached from r (see detach), full-width forms folded. */
const char *
yj_v_input(const char *v, const struct yj_vresult *r, struct yj_vinput *in)
{
    v = detach(v, r, in->own, sizeof in->own);
    return fold_fullwidth(v, in->fw, sizeof in->fw);
}

/* yj_v_input(), then the result started on it (see res_init). */
const char *
yj_v_begin(const char *v, struct yj_vresult *r, struct yj_vinput *in)
{
    v = yj_v_input(v, r, in);
    yj_vres_init(r, v);
    return v;
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
                return yj_vres_set(
                    r, YJ_V_WARN,
                    _("“%s”是繁体字，新生儿姓名应使用《通用规范汉字表》中的规范字“%s”；"
                      "核对无误请确认"),
                    ch, sc);
            }
            return yj_vres_set(
                r, YJ_V_WARN,
                _("“%s”不在《通用规范汉字表》中，新生儿登记姓名应使用表内的规范汉字，"
                  "派出所可能要求改用；核对无误请确认"),
                ch);
        }
        i += l;
    }
    return YJ_V_OK;
}

/* Names (民委发〔2016〕33号): either Chinese — any CJK ideograph of every block
 * (㼆 U+3F06, 𠀀 U+20000 …, not limited to GBK) with U+00B7 "·" between the parts
 * of a minority or foreign name — or all Latin letters (a foreign name as in the
 * passport, single spaces, '-' and '\'' inside words). Never both mixed, never
 * digits or other symbols, no spaces inside a Chinese name. Look-alike dots
 * (• ・ ． ‧ ･ ⸱ · ⋅ ∙ '.') become U+00B7 in norm; a name may not start or end with
 * a dot or hold two in a row. 2..50 characters by default (min_chars/max_chars). */
static enum yj_vstatus
yj_validate_name(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    if (o == NULL)
        o = &defaults;
    char own[YJ_VNORM_MAX];
    v = detach(v, r, own, sizeof own);
    yj_vres_init(r, v);
    size_t vlen = strlen(v);
    if (!yj_utf8_check(v, vlen, false))
        return yj_vres_err(r, _("姓名中有无法识别的字符或控制字符，请重新输入"));
    int max = o->max_chars > 0 ? o->max_chars : 50;
    char s[YJ_VNORM_MAX];
    if (!yj_v_trim_copy(v, s, sizeof s))
        return yj_vres_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
    int min = o->min_chars > 0 ? o->min_chars : 2;
    if (*s == '\0')
        return yj_vres_err(r, _("请填写姓名"));

    /* Build the normalised name: dots unified, runs of spaces single. */
    char out[YJ_VNORM_MAX];
    size_t on = 0, n = strlen(s);
    int chars = 0, han = 0, latin = 0;
    bool prev_sep = true, prev_space = false;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = yj_utf8_decode(s + i, n - i, &c);
        if (l == 0)
            return yj_vres_err(r, _("姓名中有无法识别的字符，请重新输入"));
        i += l;
        char enc[4];
        size_t el;
        if (is_dot(c)) {
            if (chars == 0)
                return yj_vres_err(r, _("姓名不能以间隔号“·”开头，请去掉开头的点"));
            if (prev_sep)
                return yj_vres_err(r, _("姓名中不能有连续的间隔号或空格，请只保留一个“·”"));
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
                return yj_vres_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
            memcpy(out + on, enc, el);
            on += el;
            continue;
        } else if (is_ascii_or_fw_digit(c)) {
            return yj_vres_err(r, _("姓名中不能有数字，请只填写姓名的文字"));
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
            return yj_vres_set(
                r, YJ_V_ERR, _("姓名中不能有“%s”这样的符号；少数民族或外国人姓名请用间隔号“·”分隔"),
                ch);
        }
        if (on + el >= sizeof out)
            return yj_vres_set(r, YJ_V_ERR, _("姓名最多%d个字，请核对"), max);
        memcpy(out + on, enc, el);
        on += el;
        chars++;
    }
    out[on] = '\0';
    if (prev_sep && on > 0)
        return yj_vres_err(r, _("姓名不能以间隔号“·”结尾，请去掉最后的点"));
    if (han > 0 && latin > 0)
        return yj_vres_err(
            r, _("姓名请全部用中文填写；外国人可以全部用英文字母填写，但不要中英文混写"));
    if (han > 0 && strchr(out, ' ') != NULL)
        return yj_vres_err(r, _("中文姓名中间不能有空格；少数民族或外国人姓名请用间隔号“·”分隔"));
    if (han > 0 && (strchr(out, '-') != NULL || strchr(out, '\'') != NULL))
        return yj_vres_set(r, YJ_V_ERR,
                           _("中文姓名中不能有“%s”；少数民族或外国人姓名请用间隔号“·”分隔"),
                           strchr(out, '-') != NULL ? "-" : "'");
    snprintf(r->norm, sizeof r->norm, "%s", out);
    if (chars < min)
        return yj_vres_set(r, YJ_V_ERR, _("姓名至少要%d个字，请填写完整的姓名"), min);
    if (chars > max)
        return yj_vres_set(r, YJ_V_ERR, _("姓名最多%d个字，现在是%d个字，请核对"), max, chars);
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
    while (i < maxd && yj_v_is_digit(s[i]))
        *val = *val * 10 + (s[i++] - '0');
    return i;
}

/* Calendar date in several spellings, normalised to YYYY-MM-DD, within bounds. */
static enum yj_vstatus
yj_validate_date(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    static const struct yj_vopts defaults;
    if (o == NULL)
        o = &defaults;
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char s[64];
    if (!yj_v_trim_copy(v, s, sizeof s))
        return yj_vres_err(r, _("日期格式不对，请按“年-月-日”填写，例如 2024-03-01"));
    if (*s == '\0')
        return yj_vres_err(r, _("请填写日期，格式为“年-月-日”，例如 2024-03-01"));
    int y = 0, m = 0, d = 0;
    bool ok = false;
    size_t n = strlen(s);
    if (n == 8 && yj_v_all_digits_n(s, 8)) {
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
        return yj_vres_err(r, _("日期格式不对，请按“年-月-日”填写，例如 2024-03-01"));
    char ymd[32];
    snprintf(ymd, sizeof ymd, "%04d-%02d-%02d", y, m, d);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > yj_month_days(y, m)) {
        if (m == 2 && d == 29 && y >= 1000)
            return yj_vres_set(r, YJ_V_ERR, _("%d年不是闰年，2月没有29日，请核对日期"), y);
        return yj_vres_set(r, YJ_V_ERR, _("%s 不是真实的日期，请核对年、月、日"), ymd);
    }
    snprintf(r->norm, sizeof r->norm, "%s", ymd);
    char bound[11];
    if (o->date_min != NULL && yj_date_resolve(o->date_min, bound) == 0 && strcmp(ymd, bound) < 0) {
        if (o->date_min_msg != NULL && *o->date_min_msg)
            return yj_vres_set(r, YJ_V_ERR, "%s", o->date_min_msg);
        return yj_vres_set(r, YJ_V_ERR, _("日期不能早于 %s，请核对"), bound);
    }
    if (o->date_max != NULL && yj_date_resolve(o->date_max, bound) == 0 && strcmp(ymd, bound) > 0) {
        if (o->date_max_msg != NULL && *o->date_max_msg)
            return yj_vres_set(r, YJ_V_ERR, "%s", o->date_max_msg);
        return yj_vres_set(r, YJ_V_ERR, _("日期不能晚于 %s，请核对"), bound);
    }
    return YJ_V_OK;
}

/* ---- free text ---------------------------------------------------------- */

/* text and address: valid UTF-8, no controls, a number of characters. */
static enum yj_vstatus
validate_text(const char *v, const struct yj_vopts *o, int defmax, bool address,
              struct yj_vresult *r)
{
    yj_vres_init(r, v);
    size_t vlen = strlen(v);
    if (!yj_utf8_check(v, vlen, false))
        return yj_vres_err(r, address ? _("地址中有无法识别的字符或控制字符，请重新输入")
                                      : _("内容中有无法识别的字符或控制字符，请重新输入"));
    int max = o->max_chars > 0 ? o->max_chars : defmax;
    char s[YJ_VNORM_MAX];
    if (!yj_v_trim_copy(v, s, sizeof s))
        return yj_vres_set(
            r, YJ_V_ERR, address ? _("地址最多%d个字，请简写") : _("内容最多%d个字，请简写"), max);
    size_t chars = yj_utf8_len(s);
    if (chars > (size_t)max)
        return yj_vres_set(r, YJ_V_ERR,
                           address ? _("地址最多%d个字，现在是%zu个字，请简写")
                                   : _("内容最多%d个字，现在是%zu个字，请简写"),
                           max, chars);
    snprintf(r->norm, sizeof r->norm, "%s", s);
    chars = yj_utf8_len(s);
    if (address && chars == 0)
        return yj_vres_err(r, _("请填写地址，例如 上海市黄浦区某某路100号"));
    if (o->min_chars > 0 && chars < (size_t)o->min_chars)
        return yj_vres_set(r, YJ_V_ERR,
                           address ? _("地址至少要%d个字，请填写完整的地址")
                                   : _("内容至少要%d个字，请填写完整"),
                           o->min_chars);
    return YJ_V_OK;
}

/* number and money: a decimal, bounds; money at most 2 decimals. */
static enum yj_vstatus
validate_number(const char *v, const struct yj_vopts *o, bool money, struct yj_vresult *r)
{
    struct yj_vinput in; /* v is already detached: yj_v_begin() only folds */
    v = yj_v_begin(v, r, &in);
    char s[64];
    if (!yj_v_strip_chars(v, " \t,", s, sizeof s))
        return yj_vres_err(r, _("数字太长了，请核对"));
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
    /* A weight in the units people write, converted to the field's unit. */
    double factor = 1;
    if (!money) {
        static const struct {
            const char *suffix;
            double grams;
        } units[] = {{"公斤", 1000}, {"千克", 1000}, {"kg", 1000}, {"KG", 1000}, {"Kg", 1000},
                     {"斤", 500},    {"克", 1},      {"g", 1},     {"G", 1}};
        size_t l = strlen(p);
        for (size_t i = 0; i < YJ_ARRAY_LEN(units); i++) {
            size_t sl = strlen(units[i].suffix);
            if (l > sl && strcmp(p + l - sl, units[i].suffix) == 0) {
                if (o->unit == NULL)
                    return yj_vres_err(r, _("这一项只填数字，不用写单位"));
                p[l - sl] = '\0';
                factor = units[i].grams / (strcmp(o->unit, "kg") == 0 ? 1000 : 1);
                break;
            }
        }
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
    while (*q == '0' && yj_v_is_digit(q[1])) /* leading zeros */
        q++;
    while (yj_v_is_digit(*q)) {
        if (k < 40)
            num[k++] = *q;
        q++;
        intd++;
    }
    if (*q == '.') {
        num[k++] = '.';
        q++;
        while (yj_v_is_digit(*q)) {
            if (k < 62)
                num[k++] = *q;
            q++;
            fracd++;
        }
    }
    num[k] = '\0';
    if (*p == '\0')
        return yj_vres_err(r, money ? _("请填写金额（元），例如 1200.50") : _("请填写数字"));
    if (*q != '\0' || intd == 0 || (num[k - 1] == '.'))
        return yj_vres_err(r, money ? _("金额应为数字，单位为元，例如 1200.50")
                                    : _("请填写数字，例如 12 或 3.5"));
    if (intd > 15)
        return yj_vres_err(r, _("数字太大了，请核对"));
    if (money && fracd > 2)
        return yj_vres_err(r, _("金额最多保留两位小数（到“分”），例如 1200.50"));
    if (strcmp(num, "-0") == 0)
        memmove(num, num + 1, strlen(num));
    snprintf(r->norm, sizeof r->norm, "%s", num);
    double x = strtod(num, NULL);
    if (factor != 1) {
        /* 6.5斤 -> 3250 (g): the converted value, to at most 3 decimals. */
        x *= factor;
        snprintf(r->norm, sizeof r->norm, "%.3f", x);
        char *e = r->norm + strlen(r->norm);
        while (e > r->norm && e[-1] == '0')
            *--e = '\0';
        if (e > r->norm && e[-1] == '.')
            e[-1] = '\0';
    }
    if (o->has_min && x < o->min)
        return yj_vres_set(
            r, YJ_V_ERR,
            money ? _("金额不能小于 %.15g 元，请核对") : _("数值不能小于 %.15g，请核对"), o->min);
    if (o->has_max && x > o->max)
        return yj_vres_set(
            r, YJ_V_ERR,
            money ? _("金额不能大于 %.15g 元，请核对") : _("数值不能大于 %.15g，请核对"), o->max);
    return YJ_V_OK;
}

/* yesno: yes/no, 是/否, y/n, true/false. */
static enum yj_vstatus
validate_yesno(const char *v, struct yj_vresult *r)
{
    static const char *const yes[] = {"yes", "y", "true", "是", "1"};
    static const char *const no[] = {"no", "n", "false", "否", "0"};
    struct yj_vinput in; /* v is already detached: yj_v_begin() only folds */
    v = yj_v_begin(v, r, &in);
    char s[16];
    if (yj_v_trim_copy(v, s, sizeof s)) {
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
    return yj_vres_err(r, _("请回答“是”或“否”"));
}

/* select: the value must be one of opts->choices. */
static enum yj_vstatus
validate_select(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    yj_vres_init(r, v);
    if (o->choices == NULL || o->choices[0] == NULL)
        return yj_vres_err(r, _("这一项没有可选的内容，请联系工作人员"));
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
    return yj_vres_set(r, YJ_V_ERR, _("请从列表中选择一项（可选：%s）"), list);
}

/* region: a 6-digit code, known and in force. */
static enum yj_vstatus
validate_region(const char *v, struct yj_vresult *r)
{
    struct yj_vinput in; /* v is already detached: yj_v_begin() only folds */
    v = yj_v_begin(v, r, &in);
    char s[16];
    if (!yj_v_strip_chars(v, " \t", s, sizeof s) || strlen(s) != 6 || !yj_v_all_digits_n(s, 6))
        return yj_vres_err(r, _("地区代码应为6位数字，请从列表中依次选择省、市、区县"));
    snprintf(r->norm, sizeof r->norm, "%s", s);
    const struct yj_region *reg = yj_region_get(s);
    if (reg == NULL)
        return yj_vres_set(r, YJ_V_ERR, _("地区代码 %s 不存在，请从列表中依次选择省、市、区县"), s);
    if (!reg->current)
        return yj_vres_set(r, YJ_V_ERR, _("地区代码 %s（%s）已经撤销，请选择现在的区县"), s,
                           reg->name);
    memcpy(r->region, s, 7);
    return YJ_V_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

static const char *const type_names[] = {
    "idcard",       "phone", "mobile", "landline", "postcode", "uscc",
    "bank_account", "name",  "date",   "text",     "address",  "number",
    "money",        "yesno", "select", "region",   "multi",
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
        yj_vres_init(r, v);
        yj_vres_set(r, YJ_V_ERR, _("未知的字段类型“%s”，请联系工作人员"), type ? type : "");
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
    if (strcmp(type, "multi") == 0)
        return yj_validate_multi(v, o, r);
    return validate_region(v, r);
}
