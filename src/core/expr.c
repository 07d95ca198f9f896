/* expr.c: sandboxed Lua 5.4 expressions for conditions, derived values and rules. */
#include "core/expr.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/multi.h"
#include "core/retire.h"
#include "core/util.h"
#include "core/utf8.h"
#include "core/region.h"
#include "core/validate.h"

struct yj_expr_env {
    lua_State *L;
    size_t mem, mem_cap;
    char **fields; /* declared field ids, for the static name check */
    size_t nfields;
    char **groups; /* their first parts */
    size_t ngroups;
    int env_ref;      /* the environment table of the current binding */
    bool bind_failed; /* the last binding ran out of memory */
};

/* Names an expression may use besides field groups. */
static const char *const helpers[] = {
    "filled", "yes",          "today",           "age",           "days",      "len",      "num",
    "chosen", "idcard_birth", "idcard_gender",   "idcard_region", "add_years", "add_days", "string",
    "math",   "tostring",     "tonumber",        "type",          "utf8",      "select",   "ipairs",
    "pairs",  "next",         "retirement_date", "has",           NULL};

static const char *const keywords[] = {"and",    "or",     "not",   "nil",    "true", "false",
                                       "if",     "then",   "else",  "elseif", "end",  "function",
                                       "local",  "return", "for",   "while",  "do",   "in",
                                       "repeat", "until",  "break", "goto",   NULL};

static void *
sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct yj_expr_env *e = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        e->mem -= old;
        free(ptr);
        return NULL;
    }
    if (nsize > old && e->mem + (nsize - old) > e->mem_cap)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p == NULL)
        return NULL;
    e->mem = e->mem - old + nsize;
    return p;
}

static void
step_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    luaL_error(L, "expression ran too long (more than %d steps)", YJ_EXPR_MAX_STEPS);
}

/* ---- helpers visible to expressions ----------------------------------- */

static const char *
opt_str(lua_State *L, int i)
{
    return lua_type(L, i) == LUA_TSTRING ? lua_tostring(L, i) : NULL;
}

static int
h_filled(lua_State *L)
{
    const char *s = opt_str(L, 1);
    lua_pushboolean(L, (s != NULL && *s) || lua_type(L, 1) == LUA_TNUMBER);
    return 1;
}

static int
h_yes(lua_State *L)
{
    const char *s = opt_str(L, 1);
    lua_pushboolean(L, s != NULL && strcmp(s, "yes") == 0);
    return 1;
}

static int
h_today(lua_State *L)
{
    char d[11];
    yj_today(d);
    lua_pushstring(L, d);
    return 1;
}

static int
h_age(lua_State *L)
{
    const char *a = opt_str(L, 1), *b = opt_str(L, 2);
    char t[11];
    if (b == NULL) {
        yj_today(t);
        b = t;
    }
    if (a == NULL || !yj_date_valid(a) || !yj_date_valid(b)) {
        lua_pushnil(L);
        return 1;
    }
    int ya = atoi(a), yb = atoi(b);
    int age = yb - ya;
    if (strcmp(b + 5, a + 5) < 0)
        age--;
    lua_pushinteger(L, age);
    return 1;
}

static int
h_days(lua_State *L)
{
    const char *a = opt_str(L, 1), *b = opt_str(L, 2);
    if (a == NULL || b == NULL || !yj_date_valid(a) || !yj_date_valid(b)) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushinteger(L, yj_date_diff_days(a, b));
    return 1;
}

static int
h_len(lua_State *L)
{
    const char *s = opt_str(L, 1);
    lua_pushinteger(L, s ? (lua_Integer)yj_utf8_len(s) : 0);
    return 1;
}

static int
h_num(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TNUMBER) {
        lua_pushvalue(L, 1);
        return 1;
    }
    const char *s = opt_str(L, 1);
    char *end;
    double d = s ? strtod(s, &end) : 0;
    if (s == NULL || end == s || *end != '\0')
        lua_pushnil(L);
    else
        lua_pushnumber(L, d);
    return 1;
}

