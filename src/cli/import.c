/* import.c: `yijian case import --qr STRING` — a kiosk's case from its receipt QR. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/plan.h"
#include "core/util.h"
#include "print/qrpayload.h"
#include "store/store.h"

static const char import_usage[] =
    "usage: yijian case import --qr STRING|-\n"
    "\n"
    "Import a case from the QR code on a receipt printed at another terminal of the\n"
    "centre (what a keyboard-wedge scanner types; - reads one code per line from\n"
    "standard input). The terminal's signature is checked against keys.trusted\n"
    "(and this terminal's own key); a forged or altered code is refused. The case\n"
    "is stored under its own number and uuid; importing it again changes nothing.\n"
    "Exit status: 0 imported (or already there), 1 refused, 2 usage.\n"
    "options: --db PATH, --forms DIR, --config FILE, --help\n";

/* Import one scanned text; 0 or 1. */
static int
import_one(struct yj_store *s, const struct yj_formset *set, const struct yj_keypair *own,
           const char *text)
{
    struct yj_qrpayload p;
    char msg[1024];
    int rc = 1;
    if (yj_qrpayload_parse(text, strlen(text), &p, msg, sizeof msg) != 0 ||
        yj_qrpayload_verify(&p, yj_keys_trusted_path(), own, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        goto out;
    }
    if (p.flags & YJ_QRF_NUMBER_ONLY) {
        yj_err(_("此二维码只含办件编号 %s 和终端签名（办件信息太多，未放入二维码），"
                 "请从上级系统调取该办件"),
               p.c.case_no);
        goto out;
    }
    /* The per-department split is derived from the answers, as at submit. */
    const struct yj_thing *t = set && p.c.thing_id ? yj_formset_thing(set, p.c.thing_id) : NULL;
    if (t != NULL && p.c.departments_json == NULL) {
        struct yj_plan plan;
        struct yj_answers a;
        yj_answers_init(&a);
        yj_answers_copy(&a, &p.c.answers);
        if (yj_plan_build(&plan, set, t, &a) == 0)
            p.c.departments_json = yj_plan_departments_json(&plan, &p.c.answers);
        yj_plan_free(&plan);
        yj_answers_free(&a);
    }
    struct yj_actor who = {"system", yj_config_get("terminal_id", "qr-import")};
    bool existed = false;
    if (yj_store_import(s, &p.c, &who, &existed) != 0) {
        yj_err("%s", yj_store_error(s));
        goto out;
    }
    if (existed)
        printf(_("办件 %s 已在本机，未重复导入\n"), p.c.case_no);
    else
        printf(_("已导入办件 %s（%s，终端 %s 签发）\n"), p.c.case_no,
               p.c.applicant_name ? p.c.applicant_name : "", p.signer);
    rc = 0;
out:
    yj_qrpayload_free(&p);
    return rc;
}

int
yj_cli_case_import(int argc, char **argv)
{
    static const struct option lo[] = {
        {"qr", required_argument, NULL, 'q'}, YJ_CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    const char *qr = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'q':
            qr = optarg;
            break;
        case 'h':
            return yj_cli_usage(import_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(import_usage, true);
        }
    }
    if (qr == NULL || optind != argc)
        return yj_cli_usage(import_usage, true);
    struct yj_formset *set = yj_cli_forms();
    if (set == NULL)
        return 1;
    char err[512];
    struct yj_store *s = yj_store_open(yj_paths_db(), err, sizeof err);
    if (s == NULL) {
        yj_err("%s", err);
        yj_formset_free(&set);
        return 1;
    }
    struct yj_keypair own;
    bool have_own = yj_keys_load(yj_keys_dir(), &own, err, sizeof err) == 0;
    int rc = 0;
    if (strcmp(qr, "-") == 0) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (strspn(line, " \t\r\n") == (size_t)n)
                continue;
            if (import_one(s, set, have_own ? &own : NULL, line) != 0)
                rc = 1;
        }
        free(line);
    } else {
        rc = import_one(s, set, have_own ? &own : NULL, qr);
    }
    memset(&own, 0, sizeof own);
    yj_store_close(&s);
    yj_formset_free(&set);
    return rc;
}
