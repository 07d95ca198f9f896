/* case.c: `yijian case` — submit, show, list, find, export and purge cases. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/answers.h"
#include "core/case.h"
#include "core/casebuild.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/idmask.h"
#include "core/paths.h"
#include "core/plan.h"
#include "core/status.h"
#include "core/util.h"
#include "core/validate.h"
#include "store/store.h"

static const char usage_text[] =
    "usage: yijian case VERB [ARGS] [OPTIONS]\n"
    "\n"
    "verbs:\n"
    "  submit THING --answers FILE   validate the answers exactly as the screens do;\n"
    "                                when they are acceptable store the case and print\n"
    "                                its number; else print the reasons, store nothing\n"
    "                                and exit 1\n"
    "  show NO [--json]              one case (NO with or without hyphens, or a uuid)\n"
    "  list [--status S] [--thing T] [--since YYYY-MM-DD] [--limit N] [--json]\n"
    "  find CASE_NO|ID|NAME          the one search: a case number, an exact ID number, or\n"
    "                                part of a name\n"
    "  export --format csv|json      every case, unmasked, for other systems (stdout)\n"
    "  purge [--older-than DAYS]     remove the personal data of closed cases that\n"
    "                                upstream has acknowledged, unchanged for DAYS days\n"
    "                                (default: config retention_days, else 180)\n"
    "\n"
    "options:\n"
    "  --answers FILE       submit: the answers as a JSON object\n"
    "  --channel C          submit: kiosk (default), counter or assist\n"
    "  --clerk ID           submit: the clerk entering it (counter); signs in\n"
    "  --helper ID          submit: the helper (assisted filling); signs in\n"
    "  --password-stdin     submit: the clerk's or helper's password is the first\n"
    "                       line of stdin (also when stdin is no terminal; else it\n"
    "                       is asked without echo)\n"
    "  --json               show/list/find: JSON for systems (ID numbers unmasked)\n"
    "  --db PATH            the database (else $YIJIAN_DB, config db, per-user default)\n"
    "  --forms DIR, --config FILE, --help\n"
    "\n"
    "Screens and lists show ID numbers masked (never in full). Case numbers\n"
    "look like 310104-K01-20261123-0007-M; the last character is a check character\n"
    "that catches a mistyped or swapped character. Exit: 0 ok, 1 refused or failed,\n"
    "2 usage.\n";

struct opts {
    const char *answers, *channel, *clerk, *helper, *status, *thing, *since, *format;
    long older_than;
    long limit;
    bool json, pw_stdin;
};

/* Print the reasons a plan is not ready to submit. */
static void
print_issues(const struct yj_plan *p)
{
    for (size_t i = 0; i < p->nineligible; i++)
        fprintf(stderr, "%s\n", p->ineligible[i]);
    for (size_t i = 0; i < p->nissues; i++) {
        const struct yj_issue *is = &p->issues[i];
        const char *lvl = is->level == YJ_V_WARN ? _("需确认") : _("错误");
        if (is->field != NULL)
            fprintf(stderr, "%s: %s（%s）：%s\n", lvl, yj_text(&is->field->label), is->field->id,
                    is->msg);
        else
            fprintf(stderr, "%s: %s\n", lvl, is->msg);
    }
    if (p->nitems == 0 && p->eligible)
        fprintf(stderr, "%s\n", _("根据所填内容，没有需要办理的事项。"));
    if (!p->guide_complete)
        fprintf(stderr, "%s\n", _("引导问题还没有全部回答。"));
}