static int
h_chosen(lua_State *L)
{
    const char *id = luaL_checkstring(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "yj_chosen");
    int found = 0;
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, id);
        found = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_pushboolean(L, found);
    return 1;
}

/* What h_idcard gives: the birth date, the gender or the region in force. */
enum idcard_part { ID_BIRTH, ID_GENDER, ID_REGION };

static int
h_idcard(lua_State *L, enum idcard_part want)
{
    const char *s = opt_str(L, 1);
    struct yj_vresult *r = lua_newuserdatauv(L, sizeof *r, 0);
    if (s == NULL ||
        yj_validate_idcard(s, &(struct yj_vopts){.allow_legacy15 = true}, r) == YJ_V_ERR) {
        lua_pushnil(L);
        return 1;
    }
    const char *v = want == ID_BIRTH ? r->birth : want == ID_GENDER ? r->gender : r->region;
    if (want == ID_REGION) {
        /* Only a county-level code (or a leaf such as 441900 东莞市) in force:
         * an abolished code or a permit prefix is no address to offer. */
        const struct yj_region *reg = yj_region_get(v);
        const struct yj_region *kids[1];
        if (reg == NULL || !reg->current || yj_region_level(v) == 1 ||
            yj_region_children(v, kids, 1) > 0)
            v = "";
    }
    if (*v)
        lua_pushstring(L, v);
    else
        lua_pushnil(L);
    return 1;
}

static int
h_idcard_birth(lua_State *L)
{
    return h_idcard(L, ID_BIRTH);
}

static int
h_idcard_gender(lua_State *L)
{
    return h_idcard(L, ID_GENDER);
}

static int
h_idcard_region(lua_State *L)
{
    return h_idcard(L, ID_REGION);
}

