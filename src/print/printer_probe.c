/* printer_probe.c: read-only checks of the printing set-up for `yijian doctor` — the
 * CUPS queue's state (no job is sent) and the receipt fonts as the renderer
 * opens them (rfont.c). */
#include "print/print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cups/cups.h>

#include "core/paths.h"
#include "core/utf8.h"
#include "print/cupsjob.h"
#include "print/rfont.h"

/* Copy option key of dest into out ("" when absent). */
static void
dest_opt(const cups_dest_t *d, const char *key, char *out, size_t outsz)
{
    const char *v = cupsGetOption(key, d->num_options, d->options);
    snprintf(out, outsz, "%s", v ? v : "");
}

int
yj_printer_probe(const char *queue, struct yj_printer_probe *p)
{
    memset(p, 0, sizeof *p);
    if (queue == NULL || *queue == '\0')
        queue = yj_config_get("print.printer", NULL);
    if (queue != NULL && *queue == '\0')
        queue = NULL;
    snprintf(p->server, sizeof p->server, "%s", cupsServer());
    if (!yj_cups_server_up())
        return YJ_PROBE_PRINTER_NO_SERVER;
    if (queue)
        snprintf(p->name, sizeof p->name, "%s", queue);
    p->is_default = queue == NULL;
    cups_dest_t *d = cupsGetNamedDest(CUPS_HTTP_DEFAULT, queue, NULL);
    if (d == NULL)
        return queue ? YJ_PROBE_PRINTER_NO_QUEUE : YJ_PROBE_PRINTER_NO_DEFAULT;
    snprintf(p->name, sizeof p->name, "%s", d->name);
    char v[64];
    dest_opt(d, "printer-state", v, sizeof v);
    p->state = atoi(v);
    dest_opt(d, "printer-is-accepting-jobs", v, sizeof v);
    p->accepting = !(strcmp(v, "false") == 0 || strcmp(v, "0") == 0);
    dest_opt(d, "printer-state-reasons", p->reasons, sizeof p->reasons);
    if (p->reasons[0] == '\0')
        snprintf(p->reasons, sizeof p->reasons, "none");
    dest_opt(d, "printer-state-message", p->message, sizeof p->message);
    dest_opt(d, "device-uri", p->device_uri, sizeof p->device_uri);
    cupsFreeDests(1, d);
    return YJ_PROBE_PRINTER_OK;
}

int
yj_font_probe(struct yj_font_probe *f)
{
    static const char sample[] = "一件事办理申请表回执";
    memset(f, 0, sizeof *f);
    const char *reg = yj_config_get("print.font", NULL);
    snprintf(f->wanted, sizeof f->wanted, "%s", reg ? reg : YJ_RFONT_DEFAULT_REGULAR);
    /* What the renderer does: the configured fonts, else the default ones. */
    char msg[256];
    struct yj_rfont *font = yj_rfont_get(msg, sizeof msg);
    if (font == NULL)
        return -1;
    snprintf(f->got, sizeof f->got, "%s", yj_rfont_family(font, 0));
    f->exact = yj_rfont_is_configured(font);
    size_t off = 0, len = strlen(sample);
    uint32_t cp;
    while (off < len) {
        size_t n = yj_utf8_decode(sample + off, len - off, &cp);
        if (n == 0)
            break;
        struct yj_rglyph g;
        yj_rfont_glyph(font, false, cp, &g);
        if (g.missing)
            f->cjk_missing++;
        off += n;
    }
    return 0;
}
