/* ime.c: pinyin input over librime, opened with dlopen (see ime.h). */
#include "ui/ime.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

#ifdef YJ_HAVE_RIME
#include <rime_api.h>

/* Debian's rime-data-luna-pinyin, with its prebuilt dictionaries. */
#define SHARED_DATA "/usr/share/rime-data"

struct yj_ime {
    RimeApi *api;
    RimeSessionId session;
    bool trad;
};

static RimeApi *api_loaded;
static bool set_up;
static bool engine_open; /* librime holds one engine per process */

/* librime from the system, once. */
static RimeApi *
load_api(char *err, size_t errsz)
{
    if (api_loaded != NULL)
        return api_loaded;
    /* YJ_RIME_LIB: tests only, to run as on a machine without librime. */
    const char *lib = getenv("YJ_RIME_LIB") ? getenv("YJ_RIME_LIB") : "librime.so.1";
    void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        snprintf(err, errsz, "%s", dlerror());
        return NULL;
    }
    RimeApi *(*get)(void) = NULL;
    *(void **)&get = dlsym(h, "rime_get_api");
    if (get == NULL || (api_loaded = get()) == NULL) {
        snprintf(err, errsz, "librime.so.1: no rime_get_api");
        return NULL;
    }
    return api_loaded;
}

/* The compiled schema from Debian's build directory with its translator's
 * user dictionary switched off, where librime looks first (user_dir/build):
 * no word typed is learnt, in memory or on disk. */
static int
write_nolearn_schema(const char *user_dir, const char *schema, char *err, size_t errsz)
{
    char src[512], dst[4096];
    snprintf(src, sizeof src, "%s/build/%s.schema.yaml", SHARED_DATA, schema);
    snprintf(dst, sizeof dst, "%s/build", user_dir);
    if (mkdir(dst, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsz, "%s: %s", dst, strerror(errno));
        return -1;
    }
    snprintf(dst, sizeof dst, "%s/build/%s.schema.yaml", user_dir, schema);
    char *text = yj_read_file(src, NULL);
    char *at = text ? strstr(text, "\ntranslator:\n") : NULL;
    if (at == NULL) {
        snprintf(err, errsz, "%s: %s", src, text ? "no translator" : strerror(errno));
        free(text);
        return -1;
    }
    at += strlen("\ntranslator:\n");
    FILE *f = fopen(dst, "w");
    int rc = -1;
    if (f != NULL) {
        fwrite(text, 1, (size_t)(at - text), f);
        fputs("  enable_user_dict: false\n", f);
        fputs(at, f);
        rc = fclose(f) == 0 ? 0 : -1;
    }
    if (rc != 0)
        snprintf(err, errsz, "%s: %s", dst, strerror(errno));
    free(text);
    return rc;
}

static const char *
schema_of(bool trad)
{
    return trad ? "luna_pinyin_tw" : "luna_pinyin_simp";
}

