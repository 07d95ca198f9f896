/* counter.c: `yijian counter` — the clerk's full screen, and the same queue,
 * actions and statistics for scripts. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/print.h"
#include "store/counter.h"
#include "store/store.h"
#include "ui/ui_counter.h"

static const char usage_text[] =
    "usage: yijian counter [--lock-after SECS] [--terminal ID] [--printer QUEUE]\n"
    "       yijian counter queue [--status S] [--thing T]\n"
    "       yijian counter stats [--from DATE] [--to DATE] [--week] [--csv FILE|-]\n"
    "       yijian counter ACTION --clerk ID [--password-stdin] ...\n"
    "\n"
    "Without a subcommand: the clerk's full-screen program (sign in, queue, case\n"
    "detail, accept, return with the one-time notification slip, item results,\n"
    "hand-out, new case, statistics). The screen locks after counter.lock_after\n"
    "seconds without input (default 300).\n"
    "\n"
    "actions (each signs the clerk in first: the password is asked on the terminal\n"
    "without echo, or read as one line from standard input with --password-stdin\n"
    "or when stdin is no terminal; the same throttling and lock-out as the screen;\n"
    "a clerk or administrator account; audited with the clerk's id):\n"
    "  material NO MATERIAL seen|exempt|missing\n"
    "  accept NO [--print]               受理; --print prints the acceptance receipt\n"
    "  return NO --reason [MATERIAL=]TEXT ... [--print]   退回补正; --print prints\n"
    "                                    the one-time notification slip\n"
    "  result NO ITEM done|returned TEXT certificate number, or the reason\n"
    "  handout NO [--note TEXT]          出件 and close\n"
    "  import QR-TEXT                    a kiosk case from its receipt QR\n"
    "\n"
    "options: --db PATH, --forms DIR, --config FILE, --printer QUEUE, --help\n";

/* Print a queue or search result. */
static void
print_rows(const struct yj_queue_row *q, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%s  %-8s %-10s %-10s %3d/%-3d %6ldmin  %s\n", q[i].case_no, q[i].thing, q[i].status,
               q[i].submitted_at, q[i].nfinished, q[i].nitems, q[i].waiting_s / 60,
               q[i].applicant_name ? q[i].applicant_name : "");
}

struct opts {
    const char *status, *thing, *from, *to, *csv, *clerk, *note, *printer;
    bool week, print, pw_stdin;
    const char **reasons;
    size_t nreasons;
    long lock_after;
    const char *terminal;
};

/* `counter queue` as it is read: the counts (filled before the first row), then
 * each row. */
struct queue_out {
    const struct yj_queue_counts *c;
    bool head; /* the counts line is out */
};

/* The counts line. */
static void
print_counts(struct queue_out *q)
{
    const struct yj_queue_counts *c = q->c;
    printf("total %ld  submitted %ld  accepted %ld  returned %ld  done %ld  closed %ld\n", c->total,
           c->submitted, c->accepted, c->returned, c->done, c->closed);
    q->head = true;
}

/* One row, after the counts line. */
static int
print_queue_row(struct yj_queue_row *r, void *ctx)
{
    struct queue_out *q = ctx;
    if (!q->head)
        print_counts(q);
    print_rows(r, 1);
    return 0;
}