/* `case submit THING --answers FILE`. */
static int
case_submit(const char *thing_id, const struct opts *o)
{
    if (o->answers == NULL) {
        yj_err("case submit: --answers FILE is required");
        return 2;
    }
    const char *channel = o->channel ? o->channel : "kiosk";
    if (strcmp(channel, "kiosk") != 0 && strcmp(channel, "counter") != 0 &&
        strcmp(channel, "assist") != 0) {
        yj_err("case submit: --channel must be kiosk, counter or assist");
        return 2;
    }
    struct yj_answers a;
    yj_answers_init(&a);
    char err[512];
    if (yj_answers_load_file(&a, o->answers, err, sizeof err) != 0) {
        yj_err("%s", err);
        yj_answers_free(&a);
        return 1;
    }
    struct yj_formset *set = yj_cli_forms();
    if (set == NULL) {
        yj_answers_free(&a);
        return 1;
    }
    int rc = 1;
    struct yj_store *s = NULL;
    struct yj_case c;
    memset(&c, 0, sizeof c);
    struct yj_plan p;
    memset(&p, 0, sizeof p);
    const struct yj_thing *t = yj_formset_thing(set, thing_id);
    if (t == NULL) {
        yj_err("no thing '%s' in %s (yijian forms list)", thing_id, set->dir);
        goto done;
    }
    if (yj_plan_build(&p, set, t, &a) != 0 || !yj_plan_ok(&p)) {
        fprintf(stderr, "%s\n", _("申请未能提交，原因如下："));
        print_issues(&p);
        goto done;
    }
    s = yj_cli_store();
    if (s == NULL)
        goto done;
    /* A clerk or a helper signs in: the case and its audit row name them. */
    if (strcmp(channel, "counter") == 0 &&
        (o->clerk == NULL || yj_cli_signin(s, o->clerk, YJ_CLI_COUNTER_ROLES, o->pw_stdin) != 0)) {
        if (o->clerk == NULL)
            yj_err("%s", _("请用 --clerk 给出工号。"));
        goto done;
    }
    if (strcmp(channel, "assist") == 0 &&
        (o->helper == NULL || yj_cli_signin(s, o->helper, YJ_CLI_HELPER_ROLES, o->pw_stdin) != 0)) {
        if (o->helper == NULL)
            yj_err("%s", _("请用 --helper 给出帮办人员的工号。"));
        goto done;
    }
    struct yj_case_origin origin = {channel, NULL, o->helper, o->clerk};
    yj_case_from_plan(&c, set, &p, &a, &origin);
    const char *centre, *terminal;
    char ierr[512];
    if (yj_terminal_identity(&centre, &terminal, ierr, sizeof ierr) != 0) {
        yj_err("%s", ierr);
        goto done;
    }
    struct yj_actor who = {channel, NULL};
    if (strcmp(channel, "counter") == 0)
        who = (struct yj_actor){"clerk", o->clerk};
    else if (strcmp(channel, "assist") == 0)
        who = (struct yj_actor){"helper", o->helper};
    else
        who.id = terminal;
    char *failures = yj_plan_failures_detail(&p); /* for staff: audit, doctor */
    struct yj_audit_entry fail_row = {who, YJ_AUDIT_EXPR_FAILED, failures};
    int src = yj_store_submit_audited(s, &c, &who, &fail_row, failures ? 1 : 0);
    free(failures);
    if (src != 0) {
        yj_err("%s", yj_store_error(s));
        goto done;
    }
    printf("%s\n", c.case_no);
    rc = 0;
done:
    yj_case_free(&c);
    yj_plan_free(&p); /* zeroed when never built */
    yj_store_close(&s);
    yj_formset_free(&set);
    yj_answers_free(&a);
    return rc;
}

/* The ID number as shown to people. */
static void
masked(const char *id, char *out, size_t outsz)
{
    if (id == NULL) {
        snprintf(out, outsz, "-");
        return;
    }
    yj_mask_id(id, out, outsz);
}

/* Human view of one case. */
static void
print_case(const struct yj_case *c)
{
    char mid[128];
    masked(c->applicant_id, mid, sizeof mid);
    printf("%s  %s\n", _("办件编号"), c->case_no);
    printf("%s  %s\n", _("一件事"), c->thing_id);
    printf("%s  %s (%s)\n", _("状态"), yj_case_status_label(c->status), c->status);
    printf("%s  %s\n", _("提交时间"), c->submitted_at);
    printf("%s  %s\n", _("更新时间"), c->updated_at);
    printf("%s  %s  %s\n", _("申请人"), c->applicant_name ? c->applicant_name : "-", mid);
    printf("%s  %s  %s %s-%s  r%d\n", _("渠道"), c->channel, _("终端"), c->centre, c->terminal,
           c->revision);
    if (c->clerk_id)
        printf("%s  %s\n", _("窗口人员"), c->clerk_id);
    if (c->helper_id)
        printf("%s  %s\n", _("帮办人员"), c->helper_id);
    printf("%s\n", _("事项："));
    for (size_t i = 0; i < c->nitems; i++) {
        const struct yj_case_item *it = &c->items[i];
        bool waits = it->due_date == NULL && it->time_limit_days > 0; /* after a predecessor */
        printf("  %-24s %-16s %s %d  %s %s  %s (%s)%s%s\n", it->item_id, it->dept_id, _("时限"),
               it->time_limit_days, _("截止"),
               it->due_date ? it->due_date : (waits ? _("前置事项办结后") : "-"),
               yj_item_status_label(it->status), it->status, it->result ? "  " : "",
               it->result ? it->result : "");
    }
}

/* One line per case. */
static void
print_row(const struct yj_case *c)
{
    char mid[128];
    masked(c->applicant_id, mid, sizeof mid);
    printf("%s  %.10s  %-10s %-12s %s %s\n", c->case_no, c->submitted_at, c->status, c->thing_id,
           c->applicant_name ? c->applicant_name : "-", mid);
}

