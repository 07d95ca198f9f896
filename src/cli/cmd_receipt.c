/* cmd_receipt.c: `yijian receipt`, `yijian print`, `yijian keys`. */
#include <errno.h>
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
#include "print/qrpayload.h"
#include "store/store.h"

static const char receipt_usage[] =
    "usage: yijian receipt CASE_NO [--format pdf|escpos|escpos-text|text]\n"
    "                      [--paper a4|a5|80mm|58mm] [--kind receipt|notice] [--output FILE]\n"
    "\n"
    "Render a stored case's receipt (受理回执) or one-time notification slip\n"
    "(一次性告知单) to a file without printing it.\n"
    "  --format  pdf (default), escpos (1-bit raster, GS v 0), escpos-text (GB18030\n"
    "            text and the printer's QR command), text (plain, QR in half blocks)\n"
    "  --paper   a4 (default for pdf), a5, 80mm (default for ESC/POS), 58mm\n"
    "  --output  FILE, or - for standard output (default)\n"
    "  --qr-info print the QR code's version, size and content kind instead\n"
    "options: --db PATH, --forms DIR, --config FILE, --help\n";

static const char print_usage[] =
    "usage: yijian print CASE_NO [--printer QUEUE] [--kind receipt|notice]\n"
    "\n"
    "Print through CUPS and wait for the job's end. The format, paper and queue come\n"
    "from print.format, print.paper and print.printer (default: the CUPS default\n"
    "printer); --printer overrides the queue. Exit 0 only when CUPS reports the job\n"
    "completed; 1 when the printer is missing, stopped, or the job failed or stalled\n"
    "(the case stays stored: print again once the printer is back).\n"
    "options: --db PATH, --forms DIR, --config FILE, --help\n";

static const char keys_usage[] =
    "usage: yijian keys init [--force]\n"
    "       yijian keys show\n"
    "       yijian keys centre-init [--label LABEL] [--force]\n"
    "       yijian keys centre-show\n"
    "\n"
    "  init  generate this terminal's Ed25519 key pair (terminal_id from the config)\n"
    "        in keys.dir (default: the database's directory + /keys); the private\n"
    "        key file is mode 0600. --force replaces an existing pair.\n"
    "  show  print the line to add to the centre's keys.trusted file on every\n"
    "        counter that imports this terminal's receipts\n"
    "  centre-init  (on a counter) make a centre X25519 key pair LABEL (default\n"
    "        CENTRE-YYYYMMDD) in keys.dir: centre-LABEL.key (mode 0600; copy it to\n"
    "        every counter) and centre-LABEL.pub; prints the line for the kiosks'\n"
    "        keys.centre file (receipt QR codes are sealed to its first line)\n"
    "  centre-show  the public lines of the centre keys this terminal holds\n"
    "options: --db PATH, --config FILE, --help\n";

/* Write data to path ("-" = stdout). */
static int
write_out(const char *path, const char *data, size_t len)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            yj_err("%s", strerror(errno));
            return -1;
        }
        return 0;
    }
    if (yj_write_file_atomic(path, data, len) != 0) {
        yj_err(_("无法写入 %s：%s"), path, strerror(errno));
        return -1;
    }
    return 0;
}

/* `receipt --qr-info`: what the case's QR code comes to. */
static int
print_qr_info(const struct yj_case *c)
{
    bool number_only = false, unsig = false;
    char *text = yj_case_qr_text(c, &number_only, &unsig);
    struct yj_qr q;
    if (yj_qr_encode(text, 40, &q) != 0) {
        yj_err("%s", _("二维码内容过长，无法生成"));
        free(text);
        return -1;
    }
    printf("case %s: QR version %d, %dx%d modules, %zu characters, %s, %s\n", c->case_no, q.version,
           q.width, q.width, strlen(text),
           number_only ? "number only" : "full copy sealed to the centre",
           unsig ? "unsigned" : "signed");
    yj_qr_free(&q);
    free(text);
    return 0;
}