struct yj_ime *
yj_ime_open(const char *user_dir, bool trad, bool learn, char *err, size_t errsz)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/build/luna_pinyin.prism.bin", SHARED_DATA);
    if (engine_open) {
        snprintf(err, errsz, "the pinyin engine is already open");
        return NULL;
    }
    RimeApi *api = load_api(err, errsz);
    if (api == NULL)
        return NULL;
    if (access(path, R_OK) != 0) {
        snprintf(err, errsz, "%s: %s (rime-data-luna-pinyin)", path, strerror(errno));
        return NULL;
    }
    if (mkdir(user_dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsz, "%s: %s", user_dir, strerror(errno));
        return NULL;
    }
    if (!learn && (write_nolearn_schema(user_dir, "luna_pinyin_simp", err, errsz) != 0 ||
                   write_nolearn_schema(user_dir, "luna_pinyin_tw", err, errsz) != 0))
        return NULL;
    RIME_STRUCT(RimeTraits, traits);
    traits.shared_data_dir = SHARED_DATA;
    traits.user_data_dir = user_dir;
    traits.distribution_name = "yijian";
    traits.distribution_code_name = "yijian";
    traits.distribution_version = "1";
    traits.app_name = "rime.yijian";
    traits.min_log_level = getenv("YJ_IME_LOG") ? 0 : 3; /* FATAL only: glog off the screen */
    traits.log_dir = "";                                 /* no log files */
    if (!set_up) {
        api->setup(&traits);
        set_up = true;
    }
    api->initialize(&traits);
    /* The schemas with their patch into user_dir/build: Debian ships no
     * default.yaml naming them, so maintenance alone deploys nothing. */
    struct yj_ime *ime = xcalloc(1, sizeof *ime);
    ime->api = api;
    ime->trad = trad;
    ime->session = api->create_session();
    if (ime->session == 0 || !api->select_schema(ime->session, schema_of(trad))) {
        snprintf(err, errsz, "librime: cannot start the schema %s", schema_of(trad));
        if (ime->session)
            api->destroy_session(ime->session);
        api->finalize();
        free(ime);
        return NULL;
    }
    engine_open = true;
    return ime;
}

void
yj_ime_close(struct yj_ime **pime)
{
    struct yj_ime *ime = *pime;
    if (ime == NULL)
        return;
    ime->api->destroy_session(ime->session);
    ime->api->finalize();
    engine_open = false;
    free(ime);
    *pime = NULL;
}

void
yj_ime_set_trad(struct yj_ime *ime, bool trad)
{
    if (ime == NULL || ime->trad == trad)
        return;
    ime->api->clear_composition(ime->session);
    if (ime->api->select_schema(ime->session, schema_of(trad)))
        ime->trad = trad;
}

/* Text the engine committed, if any. */
static void
take_commit(struct yj_ime *ime, char *commit, size_t commitsz)
{
    RIME_STRUCT(RimeCommit, c);
    if (commitsz > 0)
        commit[0] = '\0';
    if (ime->api->get_commit(ime->session, &c)) {
        if (c.text != NULL)
            snprintf(commit, commitsz, "%s", c.text);
        ime->api->free_commit(&c);
    }
}

bool
yj_ime_composing(struct yj_ime *ime)
{
    if (ime == NULL)
        return false;
    const char *in = ime->api->get_input(ime->session);
    return in != NULL && in[0] != '\0';
}

bool
yj_ime_key(struct yj_ime *ime, int key, char *commit, size_t commitsz)
{
    if (commitsz > 0)
        commit[0] = '\0';
    if (ime == NULL)
        return false;
    bool composing = yj_ime_composing(ime);
    int code;
    if (key >= 0x10000) {
        if (!composing)
            return false; /* Backspace, Esc, Enter edit the field itself */
        code = 0xff00 | (key & 0xff);
    } else if ((key >= 'a' && key <= 'z') || (composing && key == '\'')) {
        code = key;
    } else if (composing && key == ' ') {
        code = ' ';
    } else if (composing && key >= '1' && key <= '9') {
        code = key;
    } else if (composing && (key == '-' || key == '=')) {
        code = key == '-' ? 0xff55 : 0xff56; /* Page_Up, Page_Down */
    } else {
        return false;
    }
    if (!ime->api->process_key(ime->session, code, 0))
        return composing; /* a key of a composition that does nothing */
    take_commit(ime, commit, commitsz);
    return true;
}

bool
yj_ime_pick(struct yj_ime *ime, int i, char *commit, size_t commitsz)
{
    if (commitsz > 0)
        commit[0] = '\0';
    if (ime == NULL || i < 0 || !yj_ime_composing(ime))
        return false;
    if (!ime->api->select_candidate_on_current_page(ime->session, (size_t)i))
        return false;
    take_commit(ime, commit, commitsz);
    return true;
}

