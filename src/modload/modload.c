/* modload.c: finding the print module and yijian-full, and running the latter
 * in place of this process for the commands that need curl or CUPS' queue
 * list (sync, doctor, setup). */
#include "modload/modload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "yj_build.h"

static int
try_path(char *out, size_t outsz, const char *dir, const char *name)
{
    int n = snprintf(out, outsz, "%s/%s", dir, name);
    return n > 0 && (size_t)n < outsz && access(out, F_OK) == 0;
}

const char *
yj_libexec_path(const char *name)
{
    static char path[4096];
    /* Relative to this program first: a build tree keeps them beside it, an
     * installed tree (or a package's staging tree) in ../libexec/yijian. */
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash != NULL) {
            *slash = '\0';
            if (try_path(path, sizeof path, self, name))
                return path;
            char up[4200];
            snprintf(up, sizeof up, "%s/../libexec/yijian", self);
            if (try_path(path, sizeof path, up, name))
                return path;
        }
    }
    return try_path(path, sizeof path, YJ_INSTALL_LIBEXECDIR, name) ? path : NULL;
}

int
yj_run_full(int argc, char **argv)
{
    const char *full = yj_libexec_path("yijian-full");
    if (full == NULL) {
        fprintf(stderr, "yijian: %s: yijian-full is not installed (%s)\n", argv[0],
                YJ_INSTALL_LIBEXECDIR);
        return 1;
    }
    char **av = calloc((size_t)argc + 2, sizeof *av);
    if (av == NULL)
        return 1;
    av[0] = (char *)"yijian";
    for (int i = 0; i < argc; i++)
        av[i + 1] = argv[i];
    fflush(NULL);
    execv(full, av);
    fprintf(stderr, "yijian: %s: cannot run %s: %s\n", argv[0], full, strerror(errno));
    free(av);
    return 1;
}
