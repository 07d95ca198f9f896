/* cmd_setup.c: `yijian setup` — the first-run configuration of a terminal, as a
 * full-screen dialog or, with --yes, from options (for installing many). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/confwrite.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/print.h"
#include "ui/setup.h"

static const char setup_usage[] =
    "usage: yijian setup [OPTIONS]\n"
    "       yijian setup --centre-code CODE --centre-name NAME --terminal-id ID\n"
    "                    [--printer QUEUE | --no-printer] [--upstream URL] --yes\n"
    "\n"
    "Configure this terminal: the service centre's region code (服务中心代码) and\n"
    "name, the terminal id, the receipt printer and the upstream platform; then\n"
    "write the configuration file and this terminal's signing key, and show the\n"
    "public-key line to add to the counters' keys.trusted (`yijian keys show`\n"
    "prints the same line later).\n"
    "\n"
    "Without --yes: a full-screen dialog (64x16 or larger), one field after\n"
    "another, prefilled from the existing configuration and from the options\n"
    "given; Esc goes back a field, Ctrl-C (or Esc on the first field) quits\n"
    "without writing anything. With --yes: no questions; the values are checked\n"
    "exactly as the dialog checks them, what was written is printed.\n"
    "\n"
    "options:\n"
    "  --centre-code CODE   6-digit GB/T 2260 code of the centre's county, e.g.\n"
    "                       310104 (上海市徐汇区); unknown or abolished codes are\n"
    "                       refused\n"
    "  --centre-name NAME   the centre's name printed on receipts (2-40 characters;\n"
    "                       default with --yes: the existing one, else one made\n"
    "                       from the region's name)\n"
    "  --terminal-id ID     3 capital letters or digits, unique within the centre\n"
    "                       (kiosks K01, K02...; counters C01...)\n"
    "  --printer QUEUE      the CUPS queue for receipts (must exist in CUPS)\n"
    "  --no-printer         this terminal prints nothing (print.enabled = no)\n"
    "  --upstream URL       the upstream platform (sync.base_url): https://, or\n"
    "                       http:// to a loopback address only; \"\" removes it\n"
    "  --yes                write without the dialog\n"
    "  --admin ID           then make the first administrator of the counter (only\n"
    "                       while the database has no account); the password is\n"
    "                       one line of stdin (with the dialog: asked without echo)\n"
    "  --admin-name NAME    the administrator's name (default: the ID)\n"
    "  --config FILE        the file to write (default $YIJIAN_CONFIG, else\n"
    "                       /etc/yijian/yijian.conf; the directory is created)\n"
    "  --db PATH            the database (the key lives in its directory's keys/\n"
    "                       unless keys.dir is set)\n"
    "  --help               this text\n"
    "\n"
    "Without --printer/--no-printer and --upstream, --yes leaves print.* and\n"
    "sync.base_url as they are. Every other key, comment and section of an\n"
    "existing file is kept; the file is replaced atomically (nothing is lost when\n"
    "writing fails). The key pair is kept when its terminal id matches, else a new\n"
    "one is made (receipts signed with the old one no longer verify).\n"
    "\n"
    "Exit status: 0 written, 1 a value refused, writing failed or the dialog quit,\n"
    "2 usage.\n";

/* What was written, for the administrator (and a script reading stdout). */
static void
print_result(const char *path, const struct yj_setup_values *v, const struct yj_setup_result *r)
{
    printf(_("已写入配置文件 %s：\n"), path);
    char *sum = yj_setup_summary(v);
    for (char *line = sum, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        *nl = '\0';
        printf("  %s\n", line);
    }
    free(sum);
    printf(r->key_created ? _("已生成签名密钥：%s/terminal.key\n")
                          : _("沿用已有的签名密钥：%s/terminal.key\n"),
           r->key_dir);
    printf(_("数据库：%s\n"), r->db_path);
    printf("%s\n", _("请把下面这一行加入各窗口终端的可信公钥文件（keys.trusted）："));
    printf("%s\n", r->publine);
}

/* A value given on the command line, or NULL. */
struct given {
    const char *code, *name, *terminal, *printer, *upstream;
    bool no_printer, yes;
};

