/* main.c: the yijian program — subcommand dispatch. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "yj_build.h"
#ifdef YJ_LIGHT
#include "modload/modload.h"
/* `yijian` links neither curl nor CUPS' queue list: these commands run in
 * yijian-full (src/modload/modload.c). */
#define cmd_sync yj_run_full
#define cmd_doctor yj_run_full
#define cmd_setup yj_run_full
#endif

static const struct yj_cmd commands[] = {
    {"forms", cmd_forms, "check, show and plan the forms under forms/"},
    {"validate", cmd_validate, "check one value as a form field would"},
    {"case", cmd_case, "submit, show, list, find, export and purge cases"},
    {"sync", cmd_sync, "send queued cases upstream, pull department results"},
    {"receipt", cmd_receipt, "render a case's receipt or notice slip to a file"},
    {"print", cmd_print, "print a case's receipt or notice slip through CUPS"},
    {"keys", cmd_keys, "this terminal's signing key for receipt QR codes"},
    {"kiosk", cmd_kiosk, "the self-service kiosk (full screen, locked down)"},
    {"assist", cmd_assist, "assisted filling by a signed-in helper (full screen)"},
    {"counter", cmd_counter, "the clerk's counter: queue, accept, results, hand-out, stats"},
    {"user", cmd_user, "clerks and administrators of the counter"},
    {"setup", cmd_setup, "first-run configuration of this terminal (dialog or --yes)"},
    {"doctor", cmd_doctor, "check this terminal: config, database, printer, keys, upstream"},
    {"audit", cmd_audit, "verify the audit log's hash chain"},
};

static void
usage(FILE *out)
{
    fprintf(out, "usage: yijian COMMAND [OPTIONS]\n\n"
                 "yijian runs the 'one thing, one form' (一件事 一表申请) application at\n"
                 "kiosks, counters and assisted desks.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nEvery command takes --help. Common options: --db PATH, --forms DIR,\n"
                 "--config FILE (default /etc/yijian/yijian.conf or $YIJIAN_CONFIG).\n");
}

/* Pin a UTF-8 character type, as tmux does: widths and input depend on it. */
static void
setup_locale(void)
{
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    yj_i18n_init();
    /* YIJIAN_LANG picks the message language of every command (zh_CN by default). */
    const char *lang = getenv("YIJIAN_LANG");
    if (lang != NULL && *lang != '\0') {
        int l = yj_lang_parse(lang);
        if (l >= 0)
            yj_i18n_set((enum yj_lang)l);
        else
            fprintf(stderr, "yijian: YIJIAN_LANG wants zh_CN, zh_TW or en, not '%s'\n", lang);
    }
}

int
main(int argc, char **argv)
{
    /* Everything the program creates (database, WAL, SHM, drafts, exports,
     * receipts written to files, keys) is the service's alone; the one file
     * others read, the configuration, gets its mode set explicitly
     * (core/confwrite.c). */
    umask(077);
    setup_locale();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("yijian %s\n", YJ_VERSION);
        return 0;
    }
    /* doctor loads the configuration itself (a bad file is one of its findings);
     * setup reads (and may first create) the file it writes. */
    if (strcmp(argv[1], "doctor") != 0 && strcmp(argv[1], "setup") != 0 &&
        yj_config_load(NULL) != 0)
        return 1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "yijian: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
