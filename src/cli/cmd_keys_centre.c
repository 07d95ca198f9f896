/* cmd_keys_centre.c: `yijian keys centre-init | centre-show` — the centre's key
 * pairs that the receipt QR's case copy is sealed to (print/centre.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "print/centre.h"
#include "print/qrpayload.h"

int
yj_cli_keys_centre(const char *verb, const char *label, bool force)
{
    const char *dir = yj_keys_dir();
    char msg[1024];
    if (strcmp(verb, "init") == 0) {
        char deflabel[80];
        if (label == NULL) {
            const char *centre, *terminal;
            if (yj_terminal_identity(&centre, &terminal, msg, sizeof msg) != 0) {
                yj_err("%s", msg);
                return 1;
            }
            char today[11];
            yj_today(today);
            snprintf(deflabel, sizeof deflabel, "%s-%.4s%.2s%.2s", centre, today, today + 5,
                     today + 8);
            label = deflabel;
        }
        char *line = NULL;
        if (yj_centre_init(dir, label, force, &line, msg, sizeof msg) != 0) {
            yj_err("%s", msg);
            return 1;
        }
        fprintf(
            stderr,
            _("已生成中心密钥：%s/centre-%s.key（私钥，复制到本中心每台窗口终端的密钥目录）"
              "和 "
              "centre-%s.pub。\n请把下面一行放在各自助终端中心公钥文件（keys.centre）的第一行：\n"),
            dir, label, label);
        printf("%s\n", line);
        free(line);
        return 0;
    }
    if (strcmp(verb, "show") != 0) {
        yj_err(_("未知的子命令：keys centre-%s（可用 centre-init 或 centre-show）"), verb);
        return 2;
    }
    struct yj_centre_key *v = NULL;
    size_t n = 0;
    if (yj_centre_keys_load(dir, &v, &n, msg, sizeof msg) != 0) {
        yj_err("%s", msg);
        return 1;
    }
    if (n == 0) {
        yj_err(_("本机没有中心密钥（%s/centre-*.key），请在一台窗口终端上运行 yijian keys "
                 "centre-init"),
               dir);
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        char *line = yj_centre_public_line(&v[i]);
        printf("%s\n", line);
        free(line);
    }
    yj_centre_keys_free(v, n);
    return 0;
}
