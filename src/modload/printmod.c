/* printmod.c: the program's entry points into the print module
 * (yijian-print.so: render.c and cupsjob.c with cairo, pango and CUPS). The
 * module is loaded on the first receipt drawn and stays loaded, so a kiosk's
 * reprint finds pango's font map and fontconfig's cache as the first print
 * left them. yijian-full and the tests link render.c and cupsjob.c instead. */
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
    int (*cups)(const struct yj_cups_job *, int *, char *, size_t);
} mod;

static int
load(char *msg, size_t msgsz)
{
    if (mod.so != NULL)
        return 0;
    const char *path = yj_libexec_path("yijian-print.so");
    void *so = path ? dlopen(path, RTLD_NOW | RTLD_LOCAL) : NULL;
    if (so != NULL) {
        *(void **)&mod.pdf = dlsym(so, "yj_receipt_pdf");
        *(void **)&mod.raster = dlsym(so, "yj_receipt_escpos_raster");
        *(void **)&mod.cups = dlsym(so, "yj_cups_print");
    }
    if (so == NULL || mod.pdf == NULL || mod.raster == NULL || mod.cups == NULL) {
        const char *why = path ? dlerror() : "yijian-print.so is not installed";
        fprintf(stderr, "yijian: the print module: %s\n", why ? why : "incomplete");
        snprintf(msg, msgsz, "%s", _("打印组件无法加载，请联系管理员重新安装 yijian"));
        if (so != NULL)
            dlclose(so);
        return -1;
    }
    mod.so = so;
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
    return load(msg, msgsz) != 0 ? YJ_CUPS_SUBMIT_FAILED : mod.cups(j, job_id, msg, msgsz);
}

/* LeakSanitizer (ASan builds) reads its suppressions from the program, not
 * from a module: the same as render.c's, for the libraries the module loads
 * (fontconfig's and pango's caches live as long as the process; cairo 1.16
 * leaks its font subsetter's buffers). */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
    return "leak:libcairo.so\n"
           "leak:libfontconfig.so\n"
           "leak:libpango\n";
}
