/* multi.c: the multi-select field type (see multi.h). */
#include "core/multi.h"

#include <jansson.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/util.h"
#include "core/validate_int.h"

bool
yj_multi_parse(const char *v, char ***codes, size_t *n)
{
    *codes = NULL;
    *n = 0;
    if (v == NULL || *v == '\0')
        return true;
    json_t *j = json_loads(v, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_array(j)) {
        json_decref(j);
        return false;
    }
    size_t len = json_array_size(j);
    char **out = xcalloc(len ? len : 1, sizeof *out);
    for (size_t i = 0; i < len; i++) {
        json_t *e = json_array_get(j, i);
        if (!json_is_string(e)) {
            yj_multi_free(out, i);
            json_decref(j);
            return false;
        }
        out[i] = xstrdup(json_string_value(e));
    }
    json_decref(j);
    *codes = out;
    *n = len;
    return true;
}

void
yj_multi_free(char **codes, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

enum yj_vstatus
yj_validate_multi(const char *v, const struct yj_vopts *o, struct yj_vresult *r)
{
    char **c;
    size_t n;
    yj_vres_init(r, v);
    if (!yj_multi_parse(v, &c, &n))
        return yj_vres_err(r, _("多选项的内容不对，请重新勾选"));
    enum yj_vstatus st = YJ_V_OK;
    for (size_t i = 0; i < n && st == YJ_V_OK; i++) {
        bool known = false;
        for (size_t k = 0; o->choices && o->choices[k]; k++)
            known = known || strcmp(c[i], o->choices[k]) == 0;
        if (!known)
            st = yj_vres_set(r, YJ_V_ERR, _("“%s”不是这一项的选项，请重新勾选"), c[i]);
        for (size_t k = 0; k < i && st == YJ_V_OK; k++)
            if (strcmp(c[i], c[k]) == 0)
                st = yj_vres_set(r, YJ_V_ERR, _("“%s”勾选了两次，请重新勾选"), c[i]);
    }
    if (st == YJ_V_OK && o->has_min && (double)n < o->min)
        st = yj_vres_set(r, YJ_V_ERR, _("请至少勾选 %d 项"), (int)o->min);
    if (st == YJ_V_OK && o->has_max && (double)n > o->max)
        st = yj_vres_set(r, YJ_V_ERR, _("最多只能勾选 %d 项"), (int)o->max);
    yj_multi_free(c, n);
    return st;
}

void
yj_multi_display(const struct yj_field *f, const char *v, char *out, size_t outsz)
{
    char **c;
    size_t n;
    if (!yj_multi_parse(v, &c, &n)) {
        snprintf(out, outsz, "%s", v);
        return;
    }
    struct yj_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const char *l = c[i];
        for (size_t k = 0; k < f->nchoices; k++)
            if (strcmp(f->choices[k].value, c[i]) == 0 && *yj_text(&f->choices[k].label))
                l = yj_text(&f->choices[k].label);
        yj_buf_printf(&b, "%s%s", i ? "、" : "", l);
    }
    snprintf(out, outsz, "%s", b.data ? b.data : "");
    yj_buf_free(&b);
    yj_multi_free(c, n);
}

void
yj_multi_format(const char *const *codes, size_t n, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    out[0] = '\0';
    if (n == 0)
        return;
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(codes[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    snprintf(out, outsz, "%s", s ? s : "");
    free(s);
    json_decref(a);
}

const char *
yj_multi_sample(const struct yj_field *f)
{
    static char buf[256];
    if (f->nchoices == 0)
        return "[]";
    const char *first = f->choices[0].value;
    yj_multi_format(&first, 1, buf, sizeof buf);
    return buf[0] ? buf : "[]";
}

int
yj_expr_has(struct lua_State *L)
{
    const char *v = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1) : NULL;
    const char *code = luaL_checkstring(L, 2);
    char **c;
    size_t n;
    bool found = false;
    if (yj_multi_parse(v, &c, &n)) {
        for (size_t i = 0; i < n; i++)
            found = found || strcmp(c[i], code) == 0;
        yj_multi_free(c, n);
    }
    lua_pushboolean(L, found);
    return 1;
}