/* Print a receipt or notice slip after an action; 0 or 1. */
static int
print_after(struct yj_store *s, const struct yj_formset *set, const char *no, const char *kind,
            const struct opts *o)
{
    char msg[1024];
    struct yj_actor who = {"clerk", o->clerk};
    if (yj_print_case(s, set, no, kind, o->printer, &who, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        return 1;
    }
    printf(_("已打印%s。\n"), strcmp(kind, "notice") == 0 ? _("一次性告知单") : _("受理回执"));
    return 0;
}

/* One clerk action (argv: ACTION NO ...). */
static int
action(struct yj_store *s, const struct yj_formset *set, const struct opts *o, int argc,
       char **argv)
{
    const char *verb = argv[0];
    if (o->clerk == NULL) {
        yj_err("%s", _("请用 --clerk 给出工号。"));
        return 2;
    }
    struct yj_actor who = {"clerk", o->clerk};
    int need = strcmp(verb, "material") == 0 ? 4 : strcmp(verb, "result") == 0 ? 5 : 2;
    if (argc != need)
        return yj_cli_usage(usage_text, true);
    if (yj_cli_signin(s, o->clerk, YJ_CLI_COUNTER_ROLES, o->pw_stdin) != 0)
        return 1;
    int rc;
    if (strcmp(verb, "material") == 0) {
        rc = yj_counter_material(s, set, argv[1], argv[2], argv[3], &who);
    } else if (strcmp(verb, "accept") == 0) {
        rc = yj_counter_accept(s, set, argv[1], &who);
        if (rc == 0 && o->print)
            return print_after(s, set, argv[1], "receipt", o);
    } else if (strcmp(verb, "return") == 0) {
        struct yj_return_reason *r = xcalloc(o->nreasons + 1, sizeof *r);
        char **copies = xcalloc(o->nreasons + 1, sizeof *copies);
        for (size_t i = 0; i < o->nreasons; i++) {
            copies[i] = xstrdup(o->reasons[i]);
            char *eq = strchr(copies[i], '=');
            if (eq && eq != copies[i] && strcspn(copies[i], " ") > (size_t)(eq - copies[i])) {
                *eq = '\0';
                r[i].material_id = copies[i];
                r[i].reason = eq + 1;
            } else {
                r[i].reason = copies[i];
            }
        }
        rc = yj_counter_return(s, argv[1], r, o->nreasons, &who);
        for (size_t i = 0; i < o->nreasons; i++)
            free(copies[i]);
        free(copies);
        free(r);
        if (rc == 0 && o->print)
            return print_after(s, set, argv[1], "notice", o);
    } else if (strcmp(verb, "result") == 0) {
        bool done = strcmp(argv[3], "done") == 0;
        if (!done && strcmp(argv[3], "returned") != 0)
            return yj_cli_usage(usage_text, true);
        rc = yj_counter_item_result(s, set, argv[1], argv[2], done, argv[4], &who);
    } else if (strcmp(verb, "handout") == 0) {
        rc = yj_counter_handout(s, argv[1], o->note, &who);
    } else {
        char msg[1024];
        if (yj_import_qr(s, set, argv[1], &who, NULL, 0, NULL, msg, sizeof msg) != 0) {
            yj_err("%s", msg);
            return 1;
        }
        printf("%s\n", msg);
        return 0;
    }
    if (rc != 0) {
        yj_err("%s", yj_store_error(s));
        return 1;
    }
    printf(_("%s：完成。\n"), argv[1]);
    return 0;
}

/* `counter stats`. */
static int
stats(struct yj_store *s, const struct opts *o)
{
    struct yj_stats st;
    if (yj_counter_stats(s, o->from, o->to, o->week, NULL, &st) != 0) {
        yj_err("%s", yj_store_error(s));
        return 1;
    }
    struct yj_buf b = {0};
    yj_stats_csv(&st, &b);
    int rc = 0;
    if (o->csv == NULL || strcmp(o->csv, "-") == 0) {
        fwrite(b.data, 1, b.len, stdout);
    } else if (yj_write_file_atomic(o->csv, b.data, b.len) != 0) {
        yj_err(_("无法写入 %s。"), o->csv);
        rc = 1;
    } else {
        printf(_("已导出 %s（%ld 件，%zu 个事项超期）\n"), o->csv, st.total, st.noverdue);
    }
    yj_buf_free(&b);
    yj_stats_free(&st);
    return rc;
}

int
cmd_counter(int argc, char **argv)
{
    static const struct option lo[] = {{"status", required_argument, NULL, 's'},
                                       {"thing", required_argument, NULL, 't'},
                                       {"from", required_argument, NULL, 'f'},
                                       {"to", required_argument, NULL, 'T'},
                                       {"week", no_argument, NULL, 'w'},
                                       {"csv", required_argument, NULL, 'c'},
                                       {"clerk", required_argument, NULL, 'k'},
                                       {"reason", required_argument, NULL, 'r'},
                                       {"note", required_argument, NULL, 'n'},
                                       {"print", no_argument, NULL, 'P'},
                                       {"printer", required_argument, NULL, 'p'},
                                       {"lock-after", required_argument, NULL, 'l'},
                                       {"terminal", required_argument, NULL, 'm'},
                                       {"password-stdin", no_argument, NULL, 'S'},
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    struct opts o = {.lock_after = -1};
    const char *reasons[64];
    o.reasons = reasons;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 's':
            o.status = optarg;
            break;
        case 't':
            o.thing = optarg;
            break;
        case 'f':
            o.from = optarg;
            break;
        case 'T':
            o.to = optarg;
            break;
        case 'w':
            o.week = true;
            break;
        case 'c':
            o.csv = optarg;
            break;
        case 'k':
            o.clerk = optarg;
            break;
        case 'r':
            if (o.nreasons < YJ_ARRAY_LEN(reasons))
                reasons[o.nreasons++] = optarg;
            break;
        case 'n':
            o.note = optarg;
            break;
        case 'P':
            o.print = true;
            break;
        case 'p':
            o.printer = optarg;
            break;
        case 'l': {
            char *end;
            o.lock_after = strtol(optarg, &end, 10);
            if (*end || o.lock_after < 0)
                return yj_cli_usage(usage_text, true);
            break;
        }
        case 'm':
            o.terminal = optarg;
            break;
        case 'S':
            o.pw_stdin = true;
            break;
        case 'h':
            return yj_cli_usage(usage_text, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(usage_text, true);
        }
    }
    if (optind == argc) {
        struct yj_counter_opts co = {
            .lock_after = o.lock_after, .terminal = o.terminal, .printer = o.printer};
        return yj_counter_run(&co);
    }
    const char *verb = argv[optind];
    static const char *const actions[] = {"material", "accept",  "return",
                                          "result",   "handout", "import"};
    bool is_action = false;
    for (size_t i = 0; i < YJ_ARRAY_LEN(actions); i++)
        is_action = is_action || strcmp(verb, actions[i]) == 0;
    if (!is_action && strcmp(verb, "queue") != 0 && strcmp(verb, "stats") != 0)
        return yj_cli_usage(usage_text, true);
    if (!is_action && optind + 1 != argc)
        return yj_cli_usage(usage_text, true);
    struct yj_store *s = yj_cli_store();
    if (s == NULL)
        return 1;
    int rc = 0;
    struct yj_formset *set = NULL;
    if (strcmp(verb, "queue") == 0) {
        struct yj_queue_filter f = {.status = o.status, .thing = o.thing};
        struct yj_queue_counts c;
        struct queue_out out = {&c, false};
        if (yj_counter_queue_each(s, &f, &c, print_queue_row, &out) != 0) {
            fflush(stdout);
            yj_err("%s", yj_store_error(s));
            rc = 1;
        } else if (!out.head) {
            print_counts(&out);
        }
    } else if (strcmp(verb, "stats") == 0) {
        rc = stats(s, &o);
    } else if ((set = yj_cli_forms()) == NULL) {
        rc = 1;
    } else {
        rc = action(s, set, &o, argc - optind, argv + optind);
    }
    yj_formset_free(&set);
    yj_store_close(&s);
    return rc;
}