/* --yes: check each value given (or kept) and write. */
static int
noninteractive(const char *path, struct yj_setup_values *v, const struct given *g)
{
    char msg[1024], region[256], tid[8];
    if (v->centre_code[0] == '\0' || v->terminal_id[0] == '\0') {
        yj_err("%s", _("--yes 需要 --centre-code 和 --terminal-id（配置文件中也没有）"));
        return 2;
    }
    if (yj_setup_check_code(v->centre_code, region, sizeof region, msg, sizeof msg) != YJ_SU_OK) {
        yj_err(_("服务中心代码 %s 不对：%s"), v->centre_code, msg);
        return 1;
    }
    if (g->name == NULL && v->centre_name[0] == '\0')
        yj_setup_suggest_name(v->centre_code, v->centre_name, sizeof v->centre_name);
    if (yj_setup_check_name(v->centre_name, msg, sizeof msg) != YJ_SU_OK) {
        yj_err(_("服务中心名称不对：%s"), msg);
        return 1;
    }
    snprintf(tid, sizeof tid, "%s", v->terminal_id);
    if (strlen(v->terminal_id) > 3 || yj_setup_check_terminal(tid, msg, sizeof msg) != YJ_SU_OK) {
        if (strlen(v->terminal_id) > 3)
            snprintf(msg, sizeof msg, "%s", _("终端编号只能有 3 位，如 K01"));
        yj_err(_("终端编号 %s 不对：%s"), v->terminal_id, msg);
        return 1;
    }
    snprintf(v->terminal_id, sizeof v->terminal_id, "%s", tid);
    if (g->printer != NULL) {
        struct yj_print_queue *q = NULL;
        char qerr[256];
        int nq = yj_print_queues(&q, qerr, sizeof qerr);
        enum yj_su_check c = yj_setup_check_printer(g->printer, q, nq, msg, sizeof msg);
        free(q);
        if (c != YJ_SU_OK) {
            yj_err("%s", msg);
            return 1;
        }
    }
    if (v->upstream_known && yj_setup_check_upstream(v->upstream, msg, sizeof msg) != YJ_SU_OK) {
        yj_err("%s", msg);
        return 1;
    }
    struct yj_setup_result r;
    if (yj_setup_apply(path, v, &r, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        return 1;
    }
    print_result(path, v, &r);
    return 0;
}

/* Copy an option into a field, refusing one too long for it. */
static bool
put(char *dst, size_t dstsz, const char *opt, const char *val)
{
    if (strlen(val) >= dstsz) {
        yj_err(_("%s 的值太长"), opt);
        return false;
    }
    snprintf(dst, dstsz, "%s", val);
    return true;
}

int
cmd_setup(int argc, char **argv)
{
    static const struct option lo[] = {{"centre-code", required_argument, NULL, 'c'},
                                       {"centre-name", required_argument, NULL, 'n'},
                                       {"terminal-id", required_argument, NULL, 't'},
                                       {"printer", required_argument, NULL, 'p'},
                                       {"no-printer", no_argument, NULL, 'P'},
                                       {"upstream", required_argument, NULL, 'u'},
                                       {"yes", no_argument, NULL, 'y'},
                                       {"config", required_argument, NULL, 'C'},
                                       {"db", required_argument, NULL, 'D'},
                                       {"forms", required_argument, NULL, 'F'},
                                       {"help", no_argument, NULL, 'h'},
                                       {"admin", required_argument, NULL, 'a'},
                                       {"admin-name", required_argument, NULL, 'A'},
                                       {NULL, 0, NULL, 0}};
    struct given g = {0};
    const char *admin = NULL, *admin_name = NULL;
    const char *path = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (opt) {
        case 'c':
            g.code = optarg;
            break;
        case 'n':
            g.name = optarg;
            break;
        case 't':
            g.terminal = optarg;
            break;
        case 'p':
            g.printer = optarg;
            break;
        case 'P':
            g.no_printer = true;
            break;
        case 'u':
            g.upstream = optarg;
            break;
        case 'y':
            g.yes = true;
            break;
        case 'C':
            path = optarg;
            break;
        case 'a':
            admin = optarg;
            break;
        case 'A':
            admin_name = optarg;
            break;
        case 'h':
            return yj_cli_usage(setup_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(setup_usage, true);
        }
    }
    if (optind < argc) {
        yj_err("unexpected argument '%s'", argv[optind]);
        return yj_cli_usage(setup_usage, true);
    }
    if (g.printer != NULL && g.no_printer) {
        yj_err("--printer and --no-printer exclude each other");
        return yj_cli_usage(setup_usage, true);
    }
    if (path == NULL)
        path = getenv("YIJIAN_CONFIG");
    if (path == NULL || *path == '\0')
        path = "/etc/yijian/yijian.conf";
    /* The file to write is the configuration from now on (keys.dir, db...). */
    char msg[1024];
    bool existed = false;
    struct yj_conffile *cf = yj_conffile_read(path, &existed, msg, sizeof msg);
    if (cf == NULL) {
        yj_err("%s", msg);
        return 1;
    }
    if (existed && yj_config_load(path) != 0) {
        yj_conffile_free(&cf);
        return 1;
    }
    struct yj_setup_values v;
    yj_setup_prefill(&v, cf);
    yj_conffile_free(&cf);
    if ((g.code && !put(v.centre_code, sizeof v.centre_code, "--centre-code", g.code)) ||
        (g.name && !put(v.centre_name, sizeof v.centre_name, "--centre-name", g.name)) ||
        (g.terminal && !put(v.terminal_id, sizeof v.terminal_id, "--terminal-id", g.terminal)) ||
        (g.printer && !put(v.printer, sizeof v.printer, "--printer", g.printer)) ||
        (g.upstream && !put(v.upstream, sizeof v.upstream, "--upstream", g.upstream)))
        return 1;
    if (g.printer || g.no_printer) {
        v.printer_known = true;
        if (g.no_printer)
            v.printer[0] = '\0';
    }
    if (g.upstream)
        v.upstream_known = true;
    if (g.yes) {
        int rc = noninteractive(path, &v, &g);
        return rc == 0 && admin ? yj_cli_first_admin(admin, admin_name, true) : rc;
    }
    struct yj_setup_result r;
    if (yj_setup_run(path, &v, &r) != 0) {
        fprintf(stderr, "%s\n", _("设置未完成，没有写入任何内容。"));
        return 1;
    }
    print_result(path, &v, &r);
    return admin ? yj_cli_first_admin(admin, admin_name, false) : 0;
}