/* Cases printed as they are read: a JSON array element, a line, or a CSV row. */
struct printer {
    size_t n; /* printed so far */
};

/* One element of a JSON array of cases ("[" before the first). */
static int
print_json_elem(const char *json, size_t len, void *vctx)
{
    struct printer *p = vctx;
    fputs(p->n++ ? ",\n" : "[\n", stdout);
    fwrite(json, 1, len, stdout);
    return 0;
}

/* The end of a JSON array of cases printed with print_json_elem. */
static void
print_json_end(const struct printer *p)
{
    fputs(p->n ? "\n]\n" : "[]\n", stdout);
}

/* One line of `case list`. */
static int
print_line(struct yj_case *c, void *vctx)
{
    struct printer *p = vctx;
    print_row(c);
    p->n++;
    return 0;
}

/* `case show NO`. */
static int
case_show(const char *no, const struct opts *o)
{
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_case c;
    int rc = yj_store_case_get(s, no, &c);
    if (rc != 0) {
        yj_err("%s", yj_store_error(s));
        yj_store_close(&s);
        return 1;
    }
    if (o->json) {
        char *j = yj_store_case_json(&c);
        printf("%s\n", j);
        free(j);
    } else {
        print_case(&c);
    }
    yj_case_free(&c);
    yj_store_close(&s);
    return 0;
}

/* `case list` and `case find`. */
static int
case_list(const struct opts *o, const char *text)
{
    if (o->since != NULL && !yj_date_valid(o->since)) {
        yj_err("case list: --since wants a date YYYY-MM-DD, not '%s'", o->since);
        return 2;
    }
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_case_filter f = {o->status, o->thing, o->since, text,
                               o->limit > 0 ? (size_t)o->limit : 0};
    struct printer p = {0};
    /* Streamed: each case printed as it is read; only JSON prints answers and items. */
    int rc = o->json ? yj_store_case_json_each(s, &f, print_json_elem, &p)
                     : yj_store_case_each(s, &f, YJ_CASE_SUMMARY, print_line, &p);
    if (rc != 0) { /* a JSON array is left unclosed: what came before is not all */
        fflush(stdout);
        yj_err("%s", yj_store_error(s));
        yj_store_close(&s);
        return 1;
    }
    if (o->json)
        print_json_end(&p);
    else if (p.n == 0)
        fprintf(stderr, "%s\n", _("没有找到办件。"));
    yj_store_close(&s);
    return 0;
}

/* Write one CSV field (RFC 4180 quoting). */
static void
csv_field(const char *v, bool last)
{
    if (v == NULL)
        v = "";
    if (strpbrk(v, ",\"\r\n") != NULL) {
        putchar('"');
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                putchar('"');
            putchar(*p);
        }
        putchar('"');
    } else {
        fputs(v, stdout);
    }
    fputs(last ? "\r\n" : ",", stdout);
}

/* One CSV row of `case export` (the answers are not part of it). */
static int
print_csv_row(struct yj_case *c, void *vctx)
{
    struct printer *p = vctx;
    char rev[16];
    snprintf(rev, sizeof rev, "%d", c->revision);
    struct yj_buf items = {0};
    for (size_t k = 0; k < c->nitems; k++)
        yj_buf_printf(&items, "%s%s:%s", k ? ";" : "", c->items[k].item_id, c->items[k].status);
    const char *row[] = {c->case_no,      c->uuid,       c->thing_id,       c->status,
                         c->channel,      c->centre,     c->terminal,       rev,
                         c->submitted_at, c->updated_at, c->applicant_name, c->applicant_id,
                         c->helper_id,    c->clerk_id,   items.data};
    for (size_t k = 0; k < YJ_ARRAY_LEN(row); k++)
        csv_field(row[k], k + 1 == YJ_ARRAY_LEN(row));
    yj_buf_free(&items);
    p->n++;
    return 0;
}

/* `case export --format csv|json`. */
static int
case_export(const struct opts *o)
{
    if (o->format == NULL || (strcmp(o->format, "csv") != 0 && strcmp(o->format, "json") != 0)) {
        yj_err("case export: --format csv or --format json");
        return 2;
    }
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    struct yj_case_filter f = {o->status, o->thing, o->since, NULL, 0};
    struct printer p = {0};
    int rc;
    if (strcmp(o->format, "json") == 0) {
        rc = yj_store_case_json_each(s, &f, print_json_elem, &p);
        if (rc == 0) /* else left unclosed: what came before is not all */
            print_json_end(&p);
    } else {
        static const char *const head[] = {
            "case_no",        "uuid",         "thing",     "status",       "channel",
            "centre",         "terminal",     "revision",  "submitted_at", "updated_at",
            "applicant_name", "applicant_id", "helper_id", "clerk_id",     "items"};
        for (size_t i = 0; i < YJ_ARRAY_LEN(head); i++)
            csv_field(head[i], i + 1 == YJ_ARRAY_LEN(head));
        rc = yj_store_case_each(s, &f, YJ_CASE_ITEMS, print_csv_row, &p);
    }
    if (rc != 0) {
        fflush(stdout);
        yj_err("%s", yj_store_error(s));
        yj_store_close(&s);
        return 1;
    }
    yj_store_close(&s);
    return 0;
}

