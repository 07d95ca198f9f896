/* fuzz_forms.c: libFuzzer target for the form loader (JSON, references,
 * expressions, cycles, positions of problems).
 *
 * The input is split at NUL bytes into departments.json, fields.json, one item
 * and one thing, written into a private directory and loaded as a form set. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/form.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void
put(const char *name, const uint8_t *p, size_t n)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(p, 1, n, f);
        fclose(f);
    }
    free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/yj-fuzz-forms-%ld", (long)getpid());
        mkdir(dir, 0700);
        char *sub = xasprintf("%s/items", dir);
        mkdir(sub, 0700);
        free(sub);
        sub = xasprintf("%s/things", dir);
        mkdir(sub, 0700);
        free(sub);
    }
    static const char *const names[] = {"departments.json", "fields.json", "items/a.json",
                                        "things/t.json"};
    size_t start = 0;
    for (size_t part = 0; part < 4; part++) {
        size_t end = start;
        while (end < size && data[end] != 0)
            end++;
        put(names[part], data + (start < size ? start : size), start < size ? end - start : 0);
        start = end + 1;
    }
    struct yj_formset *set = yj_formset_load(dir);
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        yj_formset_print_problems(set, null);
        fclose(null);
    }
    yj_formset_free(&set);
    return 0;
}
