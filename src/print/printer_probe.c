/* printer_probe.c: read-only checks of the printing set-up for `yijian doctor` — the
 * CUPS queue's state (no job is sent) and the receipt font as pango finds it. */
#include "print/print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cups/cups.h>
#include <pango/pangocairo.h>

#include "core/paths.h"
#include "core/utf8.h"
#include "print/cupsjob.h"

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
    snprintf(f->wanted, sizeof f->wanted, "%s", yj_config_get("print.font", "Noto Sans CJK SC"));
    /* The same font map render.c's layouts use (pango_cairo_create_layout). */
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *ctx = pango_font_map_create_context(fm);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, f->wanted);
    pango_font_description_set_absolute_size(fd, 10 * PANGO_SCALE);
    PangoFont *font = pango_font_map_load_font(fm, ctx, fd);
    int rc = -1;
    if (font != NULL) {
        PangoFontDescription *got = pango_font_describe(font);
        const char *fam = pango_font_description_get_family(got);
        snprintf(f->got, sizeof f->got, "%s", fam ? fam : "");
        f->exact = strcasecmp(f->got, f->wanted) == 0;
        pango_font_description_free(got);
        size_t off = 0, len = strlen(sample);
        uint32_t cp;
        while (off < len) {
            size_t n = yj_utf8_decode(sample + off, len - off, &cp);
            if (n == 0)
                break;
            if (!pango_font_has_char(font, (gunichar)cp))
                f->cjk_missing++;
            off += n;
        }
        g_object_unref(font);
        rc = 0;
    }
    pango_font_description_free(fd);
    g_object_unref(ctx);
    return rc;
}