static int
h_add(lua_State *L, int years_unit)
{
    const char *d = opt_str(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    if (d == NULL || !yj_date_valid(d) || n > 100000 || n < -100000) {
        lua_pushnil(L);
        return 1;
    }
    char out[11];
    if (years_unit)
        yj_date_add(d, (int)n, 0, 0, out);
    else
        yj_date_add(d, 0, 0, (int)n, out);
    lua_pushstring(L, out);
    return 1;
}

static int
h_add_years(lua_State *L)
{
    return h_add(L, 1);
}

static int
h_add_days(lua_State *L)
{
    return h_add(L, 0);
}

static int
h_retirement_date(lua_State *L)
{
    const char *birth = opt_str(L, 1);
    int kind = yj_retire_kind_parse(opt_str(L, 2));
    char out[11];
    if (kind < 0 || yj_retirement_date(birth, (enum yj_retire_kind)kind, out, NULL) != 0)
        lua_pushnil(L);
    else
        lua_pushstring(L, out);
    return 1;
}

static int
h_unknown(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    return luaL_error(L, "unknown name '%s'", k ? k : "?");
}

/* ---- bounded pattern functions ----------------------------------------
 * Lua's matcher backtracks: a pattern with q repetitions (* + - ?, %b) on a
 * subject of n bytes can take about (n+1)^(q+1) steps, inside C where the
 * instruction limit never fires. find/match/gmatch/gsub are wrapped: the
 * pattern has at most YJ_PATTERN_MAX_LEN bytes and YJ_PATTERN_MAX_REP
 * repetitions, and (n+1)^(q+1) (one power less when anchored with ^) stays
 * under YJ_PATTERN_MAX_COST; otherwise the call fails with a message. */

int
yj_pattern_reps(const char *p, size_t lp, bool *anchored)
{
    int q = 0;
    size_t i = 0;
    if (anchored)
        *anchored = lp > 0 && p[0] == '^';
    if (lp > 0 && p[0] == '^')
        i = 1;
    while (i < lp) {
        bool single = true;
        if (p[i] == '%' && i + 1 < lp) {
            if (p[i + 1] == 'b') {
                q++; /* a balanced match scans like a repetition */
                i += 4;
                continue;
            }
            if (p[i + 1] == 'f') {
                i += 2; /* the set follows as a class */
                single = false;
                continue;
            }
            i += 2;
        } else if (p[i] == '[') {
            i++;
            if (i < lp && p[i] == '^')
                i++;
            if (i < lp && p[i] == ']')
                i++;
            while (i < lp && p[i] != ']')
                i += p[i] == '%' && i + 1 < lp ? 2 : 1;
            i++;
        } else if (p[i] == '(' || p[i] == ')' || (p[i] == '$' && i + 1 == lp)) {
            i++;
            single = false;
        } else {
            i++;
        }
        if (single && i < lp && (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?')) {
            q++;
            i++;
        }
    }
    return q;
}

bool
yj_pattern_ok(size_t subject_len, const char *p, size_t lp)
{
    bool anchored;
    if (lp > YJ_PATTERN_MAX_LEN)
        return false;
    int q = yj_pattern_reps(p, lp, &anchored);
    if (q > YJ_PATTERN_MAX_REP)
        return false;
    double cost = 1, base = (double)subject_len + 1;
    for (int k = 0; k < q + (anchored ? 0 : 1); k++)
        cost *= base;
    return cost <= YJ_PATTERN_MAX_COST;
}

/* find/match/gmatch/gsub with the bound above; the original is upvalue 1,
 * upvalue 2 is true for find (whose 4th argument asks for a plain search). */
static int
h_pattern(lua_State *L)
{
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    bool plain = lua_toboolean(L, lua_upvalueindex(2)) && lua_toboolean(L, 4);
    if (!plain && !yj_pattern_ok(ls, p, lp))
        return luaL_error(L,
                          "pattern too complex for a value of %d bytes (at most %d bytes, "
                          "%d repetitions)",
                          (int)ls, YJ_PATTERN_MAX_LEN, YJ_PATTERN_MAX_REP);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* A copy of the string library for the sandbox: no rep (unbounded output) or
 * dump (bytecode), the pattern functions bounded. Left on the stack. */
static void
sandbox_strlib(lua_State *L)
{
    static const char *const pattern_fns[] = {"find", "match", "gmatch", "gsub", NULL};
    lua_newtable(L);
    int t = lua_gettop(L);
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
        const char *k = lua_tostring(L, -2);
        if (k == NULL || strcmp(k, "rep") == 0 || strcmp(k, "dump") == 0) {
            lua_pop(L, 1);
            continue;
        }
        for (size_t i = 0; pattern_fns[i]; i++)
            if (strcmp(k, pattern_fns[i]) == 0) {
                lua_pushboolean(L, i == 0);
                lua_pushcclosure(L, h_pattern, 2);
                break;
            }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, t);
    }
    lua_pop(L, 1);
}

/* Copy a library table into t without the named members. */
static void
copy_lib(lua_State *L, int t, const char *lib, const char *const *skip)
{
    lua_getglobal(L, lib);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, -3) != 0) {
        const char *k = lua_tostring(L, -2);
        bool drop = false;
        for (size_t i = 0; skip && skip[i]; i++)
            if (k && strcmp(k, skip[i]) == 0)
                drop = true;
        if (drop) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_setfield(L, t, lib);
    lua_pop(L, 1);
}

struct yj_expr_env *
yj_expr_new(void)
{
    struct yj_expr_env *e = xcalloc(1, sizeof *e);
    e->mem_cap = YJ_EXPR_MAX_MEM;
    e->L = lua_newstate(sandbox_alloc, e);
    if (e->L == NULL) {
        free(e);
        return NULL;
    }
    lua_State *L = e->L;
    /* Libraries are opened into this state only to copy safe parts into each
     * environment; compiled chunks never see _G. */
    luaL_requiref(L, "_G", luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 4);
    /* What expressions reach of the string library, by name (string.x) or
     * through a string's metatable (("x"):y): the sandbox copy, twice, so
     * that changing one from an expression cannot change the other. */
    sandbox_strlib(L);
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        sandbox_strlib(L);
        lua_setfield(L, -2, "__index");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_setglobal(L, LUA_STRLIBNAME);
    e->env_ref = LUA_NOREF;
    return e;
}

