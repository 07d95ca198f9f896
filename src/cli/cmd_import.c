/* cmd_import.c: `yijian case import --qr STRING` — a kiosk's case from its receipt QR. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/form.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/print.h"
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

/* Import one scanned text and say how it went; 0 or 1. */
static int
import_one(struct yj_store *s, const struct yj_formset *set, const char *text)
{
    struct yj_actor who = {"system", yj_config_get("terminal_id", "qr-import")};
    char msg[1024];
    if (yj_import_qr(s, set, text, &who, NULL, 0, NULL, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        return 1;
    }
    printf("%s\n", msg);
    return 0;
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
    struct yj_store *s = yj_cli_store();
    if (s == NULL) {
        yj_formset_free(&set);
        return 1;
    }
    int rc = 0;
    if (strcmp(qr, "-") == 0) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (strspn(line, " \t\r\n") == (size_t)n)
                continue;
            if (import_one(s, set, line) != 0)
                rc = 1;
        }
        free(line);
    } else {
        rc = import_one(s, set, qr);
    }
    yj_store_close(&s);
    yj_formset_free(&set);
    return rc;
}