/* `case purge [--older-than DAYS]`. */
static int
case_purge(const struct opts *o)
{
    long days = o->older_than >= 0 ? o->older_than : yj_config_get_long("retention_days", 180);
    if (days < 0 || days > 100000) {
        yj_err("case purge: retention_days must be a number of days >= 0");
        return 2;
    }
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    long n = yj_store_purge(s, (int)days);
    if (n < 0) {
        yj_err("%s", yj_store_error(s));
        yj_store_close(&s);
        return 1;
    }
    printf(_("已清除 %ld 个办件的个人信息（已办结、已上报确认、%ld 天未变动）。\n"), n, days);
    yj_store_close(&s);
    return 0;
}

/* Parse a non-negative whole number option. */
static bool
parse_count(const char *s, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0)
        return false;
    *out = v;
    return true;
}

int
cmd_case(int argc, char **argv)
{
    static const struct option lopts[] = {YJ_CLI_COMMON_LONGOPTS,
                                          {"answers", required_argument, NULL, 'a'},
                                          {"channel", required_argument, NULL, 'c'},
                                          {"clerk", required_argument, NULL, 'k'},
                                          {"helper", required_argument, NULL, 'p'},
                                          {"json", no_argument, NULL, 'j'},
                                          {"status", required_argument, NULL, 's'},
                                          {"thing", required_argument, NULL, 't'},
                                          {"since", required_argument, NULL, 'S'},
                                          {"limit", required_argument, NULL, 'l'},
                                          {"format", required_argument, NULL, 'f'},
                                          {"older-than", required_argument, NULL, 'o'},
                                          {"password-stdin", no_argument, NULL, 'P'},
                                          {NULL, 0, NULL, 0}};
    struct opts o = {.older_than = -1};
    int ch;
    if (argc >= 2 && strcmp(argv[1], "import") == 0) /* src/cli/import.c */
        return yj_cli_case_import(argc - 1, argv + 1);
    optind = 1;
    while ((ch = getopt_long(argc, argv, "hja:", lopts, NULL)) != -1) {
        if (yj_cli_common(ch, optarg))
            continue;
        switch (ch) {
        case 'h':
            return yj_cli_usage(usage_text, false);
        case 'a':
            o.answers = optarg;
            break;
        case 'c':
            o.channel = optarg;
            break;
        case 'k':
            o.clerk = optarg;
            break;
        case 'p':
            o.helper = optarg;
            break;
        case 'j':
            o.json = true;
            break;
        case 'P':
            o.pw_stdin = true;
            break;
        case 's':
            o.status = optarg;
            break;
        case 't':
            o.thing = optarg;
            break;
        case 'S':
            o.since = optarg;
            break;
        case 'f':
            o.format = optarg;
            break;
        case 'l':
            if (!parse_count(optarg, &o.limit)) {
                yj_err("case: --limit wants a number");
                return 2;
            }
            break;
        case 'o':
            if (!parse_count(optarg, &o.older_than)) {
                yj_err("case purge: --older-than wants a number of days");
                return 2;
            }
            break;
        default:
            return yj_cli_usage(usage_text, true);
        }
    }
    if (optind >= argc)
        return yj_cli_usage(usage_text, true);
    const char *verb = argv[optind++];
    int nargs = argc - optind;
    const char *arg = nargs > 0 ? argv[optind] : NULL;
    if (strcmp(verb, "submit") == 0 && nargs == 1)
        return case_submit(arg, &o);
    if (strcmp(verb, "show") == 0 && nargs == 1)
        return case_show(arg, &o);
    if (strcmp(verb, "list") == 0 && nargs == 0)
        return case_list(&o, NULL);
    if (strcmp(verb, "find") == 0 && nargs == 1) {
        if (yj_str_empty(arg)) {
            yj_err("case find: give an ID number or a name");
            return 2;
        }
        return case_list(&o, arg);
    }
    if (strcmp(verb, "export") == 0 && nargs == 0)
        return case_export(&o);
    if (strcmp(verb, "purge") == 0 && nargs == 0)
        return case_purge(&o);
    yj_err("case: unknown verb or wrong arguments: %s", verb);
    return yj_cli_usage(usage_text, true);
}