void
yj_expr_free(struct yj_expr_env **ep)
{
    struct yj_expr_env *e = *ep;
    if (e == NULL)
        return;
    lua_close(e->L);
    for (size_t i = 0; i < e->nfields; i++)
        free(e->fields[i]);
    for (size_t i = 0; i < e->ngroups; i++)
        free(e->groups[i]);
    free(e->fields);
    free(e->groups);
    free(e);
    *ep = NULL;
}

static bool
in_list(char *const *v, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
            return true;
    return false;
}

void
yj_expr_declare(struct yj_expr_env *e, const char *id)
{
    if (in_list(e->fields, e->nfields, id, strlen(id)))
        return;
    e->fields = xreallocarray(e->fields, e->nfields + 1, sizeof *e->fields);
    e->fields[e->nfields++] = xstrdup(id);
    const char *dot = strchr(id, '.');
    size_t glen = dot ? (size_t)(dot - id) : strlen(id);
    if (!in_list(e->groups, e->ngroups, id, glen)) {
        e->groups = xreallocarray(e->groups, e->ngroups + 1, sizeof *e->groups);
        e->groups[e->ngroups++] = xstrndup(id, glen);
    }
}

static bool
in_cstr_list(const char *const *v, const char *s, size_t len)
{
    for (size_t i = 0; v[i]; i++)
        if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
            return true;
    return false;
}

/* Check every free name of src: a field group followed by a declared field,
 * a helper, or a keyword. Strings and comments are skipped. */
static int
check_names(const struct yj_expr_env *e, const char *src, char *err, size_t errsz)
{
    const char *p = src;
    char prev = 0;
    while (*p) {
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (*p && *p != q) {
                if (*p == '\\' && p[1])
                    p++;
                p++;
            }
            if (*p)
                p++;
            prev = 'x';
            continue;
        }
        if (p[0] == '-' && p[1] == '-')
            break; /* a comment runs to the end of a one-line expression */
        if (isalpha((unsigned char)*p) || *p == '_') {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_')
                p++;
            size_t len = (size_t)(p - s);
            if (prev == '.' || prev == ':') {
                prev = 'x';
                continue;
            }
            prev = 'x';
            if (in_cstr_list(keywords, s, len) || in_cstr_list(helpers, s, len))
                continue;
            if (in_list(e->groups, e->ngroups, s, len)) {
                if (*p != '.' || !(isalpha((unsigned char)p[1]) || p[1] == '_')) {
                    snprintf(err, errsz, "'%.*s' is a group of fields; name a field in it",
                             (int)len, s);
                    return -1;
                }
                const char *f = p + 1;
                while (isalnum((unsigned char)*f) || *f == '_')
                    f++;
                if (!in_list(e->fields, e->nfields, s, (size_t)(f - s))) {
                    snprintf(err, errsz, "unknown field '%.*s'", (int)(f - s), s);
                    return -1;
                }
                p = f;
                continue;
            }
            snprintf(err, errsz, "unknown name '%.*s'", (int)len, s);
            return -1;
        }
        if (!isspace((unsigned char)*p))
            prev = *p;
        p++;
    }
    return 0;
}

/* Protected: the reference of the function argument in the registry. */
static int
ref_body(lua_State *L)
{
    lua_pushvalue(L, 1);
    lua_pushinteger(L, luaL_ref(L, LUA_REGISTRYINDEX));
    return 1;
}

/* A string literal used as a pattern must pass yj_pattern_ok for a short
 * subject: forms check refuses what no value could ever run. */
