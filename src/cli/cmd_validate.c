/* cmd_validate.c: `yijian validate TYPE VALUE` — check one value as a form field would. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/region.h"
#include "core/util.h"
#include "core/validate.h"

static const char usage_text[] =
    "usage: yijian validate TYPE VALUE [OPTIONS]\n"
    "\n"
    "Check one value as a form field of that type would, and print what was\n"
    "derived from it:\n"
    "  ok [norm=VALUE] [gender=M|F birth=YYYY-MM-DD region=CODE NAME]   exit 0\n"
    "  warning: MESSAGE   (the value may be right; a person must confirm)  exit 3\n"
    "  error: MESSAGE     (the value is refused)                           exit 1\n"
    "norm= is printed when the value to store differs from the input.\n"
    "\n"
    "types: idcard phone mobile landline postcode uscc bank_account name date\n"
    "       text address number money yesno select region\n"
    "\n"
    "options:\n"
    "  --legacy15          idcard: accept 15-digit numbers (stored upgraded to 18)\n"
    "  --resident-only     idcard: refuse residence permits and foreigners' IDs\n"
    "  --standard-chars    name: warn about characters outside 通用规范汉字表 (a new name)\n"
    "  --min X, --max X    characters (text, name, address), bounds (number, money),\n"
    "                      or dates (date: YYYY-MM-DD, today, today-1y, today+30d)\n"
    "  --min-message TEXT, --max-message TEXT   date: the message for a bound\n"
    "  --choices A,B,C     select: the allowed values\n"
    "  --unit g|kg         number: the field's unit; 6.5斤, 3.2kg, 3250克 are converted\n"
    "  --help              this text\n"
    "\n"
    "Put -- before a VALUE that starts with '-' (yijian validate number -- -3).\n"
    "Messages are in Simplified Chinese; YIJIAN_LANG=zh_TW or en switches them.\n"
    "YJ_TODAY=YYYY-MM-DD fixes \"today\" (for tests).\n";

static const char short_usage[] =
    "usage: yijian validate TYPE VALUE [OPTIONS]  (yijian validate --help for more)\n";

/* Short name of an identity document kind for the ok line. */
static const char *
doc_name(enum yj_iddoc d)
{
    switch (d) {
    case YJ_ID_RESIDENT18:
        return "resident18";
    case YJ_ID_RESIDENT15:
        return "resident15";
    case YJ_ID_HKMT:
        return "hkmt";
    case YJ_ID_FOREIGN_PR:
        return "foreign_pr";
    default:
        return NULL;
    }
}

/* Parse a whole decimal number; false if s is not one. */
static bool
parse_double(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s != '\0' && *end == '\0';
}

/* Split "a,b,c" into a NULL-terminated array (pointing into the copy *buf). */
static char **
split_choices(const char *s, char **buf)
{
    *buf = xstrdup(s);
    size_t n = 1;
    for (const char *p = s; *p; p++)
        n += *p == ',';
    char **v = xcalloc(n + 1, sizeof *v);
    size_t i = 0;
    for (char *save = NULL, *tok = strtok_r(*buf, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save))
        v[i++] = tok;
    v[i] = NULL;
    return v;
}

/* Print the ok line with what was derived. */
static void
print_ok(const char *type, const char *value, const struct yj_vresult *r)
{
    printf("ok");
    if (strcmp(r->norm, value) != 0)
        printf(" norm=%s", r->norm);
    if (strcmp(type, "idcard") == 0 && doc_name(r->doc) != NULL && r->doc != YJ_ID_RESIDENT18)
        printf(" doc=%s", doc_name(r->doc));
    if (r->gender[0])
        printf(" gender=%s", r->gender);
    if (r->birth[0])
        printf(" birth=%s", r->birth);
    if (r->region[0]) {
        char name[256];
        yj_region_fullname(r->region, name, sizeof name);
        printf(" region=%s%s%s", r->region, name[0] ? " " : "", name);
    }
    putchar('\n');
}

