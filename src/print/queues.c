/* queues.c: the CUPS queues this terminal can print on, for `yijian setup`. */
#include <cups/cups.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "print/print.h"

int
yj_print_queues(struct yj_print_queue **out, char *msg, size_t msgsz)
{
    cups_dest_t *dests = NULL;
    *out = NULL;
    int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
    if (n <= 0) {
        cupsFreeDests(n, dests);
        if (cupsLastError() > IPP_STATUS_OK_CONFLICTING) {
            snprintf(msg, msgsz, _("无法列出打印机：打印服务未运行或无法连接（%s）"),
                     cupsLastErrorString());
            return -1;
        }
        return 0;
    }
    struct yj_print_queue *q = xcalloc((size_t)n, sizeof *q);
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (dests[i].instance != NULL) /* lpoptions instances print on the same queue */
            continue;
        const char *info = cupsGetOption("printer-info", dests[i].num_options, dests[i].options);
        snprintf(q[k].name, sizeof q[k].name, "%s", dests[i].name);
        snprintf(q[k].info, sizeof q[k].info, "%s", info ? info : "");
        q[k].is_default = dests[i].is_default != 0;
        k++;
    }
    cupsFreeDests(n, dests);
    *out = q;
    return k;
}