static int
check_patterns(const char *src, char *err, size_t errsz)
{
    if (!strstr(src, "find") && !strstr(src, "match") && !strstr(src, "gsub"))
        return 0;
    for (const char *p = src; *p; p++) {
        if (*p != '"' && *p != '\'')
            continue;
        char q = *p++;
        const char *start = p;
        while (*p && *p != q)
            p += *p == '\\' && p[1] ? 2 : 1;
        size_t len = (size_t)(p - start);
        if (len > YJ_PATTERN_MAX_LEN || yj_pattern_reps(start, len, NULL) > YJ_PATTERN_MAX_REP) {
            snprintf(err, errsz,
                     "string \"%.*s\" is too complex a pattern (at most %d bytes and %d "
                     "repetitions)",
                     (int)(len > 40 ? 40 : len), start, YJ_PATTERN_MAX_LEN, YJ_PATTERN_MAX_REP);
            return -1;
        }
        if (*p == '\0')
            break;
    }
    return 0;
}

int
yj_expr_compile(struct yj_expr_env *e, const char *src, char *err, size_t errsz)
{
    if (src == NULL || *src == '\0') {
        snprintf(err, errsz, "empty expression");
        return 0;
    }
    if (check_names(e, src, err, errsz) != 0 || check_patterns(src, err, errsz) != 0)
        return 0;
    char *code = xasprintf("return (%s)", src);
    int rc = luaL_loadbufferx(e->L, code, strlen(code), "=expr", "t");
    free(code);
    if (rc != LUA_OK) {
        const char *m = lua_tostring(e->L, -1);
        /* "expr:1: msg" -> "msg" */
        const char *c = m ? strstr(m, ":1: ") : NULL;
        snprintf(err, errsz, "%s", c ? c + 4 : (m ? m : "does not compile"));
        lua_pop(e->L, 1);
        return 0;
    }
    /* luaL_ref may grow the registry: inside a protected call, so running
     * out of the memory budget is a message, not an abort. */
    lua_pushcfunction(e->L, ref_body);
    lua_insert(e->L, -2);
    if (lua_pcall(e->L, 1, 1, 0) != LUA_OK) {
        const char *m = lua_tostring(e->L, -1);
        snprintf(err, errsz, "%s", m ? m : "not enough memory");
        lua_pop(e->L, 1);
        return 0;
    }
    int ref = (int)lua_tointeger(e->L, -1);
    lua_pop(e->L, 1);
    return ref;
}

struct bind_args {
    struct yj_expr_env *e;
    const struct yj_answers *a;
    const char *const *chosen;
};

static int bind_body(lua_State *L);

int
yj_expr_bind(struct yj_expr_env *e, const struct yj_answers *a, const char *const *chosen)
{
    lua_State *L = e->L;
    if (e->env_ref != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, e->env_ref);
    e->env_ref = LUA_NOREF;
    e->bind_failed = false;
    struct bind_args args = {e, a, chosen};
    lua_pushcfunction(L, bind_body);
    lua_pushlightuserdata(L, &args);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        /* Out of the memory budget (answers too large): nothing is bound and
         * every evaluation says so. */
        lua_pop(L, 1);
        e->env_ref = LUA_NOREF;
        e->bind_failed = true;
        lua_gc(L, LUA_GCCOLLECT);
        return -1;
    }
    return 0;
}