void
yj_ime_cancel(struct yj_ime *ime)
{
    if (ime != NULL)
        ime->api->clear_composition(ime->session);
}

void
yj_ime_view(struct yj_ime *ime, struct yj_ime_view *v)
{
    memset(v, 0, sizeof *v);
    if (ime == NULL)
        return;
    RIME_STRUCT(RimeContext, ctx);
    if (!ime->api->get_context(ime->session, &ctx))
        return;
    if (ctx.composition.preedit != NULL)
        snprintf(v->preedit, sizeof v->preedit, "%s", ctx.composition.preedit);
    v->page = ctx.menu.page_no;
    v->last_page = ctx.menu.is_last_page;
    for (int i = 0; i < ctx.menu.num_candidates && i < YJ_IME_MAX_CAND; i++)
        snprintf(v->cand[v->ncand++], sizeof v->cand[0], "%s",
                 ctx.menu.candidates[i].text ? ctx.menu.candidates[i].text : "");
    ime->api->free_context(&ctx);
}

#else /* built without librime's header */

struct yj_ime *
yj_ime_open(const char *user_dir, bool trad, bool learn, char *err, size_t errsz)
{
    (void)user_dir, (void)trad, (void)learn;
    snprintf(err, errsz, "built without librime (librime-dev)");
    return NULL;
}

void
yj_ime_close(struct yj_ime **ime)
{
    *ime = NULL;
}

void
yj_ime_set_trad(struct yj_ime *ime, bool trad)
{
    (void)ime, (void)trad;
}

bool
yj_ime_key(struct yj_ime *ime, int key, char *commit, size_t commitsz)
{
    (void)ime, (void)key;
    if (commitsz > 0)
        commit[0] = '\0';
    return false;
}

bool
yj_ime_pick(struct yj_ime *ime, int i, char *commit, size_t commitsz)
{
    (void)ime, (void)i;
    if (commitsz > 0)
        commit[0] = '\0';
    return false;
}

bool
yj_ime_composing(struct yj_ime *ime)
{
    (void)ime;
    return false;
}

void
yj_ime_cancel(struct yj_ime *ime)
{
    (void)ime;
}

void
yj_ime_view(struct yj_ime *ime, struct yj_ime_view *v)
{
    (void)ime;
    memset(v, 0, sizeof *v);
}

#endif

void
yj_ime_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = xasprintf("%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                yj_ime_rmtree(p);
            else
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

int
yj_imectl_start(struct yj_imectl *ctl)
{
    if (ctl->ime != NULL)
        return 0;
    if (ctl->failed)
        return -1;
    if (ctl->keep) {
        snprintf(ctl->dir, sizeof ctl->dir, "%s/rime", ctl->state_dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(ctl->dir, sizeof ctl->dir, "%s/yijian-ime-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(ctl->dir) == NULL) {
            snprintf(ctl->err, sizeof ctl->err, "%s: %s", ctl->dir, strerror(errno));
            ctl->dir[0] = '\0';
            ctl->failed = true;
            return -1;
        }
    }
    ctl->ime = yj_ime_open(ctl->dir, ctl->trad, ctl->keep, ctl->err, sizeof ctl->err);
    if (ctl->ime == NULL) {
        if (!ctl->keep)
            yj_ime_rmtree(ctl->dir);
        ctl->dir[0] = '\0';
        ctl->failed = true;
        return -1;
    }
    return 0;
}

void
yj_imectl_forget(struct yj_imectl *ctl)
{
    if (ctl->ime == NULL)
        return;
    if (ctl->keep) {
        yj_ime_cancel(ctl->ime);
        return;
    }
    yj_imectl_close(ctl);
}

void
yj_imectl_close(struct yj_imectl *ctl)
{
    yj_ime_close(&ctl->ime);
    if (!ctl->keep && ctl->dir[0])
        yj_ime_rmtree(ctl->dir);
    ctl->dir[0] = '\0';
}