int
cmd_receipt(int argc, char **argv)
{
    static const struct option lo[] = {{"format", required_argument, NULL, 'f'},
                                       {"paper", required_argument, NULL, 'p'},
                                       {"kind", required_argument, NULL, 'k'},
                                       {"output", required_argument, NULL, 'o'},
                                       {"qr-info", no_argument, NULL, 'Q'},
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    const char *format = "pdf", *paper = NULL, *kind = "receipt", *output = "-";
    bool qr_info = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'f':
            format = optarg;
            break;
        case 'p':
            paper = optarg;
            break;
        case 'k':
            kind = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'Q':
            qr_info = true;
            break;
        case 'h':
            return yj_cli_usage(receipt_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(receipt_usage, true);
        }
    }
    if (optind != argc - 1)
        return yj_cli_usage(receipt_usage, true);
    int f = yj_format_parse(format);
    if (f < 0) {
        yj_err(_("未知的格式：%s（可用 pdf、escpos、escpos-text、text）"), format);
        return 2;
    }
    int p = paper ? yj_paper_parse(paper)
                  : (f == YJ_FMT_PDF || f == YJ_FMT_TEXT ? YJ_PAPER_A4 : YJ_PAPER_80MM);
    if (p < 0) {
        yj_err(_("未知的纸张：%s（可用 a4、a5、80mm、58mm）"), paper);
        return 2;
    }
    if ((f == YJ_FMT_ESCPOS || f == YJ_FMT_ESCPOS_TEXT) && !yj_paper_is_roll(p)) {
        yj_err("%s", _("ESC/POS 只支持 58mm 或 80mm 卷纸"));
        return 2;
    }
    if (!yj_cli_kind_ok(kind))
        return 2;
    int rc = 1;
    struct yj_formset *set = yj_cli_forms();
    struct yj_store *s = set ? yj_cli_store() : NULL;
    struct yj_case c;
    memset(&c, 0, sizeof c);
    struct yj_receipt r;
    memset(&r, 0, sizeof r);
    struct yj_buf out = {0};
    char msg[1024];
    if (s == NULL)
        goto done;
    int g = yj_store_case_get(s, argv[optind], &c);
    if (g != 0) {
        yj_err(g == YJ_STORE_NOTFOUND ? _("找不到办件 %s") : "%s",
               g == YJ_STORE_NOTFOUND ? argv[optind] : yj_store_error(s));
        goto done;
    }
    if (qr_info) {
        rc = print_qr_info(&c) == 0 ? 0 : 1;
        goto done;
    }
    if (yj_receipt_for_case(&r, s, &c, set, kind, msg, sizeof msg) != 0 ||
        yj_receipt_render(&r, (enum yj_format)f, (enum yj_paper)p, &out, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        goto done;
    }
    if (write_out(output, out.data, out.len) != 0)
        goto done;
    rc = 0;
done:
    yj_buf_free(&out);
    yj_receipt_free(&r);
    yj_case_free(&c);
    yj_store_close(&s);
    yj_formset_free(&set);
    return rc;
}

int
cmd_print(int argc, char **argv)
{
    static const struct option lo[] = {{"printer", required_argument, NULL, 'P'},
                                       {"kind", required_argument, NULL, 'k'},
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    const char *queue = NULL, *kind = "receipt";
    int opt;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'P':
            queue = optarg;
            break;
        case 'k':
            kind = optarg;
            break;
        case 'h':
            return yj_cli_usage(print_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(print_usage, true);
        }
    }
    if (optind != argc - 1)
        return yj_cli_usage(print_usage, true);
    if (!yj_cli_kind_ok(kind))
        return 2;
    int rc = 1;
    struct yj_formset *set = yj_cli_forms();
    struct yj_store *s = set ? yj_cli_store() : NULL;
    char msg[1024];
    if (s != NULL) {
        if (yj_print_case(s, set, argv[optind], kind, queue, NULL, msg, sizeof msg) == 0) {
            printf(_("已打印：%s\n"), argv[optind]);
            rc = 0;
        } else {
            yj_err("%s", msg);
        }
    }
    yj_store_close(&s);
    yj_formset_free(&set);
    return rc;
}

int
cmd_keys(int argc, char **argv)
{
    static const struct option lo[] = {{"force", no_argument, NULL, 'f'},
                                       {"label", required_argument, NULL, 'l'},
                                       YJ_CLI_COMMON_LONGOPTS,
                                       {NULL, 0, NULL, 0}};
    bool force = false;
    const char *label = NULL;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        switch (opt) {
        case 'f':
            force = true;
            break;
        case 'l':
            label = optarg;
            break;
        case 'h':
            return yj_cli_usage(keys_usage, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(keys_usage, true);
        }
    }
    if (optind != argc - 1)
        return yj_cli_usage(keys_usage, true);
    const char *verb = argv[optind];
    if (strncmp(verb, "centre-", 7) == 0)
        return yj_cli_keys_centre(verb + 7, label, force);
    const char *dir = yj_keys_dir();
    char msg[1024];
    struct yj_keypair kp;
    if (strcmp(verb, "init") == 0) {
        const char *centre, *terminal;
        if (yj_terminal_identity(&centre, &terminal, msg, sizeof msg) != 0 ||
            yj_keys_init(dir, terminal, force, msg, sizeof msg) != 0) {
            yj_err("%s", msg);
            return 1;
        }
    } else if (strcmp(verb, "show") != 0) {
        return yj_cli_usage(keys_usage, true);
    }
    int lr = yj_keys_load(dir, &kp, msg, sizeof msg);
    if (lr != 0) {
        if (lr == 1)
            yj_err(_("本终端还没有签名密钥（%s），请先运行 yijian keys init"), dir);
        else
            yj_err("%s", msg);
        return 1;
    }
    char *line = yj_keys_public_line(&kp);
    memset(&kp, 0, sizeof kp);
    if (strcmp(verb, "init") == 0)
        fprintf(stderr,
                _("已生成密钥：%s/terminal.key（私钥，仅本机）和 terminal.pub。\n"
                  "请把下面一行加入各窗口终端的可信公钥文件（keys.trusted）：\n"),
                dir);
    printf("%s\n", line);
    free(line);
    return 0;
}
