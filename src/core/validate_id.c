/* validate_id.c: identity documents — 居民身份证 (GB 11643), the permits of
 * residents of Hong Kong, Macau and Taiwan, and the foreigner's permanent
 * residence ID (2017 and 2023). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/facts.h"
#include "core/i18n.h"
#include "core/region.h"
#include "core/util.h"
#include "core/validate_int.h"

/* ---- identity documents ------------------------------------------------- */

/* ISO 7064 MOD 11-2 check character of GB 11643. */
char
yj_idcard_check_char(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char map[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (!yj_v_is_digit(first17[i]))
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
        yj_vres_set(r, YJ_V_ERR, _("%s中的出生日期 %s 不是真实的日期，请核对第7-14位（年月日）"),
                    what, ymd);
        return false;
    }
    char today[11];
    yj_today(today);
    if (strcmp(ymd, today) > 0) {
        yj_vres_set(r, YJ_V_ERR, _("%s中的出生日期 %s 晚于今天，请核对第7-14位（年月日）"), what,
                    ymd);
        return false;
    }
    if (strcmp(ymd, "1900-01-01") < 0) {
        yj_vres_set(r, YJ_V_ERR, _("%s中的出生日期 %s 早于1900年，请核对第7-14位（年月日）"), what,
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
    char want = yj_idcard_check_char(id);
    if (want != id[17]) {
        r->birth[0] = '\0';
        /* Say what the first 17 digits make the check character, beside what
         * was typed: one of the two (or an earlier digit) is wrong. */
        return yj_vres_set(r, YJ_V_ERR,
                           _("%s的校验位不对：按前17位算，最后一位应为 %c，您填的是 %c；"
                             "请逐位核对号码"),
                           what, want, id[17]);
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
    if (!yj_v_is_digit(two[0]) || !yj_v_is_digit(two[1]))
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
        if (!yj_v_all_digits_n(id, 17) || !(yj_v_is_digit(id[17]) || id[17] == 'X'))
            return yj_vres_err(
                r, _("外国人永久居留身份证号码应为17位数字加1位校验位（0-9 或 X），请核对"));
        if (!mainland_province(id + 1))
            return yj_vres_set(
                r, YJ_V_ERR,
                _("外国人永久居留身份证号码第2-3位 %.2s 不是受理地的省份代码，请核对；"
                  "居民身份证号码不会以9开头"),
                id + 1);
        char nat[4];
        snprintf(nat, sizeof nat, "%.3s", id + 3);
        if (yj_facts_nationality(nat, NULL) == 0)
            return yj_vres_set(r, YJ_V_ERR,
                               _("外国人永久居留身份证号码第4-6位 %s 不是国籍代码，请核对"), nat);
        if (!check_birth(id + 6, r->birth, _("外国人永久居留身份证号码"), r)) {
            r->birth[0] = '\0';
            return YJ_V_ERR;
        }
        if (yj_idcard_check_char(id) != id[17]) {
            r->birth[0] = '\0';
            return yj_vres_err(r, _("外国人永久居留身份证号码的校验位不对，请逐位核对号码"));
        }
        r->gender[0] = (id[16] - '0') % 2 ? 'M' : 'F';
        r->gender[1] = '\0';
        return YJ_V_OK;
    }
    for (int i = 0; i < 3; i++)
        if (id[i] < 'A' || id[i] > 'Z')
            return yj_vres_err(r,
                               _("旧版外国人永久居留身份证号码应为3个英文字母加12位数字，请核对"));
    if (!yj_v_all_digits_n(id + 3, 12))
        return yj_vres_err(r, _("旧版外国人永久居留身份证号码应为3个英文字母加12位数字，请核对"));
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
    struct yj_vinput in;
    v = yj_v_begin(v, r, &in);
    char id[32];
    if (!yj_v_strip_chars(v, " \t-", id, sizeof id))
        return yj_vres_err(r, _("身份证号码太长了，居民身份证号码应为18位，请核对"));
    size_t len = strlen(id);
    if (len == 0)
        return yj_vres_err(r, _("请填写身份证号码（18位，最后一位可能是 X）"));
    for (size_t i = 0; i < len; i++)
        id[i] = (char)toupper((unsigned char)id[i]);
    snprintf(r->norm, sizeof r->norm, "%s", id);

    /* 外国人永久居留身份证 */
    bool pr2017 = len == 15 && isalpha((unsigned char)id[0]);
    if ((len == 18 && id[0] == '9') || pr2017) {
        if (o->resident_only) {
            r->doc = YJ_ID_FOREIGN_PR;
            return yj_vres_err(r,
                               _("这里只能填写居民身份证号码，不能填写外国人永久居留身份证号码"));
        }
        return check_foreign_pr(id, len, r);
    }

    if (len == 15) {
        if (!yj_v_all_digits_n(id, 15))
            return yj_vres_err(r, _("15位旧身份证号码应全部是数字，请核对"));
        if (!o->allow_legacy15)
            return yj_vres_err(r, _("这是15位的旧身份证号码，请填写现在使用的18位身份证号码"));
        r->doc = YJ_ID_RESIDENT15;
        if (hkmt_province(id))
            return yj_vres_set(
                r, YJ_V_ERR,
                _("身份证号码不会以 %.2s 开头（台湾、香港、澳门居民不办理居民身份证），"
                  "请核对前6位"),
                id);
        if (!region_known6(id)) {
            return yj_vres_set(r, YJ_V_ERR,
                               _("身份证号码前6位 %.6s 不是有效的地区代码，请核对前6位"), id);
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
        return yj_vres_set(r, YJ_V_ERR, _("身份证号码应为18位，现在是%zu位，请核对是否多输或漏输"),
                           len);
    for (size_t i = 0; i < 17; i++) {
        if (!yj_v_is_digit(id[i]))
            return yj_vres_set(
                r, YJ_V_ERR, _("身份证号码第%zu位应是数字，请核对（只有最后一位可能是 X）"), i + 1);
    }
    if (!yj_v_is_digit(id[17]) && id[17] != 'X')
        return yj_vres_err(r, _("身份证号码最后一位应是数字或 X，请核对"));

    /* 港澳台居民居住证 */
    if (strncmp(id + 2, "0000", 4) == 0 && (id[0] == '8' && id[1] >= '1' && id[1] <= '3')) {
        r->doc = YJ_ID_HKMT;
        if (o->resident_only)
            return yj_vres_err(r, _("这里只能填写居民身份证号码，不能填写港澳台居民居住证号码"));
        return check_gb11643(id, _("居住证号码"), r);
    }

    r->doc = YJ_ID_RESIDENT18;
    if (hkmt_province(id))
        return yj_vres_set(r, YJ_V_ERR,
                           _("身份证号码不会以 %.2s 开头（台湾、香港、澳门居民不办理居民身份证），"
                             "请核对前6位"),
                           id);
    if (!region_known6(id))
        return yj_vres_set(r, YJ_V_ERR, _("身份证号码前6位 %.6s 不是有效的地区代码，请核对前6位"),
                           id);
    return check_gb11643(id, _("身份证号码"), r);
}