/* Protected body of yj_expr_bind (argument 1: struct bind_args). */
static int
bind_body(lua_State *L)
{
    const struct bind_args *args = lua_touserdata(L, 1);
    struct yj_expr_env *e = args->e;
    const struct yj_answers *a = args->a;
    const char *const *chosen = args->chosen;
    lua_newtable(L);
    int t = lua_gettop(L);
    static const luaL_Reg fns[] = {{"filled", h_filled},
                                   {"yes", h_yes},
                                   {"today", h_today},
                                   {"age", h_age},
                                   {"days", h_days},
                                   {"len", h_len},
                                   {"num", h_num},
                                   {"chosen", h_chosen},
                                   {"idcard_birth", h_idcard_birth},
                                   {"idcard_gender", h_idcard_gender},
                                   {"idcard_region", h_idcard_region},
                                   {"add_years", h_add_years},
                                   {"add_days", h_add_days},
                                   {"retirement_date", h_retirement_date},
                                   {"has", yj_expr_has},
                                   {NULL, NULL}};
    luaL_setfuncs(L, fns, 0);
    static const char *const base[] = {"tostring", "tonumber", "type", "select",
                                       "ipairs",   "pairs",    "next", NULL};
    for (size_t i = 0; base[i]; i++) {
        lua_getglobal(L, base[i]);
        lua_setfield(L, t, base[i]);
    }
    static const char *const no_string[] = {"dump", "rep", NULL};
    copy_lib(L, t, "string", no_string);
    copy_lib(L, t, "math", (const char *const[]){"random", "randomseed", NULL});
    copy_lib(L, t, "utf8", NULL);
    for (size_t i = 0; i < e->ngroups; i++) {
        lua_newtable(L);
        lua_setfield(L, t, e->groups[i]);
    }
    for (size_t i = 0; a && i < a->n; i++) {
        const char *id = a->v[i].id, *dot = strchr(id, '.');
        if (dot == NULL || a->v[i].value[0] == '\0')
            continue;
        lua_pushlstring(L, id, (size_t)(dot - id));
        lua_rawget(L, t);
        if (!lua_istable(L, -1)) {
            lua_pop(L, 1);
            continue; /* an answer for an undeclared group: not reachable */
        }
        lua_pushstring(L, a->v[i].value);
        lua_setfield(L, -2, dot + 1);
        lua_pop(L, 1);
    }
    lua_newtable(L);
    lua_pushcfunction(L, h_unknown);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, t);
    e->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);

    lua_newtable(L);
    for (size_t i = 0; chosen && chosen[i]; i++) {
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, chosen[i]);
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "yj_chosen");
    return 0;
}

/* Run ref with the bound environment; leaves the result on the stack. */
static int
run(struct yj_expr_env *e, int ref, char *err, size_t errsz)
{
    lua_State *L = e->L;
    if (e->bind_failed) {
        snprintf(err, errsz, "the answers do not fit in the expressions' memory");
        return -1;
    }
    if (ref <= 0 || e->env_ref == LUA_NOREF) {
        snprintf(err, errsz, "expression not compiled or no answers bound");
        return -1;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->env_ref);
    if (lua_setupvalue(L, -2, 1) == NULL)
        lua_pop(L, 1);
    lua_sethook(L, step_hook, LUA_MASKCOUNT, YJ_EXPR_MAX_STEPS);
    int rc = lua_pcall(L, 0, 1, 0);
    lua_sethook(L, NULL, 0, 0);
    if (rc != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        const char *c = m ? strstr(m, ":1: ") : NULL;
        snprintf(err, errsz, "%s", c ? c + 4 : (m ? m : "expression failed"));
        lua_pop(L, 1);
        return -1;
    }
    return 0;
}

int
yj_expr_eval_bool(struct yj_expr_env *e, int ref, bool *out, char *err, size_t errsz)
{
    if (run(e, ref, err, errsz) != 0)
        return -1;
    *out = lua_toboolean(e->L, -1);
    lua_pop(e->L, 1);
    return 0;
}

int
yj_expr_eval_string(struct yj_expr_env *e, int ref, char **out, char *err, size_t errsz)
{
    if (run(e, ref, err, errsz) != 0)
        return -1;
    lua_State *L = e->L;
    *out = NULL;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        if (lua_isinteger(L, -1))
            *out = xasprintf("%lld", (long long)lua_tointeger(L, -1));
        else
            *out = xasprintf("%.2f", lua_tonumber(L, -1));
    } else if (lua_type(L, -1) == LUA_TSTRING) {
        *out = xstrdup(lua_tostring(L, -1));
    } else if (lua_type(L, -1) == LUA_TBOOLEAN) {
        *out = xstrdup(lua_toboolean(L, -1) ? "yes" : "no");
    } else if (!lua_isnil(L, -1)) {
        snprintf(err, errsz, "expression gave a %s, not a value", luaL_typename(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    lua_pop(L, 1);
    return 0;
}