/* yijian validate TYPE VALUE [OPTIONS]. */
int
cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"legacy15", no_argument, NULL, 'l'},
        {"resident-only", no_argument, NULL, 'r'},
        {"standard-chars", no_argument, NULL, 's'},
        {"min", required_argument, NULL, 'm'},
        {"max", required_argument, NULL, 'M'},
        {"min-message", required_argument, NULL, 'a'},
        {"max-message", required_argument, NULL, 'b'},
        {"choices", required_argument, NULL, 'c'},
        {"unit", required_argument, NULL, 'u'},
        YJ_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct yj_vopts o = {0};
    const char *min = NULL, *max = NULL;
    char *choices_buf = NULL;
    char **choices = NULL;
    int rc = 2, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            rc = yj_cli_usage(usage_text, false);
            goto done;
        case 'l':
            o.allow_legacy15 = true;
            break;
        case 'r':
            o.resident_only = true;
            break;
        case 's':
            o.standard_chars = true;
            break;
        case 'm':
            min = optarg;
            break;
        case 'M':
            max = optarg;
            break;
        case 'a':
            o.date_min_msg = optarg;
            break;
        case 'b':
            o.date_max_msg = optarg;
            break;
        case 'u':
            if (strcmp(optarg, "g") != 0 && strcmp(optarg, "kg") != 0) {
                yj_err("--unit is g or kg");
                rc = yj_cli_usage(short_usage, true);
                goto done;
            }
            o.unit = optarg;
            break;
        case 'c':
            free(choices);
            free(choices_buf);
            choices = split_choices(optarg, &choices_buf);
            break;
        default:
            if (!yj_cli_common(opt, optarg)) {
                rc = yj_cli_usage(short_usage, true);
                goto done;
            }
        }
    }
    if (argc - optind != 2) {
        yj_err("validate needs a TYPE and a VALUE");
        rc = yj_cli_usage(short_usage, true);
        goto done;
    }
    const char *type = argv[optind], *value = argv[optind + 1];
    if (!yj_validate_known_type(type)) {
        yj_err("unknown type '%s'", type);
        rc = yj_cli_usage(short_usage, true);
        goto done;
    }
    bool chars =
        strcmp(type, "text") == 0 || strcmp(type, "name") == 0 || strcmp(type, "address") == 0;
    bool numeric = strcmp(type, "number") == 0 || strcmp(type, "money") == 0;
    bool date = strcmp(type, "date") == 0;
    for (int i = 0; i < 2; i++) {
        const char *b = i == 0 ? min : max;
        if (b == NULL)
            continue;
        double x;
        char ymd[11];
        if (chars && parse_double(b, &x) && x >= 0 && x <= 100000 && x == (int)x) {
            *(i == 0 ? &o.min_chars : &o.max_chars) = (int)x;
        } else if (numeric && parse_double(b, &x)) {
            *(i == 0 ? &o.has_min : &o.has_max) = true;
            *(i == 0 ? &o.min : &o.max) = x;
        } else if (date && yj_date_resolve(b, ymd) == 0) {
            *(i == 0 ? &o.date_min : &o.date_max) = b;
        } else {
            yj_err("--%s '%s' does not fit type %s", i == 0 ? "min" : "max", b, type);
            rc = yj_cli_usage(short_usage, true);
            goto done;
        }
    }
    o.choices = (const char *const *)choices;

    struct yj_vresult r;
    int st = yj_validate(type, value, &o, &r);
    switch (st) {
    case YJ_V_OK:
        print_ok(type, value, &r);
        rc = 0;
        break;
    case YJ_V_WARN:
        if (strcmp(r.norm, value) != 0)
            printf("norm=%s\n", r.norm);
        fprintf(stderr, "warning: %s\n", r.msg);
        rc = 3;
        break;
    default:
        fprintf(stderr, "error: %s\n", r.msg);
        rc = 1;
        break;
    }
done:
    free(choices);
    free(choices_buf);
    return rc;
}
