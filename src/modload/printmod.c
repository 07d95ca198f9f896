/* printmod.c: the program's entry points into the print modules:
 * yijian-print.so (render.c, pdf.c, rfont.c: PDF and raster receipts with
 * FreeType and zlib) and yijian-cups.so (cupsjob.c: CUPS jobs). Each is
 * loaded on its first use and stays loaded, so a kiosk's reprint finds the
 * fonts open and their glyphs cached as the first print left them, and a
 * receipt drawn to a file does not load CUPS' forty libraries. yijian-full
 * and the tests link render.c and cupsjob.c instead. */
#include <dlfcn.h>
#include <stdio.h>

#include "core/i18n.h"
#include "modload/modload.h"
#include "print/cupsjob.h"
#include "print/receipt.h"

static struct {
    void *so;
    int (*pdf)(const struct yj_receipt *, enum yj_paper, struct yj_buf *, double *, char *, size_t);
    int (*raster)(const struct yj_receipt *, enum yj_paper, struct yj_buf *, char *, size_t);
} mod;

static struct {
    void *so;
    int (*cups)(const struct yj_cups_job *, int *, char *, size_t);
} cupsmod;

/* dlopen name and look up n symbols into fns; NULL with msg on failure. */
static void *
open_module(const char *name, const char *const *syms, void **fns, size_t n, char *msg,
            size_t msgsz)
{
    const char *path = yj_libexec_path(name);
    void *so = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    bool all = so != NULL;
    for (size_t i = 0; so != NULL && i < n; i++) {
        fns[i] = dlsym(so, syms[i]);
        all = all && fns[i] != NULL;
    }
    if (!all) {
        const char *why = path ? dlerror() : "not installed";
        fprintf(stderr, "yijian: the print module %s: %s\n", name, why ? why : "incomplete");
        snprintf(msg, msgsz, "%s", _("打印组件无法加载，请联系管理员重新安装 yijian"));
        if (so != NULL)
            dlclose(so);
        return NULL;
    }
    return so;
}

static int
load(char *msg, size_t msgsz)
{
    static const char *const syms[] = {"yj_receipt_pdf", "yj_receipt_escpos_raster"};
    void *fns[2];
    if (mod.so != NULL)
        return 0;
    mod.so = open_module("yijian-print.so", syms, fns, 2, msg, msgsz);
    if (mod.so == NULL)
        return -1;
    *(void **)&mod.pdf = fns[0];
    *(void **)&mod.raster = fns[1];
    return 0;
}

static int
load_cups(char *msg, size_t msgsz)
{
    static const char *const syms[] = {"yj_cups_print"};
    void *fns[1];
    if (cupsmod.so != NULL)
        return 0;
    cupsmod.so = open_module("yijian-cups.so", syms, fns, 1, msg, msgsz);
    if (cupsmod.so == NULL)
        return -1;
    *(void **)&cupsmod.cups = fns[0];
    return 0;
}

int
yj_receipt_pdf(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
               double *height_mm, char *msg, size_t msgsz)
{
    return load(msg, msgsz) != 0 ? -1 : mod.pdf(r, paper, out, height_mm, msg, msgsz);
}

int
yj_receipt_escpos_raster(const struct yj_receipt *r, enum yj_paper paper, struct yj_buf *out,
                         char *msg, size_t msgsz)
{
    return load(msg, msgsz) != 0 ? -1 : mod.raster(r, paper, out, msg, msgsz);
}

int
yj_cups_print(const struct yj_cups_job *j, int *job_id, char *msg, size_t msgsz)
{
    if (job_id != NULL)
        *job_id = 0;
    return load_cups(msg, msgsz) != 0 ? YJ_CUPS_SUBMIT_FAILED : cupsmod.cups(j, job_id, msg, msgsz);
}
