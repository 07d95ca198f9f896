/* cmd_kiosk.c: `yijian kiosk` and `yijian assist` — the full-screen programs. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/util.h"
#include "ui/ui.h"

static const char kiosk_usage[] =
    "usage: yijian kiosk [OPTIONS]\n"
    "\n"
    "The self-service kiosk: a citizen picks a bundle (一件事), answers the guide\n"
    "questions, fills the one merged form page by page, checks the answers and\n"
    "submits; the case number is shown large with a QR code, and Print receipt\n"
    "prints the receipt on the CUPS queue print.printer (else the CUPS default);\n"
    "when printing fails the reason is shown and printing again is offered.\n"
    "\n"
    "Locked down: Ctrl-C, Ctrl-Z, Ctrl-\\ and function keys do nothing and there is\n"
    "no quit key. The operator leaves with the key sequence configured as\n"
    "kiosk.exit_sequence (typed on the Home screen) or with SIGTERM. After\n"
    "kiosk.idle_timeout seconds without a key (default 120) a countdown warns,\n"
    "then the draft is discarded and the screen wiped back to Home.\n"
    "\n"
    "options:\n"
    "  --db PATH          the case database\n"
    "  --forms DIR        the form set (forms/)\n"
    "  --config FILE      configuration file\n"
    "  --idle SECONDS     idle timeout (0: never), overrides kiosk.idle_timeout\n"
    "  --lang LANG        zh_CN (default), zh_TW or en\n"
    "  --terminal ID      terminal id for drafts, cases and audit (overrides the\n"
    "                     config terminal_id; 3 capital letters or digits)\n"
    "  --help             this text\n"
    "\n"
    "Needs centre_code and terminal_id in the configuration (no defaults; see\n"
    "`yijian setup`). Needs a terminal of at least 64x16. Config: ui.theme = normal|large,\n"
    "ui.ambiwidth = auto|1|2|ascii (how wide the terminal draws characters such as\n"
    "● × ▶; auto measures it at start-up; environment YJ_AMBIWIDTH overrides),\n"
    "draft_max_age (seconds a crashed kiosk's draft may be resumed, default 1800),\n"
    "print.* (see `yijian print --help`).\n"
    "Environment (benchmarks only): YJ_UI_EXIT_AFTER_KEYS=N leaves cleanly once N\n"
    "keys have been handled and drawn (tests/bench/ui_bench.sh under callgrind).\n";

static const char assist_usage[] =
    "usage: yijian assist [OPTIONS]\n"
    "\n"
    "Assisted filling (帮办代办): a helper signs in with an id, records the\n"
    "applicant's authorisation (the agent's name, ID number, relationship and the\n"
    "grounds, 委托代办), then fills the application with or for the applicant.\n"
    "The helper id goes into the case and the audit rows; there is no idle wipe\n"
    "while the helper is signed in; the large high-contrast theme is the default\n"
    "(config ui.theme). Esc on Home signs the helper out; Esc at sign-in quits.\n"
    "\n"
    "options:\n"
    "  --db PATH          the case database\n"
    "  --forms DIR        the form set (forms/)\n"
    "  --config FILE      configuration file\n"
    "  --idle SECONDS     accepted for symmetry with kiosk (no wipe while signed in)\n"
    "  --lang LANG        zh_CN (default), zh_TW or en\n"
    "  --terminal ID      terminal id (overrides the config terminal_id)\n"
    "  --help             this text\n";

/* Shared option parsing and start. */
static int
run(int argc, char **argv, bool assist)
{
    static const struct option longopts[] = {YJ_CLI_COMMON_LONGOPTS,
                                             {"idle", required_argument, NULL, 'i'},
                                             {"lang", required_argument, NULL, 'l'},
                                             {"terminal", required_argument, NULL, 't'},
                                             {NULL, 0, NULL, 0}};
    const char *usage = assist ? assist_usage : kiosk_usage;
    struct yj_ui_opts o = {assist, -1, NULL, NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (yj_cli_common(c, optarg))
            continue;
        switch (c) {
        case 'h':
            return yj_cli_usage(usage, false);
        case 'i': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end != '\0' || v < 0 || v > 86400) {
                yj_err("--idle wants whole seconds from 0 to 86400, not '%s'", optarg);
                return 2;
            }
            o.idle_timeout = v;
            break;
        }
        case 'l':
            if (yj_lang_parse(optarg) < 0) {
                yj_err("--lang wants zh_CN, zh_TW or en, not '%s'", optarg);
                return 2;
            }
            o.lang = optarg;
            break;
        case 't':
            if (optarg[0] == '\0' || strlen(optarg) > 48) {
                yj_err("--terminal wants an id of 1 to 48 characters");
                return 2;
            }
            o.terminal = optarg;
            break;
        default:
            return yj_cli_usage(usage, true);
        }
    }
    if (optind < argc) {
        yj_err("unexpected argument '%s'", argv[optind]);
        return yj_cli_usage(usage, true);
    }
    return yj_ui_run(&o);
}

int
cmd_kiosk(int argc, char **argv)
{
    return run(argc, argv, false);
}

int
cmd_assist(int argc, char **argv)
{
    return run(argc, argv, true);
}
