/* bounds.c: limits on answers and on the files of a form set (bounds.h). */
#include "core/bounds.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/form.h"
#include "core/i18n.h"
#include "core/util.h"

/* The assisted mode's own answers (src/ui/scr_assist.c). */
static const char *const auth_keys[] = {"auth.agent_name", "auth.agent_id_number",
                                        "auth.relationship", "auth.grounds", NULL};

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is key declared, looked up in the sorted ids? */
static bool
declared(const char *const *ids, size_t n, const char *key)
{
    const char *k = key;
    if (strncmp(k, "_confirm.", 9) == 0)
        k += 9;
    if (bsearch(&k, ids, n, sizeof *ids, cmp_str) != NULL)
        return true;
    for (size_t i = 0; k == key && auth_keys[i]; i++)
        if (strcmp(key, auth_keys[i]) == 0)
            return true;
    return false;
}

int
yj_answers_bounds(const struct yj_formset *set, const struct yj_answers *a, char *msg, size_t msgsz)
{
    if (a->n > YJ_ANSWERS_MAX_KEYS) {
        snprintf(msg, msgsz, _("答案太多（%zu 项，上限 %d 项）。"), a->n, YJ_ANSWERS_MAX_KEYS);
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < a->n; i++) {
        size_t len = strlen(a->v[i].value);
        if (len > YJ_ANSWER_MAX_BYTES || strlen(a->v[i].id) > 128) {
            snprintf(msg, msgsz, _("“%.64s”的内容太长（%zu 字节，上限 %d 字节）。"), a->v[i].id,
                     len, YJ_ANSWER_MAX_BYTES);
            return -1;
        }
        total += len;
    }
    if (total > YJ_ANSWERS_MAX_BYTES) {
        snprintf(msg, msgsz, _("全部答案太长（%zu 字节，上限 %u 字节）。"), total,
                 YJ_ANSWERS_MAX_BYTES);
        return -1;
    }
    if (set == NULL)
        return 0;
    const char **ids = xcalloc(set->nfields + 1, sizeof *ids);
    for (size_t i = 0; i < set->nfields; i++)
        ids[i] = set->fields[i]->id;
    qsort(ids, set->nfields, sizeof *ids, cmp_str);
    struct yj_buf names = {0};
    size_t unknown = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (declared(ids, set->nfields, a->v[i].id))
            continue;
        if (unknown < 10) {
            if (unknown > 0)
                yj_buf_add(&names, "、", strlen("、"));
            yj_buf_add(&names, a->v[i].id, strlen(a->v[i].id));
        }
        unknown++;
    }
    free(ids);
    if (unknown > 0) {
        yj_buf_add(&names, "", 1);
        snprintf(msg, msgsz, _("以下答案不属于任何表单：%s%s（共 %zu 项）。"), names.data,
                 unknown > 10 ? "……" : "", unknown);
    }
    yj_buf_free(&names);
    return unknown > 0 ? -1 : 0;
}

char *
yj_read_file_bounded(const char *path, size_t max, size_t *len, char *err, size_t errsz)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP)
            snprintf(err, errsz, "%s: a symbolic link, not read", path);
        else
            snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsz, "%s: not a regular file, not read", path);
        close(fd);
        return NULL;
    }
    if ((unsigned long long)st.st_size > max) {
        snprintf(err, errsz, "%s: too large (%lld bytes, at most %zu)", path, (long long)st.st_size,
                 max);
        close(fd);
        return NULL;
    }
    /* Regular files do not block; the size may still change while read. */
    char *buf = xmalloc(max + 2);
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errsz, "%s: %s", path, strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            snprintf(err, errsz, "%s: too large (more than %zu bytes)", path, max);
            free(buf);
            close(fd);
            return NULL;
        }
    }
    close(fd);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

bool
yj_path_present(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}
