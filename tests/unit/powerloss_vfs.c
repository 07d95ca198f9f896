/* powerloss_vfs.c: a test-only SQLite VFS that simulates a power cut (see
 * powerloss_vfs.h for the model). Modelled on SQLite's own crash VFS
 * (src/test6.c): unsynced writes are buffered, and at the crash each one is
 * written, dropped or garbled. */
#include "powerloss_vfs.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/util.h"

#define PL_SECTOR 512

enum pl_op_kind { PL_WRITE, PL_TRUNC };

/* One unsynced operation on a file. */
struct pl_op {
    struct pl_op *next;
    enum pl_op_kind kind;
    sqlite3_int64 off; /* write offset, or the truncated size */
    size_t len;
    unsigned char *data;
};

/* A file as the OS sees it: the page-cache image and the unsynced operations.
 * It outlives its handles (closing a file does not sync it). */
struct pl_inode {
    struct pl_inode *next;
    char *path; /* NULL once unlinked (no longer in the list) */
    unsigned char *img;
    size_t size, cap;
    struct pl_op *ops, **tail;
    int nref;
    bool main_db; /* the database file itself (not a journal or WAL) */
};

enum pl_dirop_kind { PL_CREATE, PL_UNLINK };

/* One unsynced directory operation. For an unlink, the file's durable content
 * (to bring it back if the unlink does not survive). */
struct pl_dirop {
    struct pl_dirop *next;
    enum pl_dirop_kind kind;
    char *path;
    unsigned char *saved;
    size_t nsaved;
};

/* An open file: our methods, the underlying unix file right after it. */
struct pl_file {
    sqlite3_file base;
    sqlite3_file *real;
    struct pl_inode *ino; /* NULL: passed through, not modelled */
    bool dirsync;         /* the first xSync also syncs the directory */
};

static struct {
    sqlite3_vfs vfs;
    sqlite3_vfs *base;
    struct pl_inode *inodes;
    struct pl_dirop *dirops, **dirtail;
    unsigned long long events, cut_at;
    uint64_t rng;
    enum yj_plvfs_policy policy;
    int report_fd;
} pl;

/* splitmix64: the PRNG of the cut. */
static uint64_t
pl_rand(void)
{
    uint64_t z = (pl.rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The live inode of path, or NULL. */
static struct pl_inode *
inode_find(const char *path)
{
    for (struct pl_inode *i = pl.inodes; i != NULL; i = i->next)
        if (strcmp(i->path, path) == 0)
            return i;
    return NULL;
}

/* Free the unsynced operations of an inode. */
static void
inode_drop_ops(struct pl_inode *ino)
{
    while (ino->ops != NULL) {
        struct pl_op *o = ino->ops;
        ino->ops = o->next;
        free(o->data);
        free(o);
    }
    ino->tail = &ino->ops;
}

/* Free an inode (already out of the list). */
static void
inode_free(struct pl_inode *ino)
{
    inode_drop_ops(ino);
    free(ino->img);
    free(ino->path);
    free(ino);
}

/* Set the image size to n, zero-filling any growth. */
static void
img_resize(struct pl_inode *ino, size_t n)
{
    if (n > ino->cap) {
        size_t cap = ino->cap ? ino->cap : 65536;
        while (cap < n)
            cap *= 2;
        ino->img = xrealloc(ino->img, cap);
        ino->cap = cap;
    }
    if (n > ino->size)
        memset(ino->img + ino->size, 0, n - ino->size);
    ino->size = n;
}

/* Append an unsynced operation. */
static void
inode_add_op(struct pl_inode *ino, enum pl_op_kind kind, sqlite3_int64 off, const void *data,
             size_t len)
{
    struct pl_op *o = xcalloc(1, sizeof *o);
    o->kind = kind;
    o->off = off;
    o->len = len;
    if (len > 0) {
        o->data = xmalloc(len);
        memcpy(o->data, data, len);
    }
    *ino->tail = o;
    ino->tail = &o->next;
}

/* Record a directory operation (not yet durable). */
static void
dirop_add(enum pl_dirop_kind kind, const char *path, unsigned char *saved, size_t nsaved)
{
    struct pl_dirop *d = xcalloc(1, sizeof *d);
    d->kind = kind;
    d->path = xstrdup(path);
    d->saved = saved;
    d->nsaved = nsaved;
    *pl.dirtail = d;
    pl.dirtail = &d->next;
}

/* The directory was synced: every directory operation so far is durable. */
static void
dir_durable(void)
{
    while (pl.dirops != NULL) {
        struct pl_dirop *d = pl.dirops;
        pl.dirops = d->next;
        free(d->path);
        free(d->saved);
        free(d);
    }
    pl.dirtail = &pl.dirops;
}

/* Count one I/O event; cut the power when it is the chosen one. */
static void
tick(void)
{
    pl.events++;
    if (pl.cut_at != 0 && pl.events == pl.cut_at)
        yj_plvfs_cut();
}

/* ---- file methods ------------------------------------------------------- */

/* xClose: close the real file; the inode (page cache) stays. */
static int
pl_close(sqlite3_file *f)
{
    struct pl_file *p = (struct pl_file *)f;
    int rc = p->real->pMethods->xClose(p->real);
    if (p->ino != NULL) {
        p->ino->nref--;
        if (p->ino->path == NULL && p->ino->nref == 0)
            inode_free(p->ino);
        p->ino = NULL;
    }
    return rc;
}

/* xRead: from the page-cache image. */
static int
pl_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino == NULL)
        return p->real->pMethods->xRead(p->real, buf, amt, off);
    struct pl_inode *ino = p->ino;
    size_t n = 0;
    if (off >= 0 && (size_t)off < ino->size) {
        n = ino->size - (size_t)off;
        if (n > (size_t)amt)
            n = (size_t)amt;
        memcpy(buf, ino->img + off, n);
    }
    if (n < (size_t)amt) {
        memset((char *)buf + n, 0, (size_t)amt - n);
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

/* xWrite: into the image and the unsynced list. */
static int
pl_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino == NULL)
        return p->real->pMethods->xWrite(p->real, buf, amt, off);
    struct pl_inode *ino = p->ino;
    size_t end = (size_t)off + (size_t)amt;
    if (end > ino->size)
        img_resize(ino, end);
    memcpy(ino->img + off, buf, (size_t)amt);
    inode_add_op(ino, PL_WRITE, off, buf, (size_t)amt);
    tick();
    return SQLITE_OK;
}

/* xTruncate: resize the image, remember the truncate. */
static int
pl_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino == NULL)
        return p->real->pMethods->xTruncate(p->real, size);
    img_resize(p->ino, (size_t)size);
    inode_add_op(p->ino, PL_TRUNC, size, NULL, 0);
    tick();
    return SQLITE_OK;
}

/* xSync: make this file's unsynced operations durable (apply them to the real
 * file, in order); the directory too on the first sync of a new journal/WAL. */
static int
pl_sync(sqlite3_file *f, int flags)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino == NULL)
        return p->real->pMethods->xSync(p->real, flags);
    tick();
    int rc = SQLITE_OK;
    for (struct pl_op *o = p->ino->ops; o != NULL && rc == SQLITE_OK; o = o->next) {
        if (o->kind == PL_WRITE)
            rc = p->real->pMethods->xWrite(p->real, o->data, (int)o->len, o->off);
        else
            rc = p->real->pMethods->xTruncate(p->real, o->off);
    }
    inode_drop_ops(p->ino);
    if (p->dirsync) {
        dir_durable();
        p->dirsync = false;
    }
    return rc;
}

/* xFileSize: the image's size. */
static int
pl_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino == NULL)
        return p->real->pMethods->xFileSize(p->real, size);
    *size = (sqlite3_int64)p->ino->size;
    return SQLITE_OK;
}

/* xLock: passed through. */
static int
pl_lock(sqlite3_file *f, int lock)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xLock(p->real, lock);
}

/* xUnlock: passed through. */
static int
pl_unlock(sqlite3_file *f, int lock)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xUnlock(p->real, lock);
}

/* xCheckReservedLock: passed through. */
static int
pl_check_reserved(sqlite3_file *f, int *out)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xCheckReservedLock(p->real, out);
}

/* xFileControl: passed through, except what would touch the real file behind
 * the model's back (size hints preallocate; memory mapping reads around the
 * image). */
static int
pl_file_control(sqlite3_file *f, int op, void *arg)
{
    struct pl_file *p = (struct pl_file *)f;
    if (p->ino != NULL && op == SQLITE_FCNTL_SIZE_HINT)
        return SQLITE_OK;
    if (p->ino != NULL && op == SQLITE_FCNTL_MMAP_SIZE) {
        *(sqlite3_int64 *)arg = 0;
        return SQLITE_OK;
    }
    return p->real->pMethods->xFileControl(p->real, op, arg);
}

/* xSectorSize: passed through. */
static int
pl_sector_size(sqlite3_file *f)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xSectorSize(p->real);
}

/* xDeviceCharacteristics: the unix VFS's (powersafe overwrite: a torn write
 * damages only the bytes it writes, as the model does), never atomic batches. */
static int
pl_device_characteristics(sqlite3_file *f)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xDeviceCharacteristics(p->real) & ~SQLITE_IOCAP_BATCH_ATOMIC;
}

/* xShmMap: passed through (the -shm is memory, not modelled). */
static int
pl_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xShmMap(p->real, pg, pgsz, extend, pp);
}

/* xShmLock: passed through. */
static int
pl_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xShmLock(p->real, offset, n, flags);
}

/* xShmBarrier: passed through. */
static void
pl_shm_barrier(sqlite3_file *f)
{
    struct pl_file *p = (struct pl_file *)f;
    p->real->pMethods->xShmBarrier(p->real);
}

/* xShmUnmap: passed through. */
static int
pl_shm_unmap(sqlite3_file *f, int del)
{
    struct pl_file *p = (struct pl_file *)f;
    return p->real->pMethods->xShmUnmap(p->real, del);
}

/* Version 2: shared memory, no xFetch (reads must go through the image). */
static const sqlite3_io_methods pl_io = {
    2,
    pl_close,
    pl_read,
    pl_write,
    pl_truncate,
    pl_sync,
    pl_file_size,
    pl_lock,
    pl_unlock,
    pl_check_reserved,
    pl_file_control,
    pl_sector_size,
    pl_device_characteristics,
    pl_shm_map,
    pl_shm_lock,
    pl_shm_barrier,
    pl_shm_unmap,
    NULL,
    NULL,
};

/* Read a whole real file (its durable content); NULL when it does not exist. */
static unsigned char *
read_real(const char *path, size_t *n)
{
    *n = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    struct yj_buf b = {0};
    char chunk[65536];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof chunk)) > 0)
        yj_buf_add(&b, chunk, (size_t)r);
    close(fd);
    *n = b.len;
    unsigned char *out = xmalloc(b.len + 1);
    if (b.len > 0)
        memcpy(out, b.data, b.len);
    yj_buf_free(&b);
    return out;
}

/* ---- VFS methods -------------------------------------------------------- */

/* xOpen: open the real file; model the main database, journals and WAL. */
static int
pl_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
    (void)vfs;
    struct pl_file *p = (struct pl_file *)f;
    memset(p, 0, sizeof *p);
    p->real = (sqlite3_file *)(p + 1);
    int type = flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TRANSIENT_DB |
                        SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_TEMP_JOURNAL |
                        SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_SUPER_JOURNAL | SQLITE_OPEN_WAL);
    bool journal = type == SQLITE_OPEN_MAIN_JOURNAL || type == SQLITE_OPEN_SUPER_JOURNAL ||
                   type == SQLITE_OPEN_WAL;
    bool model = name != NULL && !(flags & SQLITE_OPEN_DELETEONCLOSE) &&
                 (type == SQLITE_OPEN_MAIN_DB || journal);
    struct stat st;
    bool existed = model && stat(name, &st) == 0;
    int rc = pl.base->xOpen(pl.base, name, p->real, flags, out);
    if (rc != SQLITE_OK) {
        p->base.pMethods = NULL;
        return rc;
    }
    p->base.pMethods = &pl_io;
    if (!model)
        return SQLITE_OK;
    struct pl_inode *ino = inode_find(name);
    if (ino == NULL) {
        ino = xcalloc(1, sizeof *ino);
        ino->path = xstrdup(name);
        ino->tail = &ino->ops;
        ino->main_db = type == SQLITE_OPEN_MAIN_DB;
        sqlite3_int64 sz = 0;
        rc = p->real->pMethods->xFileSize(p->real, &sz);
        if (rc == SQLITE_OK && sz > 0) {
            img_resize(ino, (size_t)sz);
            rc = p->real->pMethods->xRead(p->real, ino->img, (int)sz, 0);
        }
        if (rc != SQLITE_OK) {
            inode_free(ino);
            p->real->pMethods->xClose(p->real);
            p->base.pMethods = NULL;
            return rc;
        }
        ino->next = pl.inodes;
        pl.inodes = ino;
    }
    ino->nref++;
    p->ino = ino;
    if (!existed)
        dirop_add(PL_CREATE, name, NULL, 0);
    /* as the unix VFS: UNIXFILE_DIRSYNC for journals and WAL opened to create */
    p->dirsync = journal && (flags & SQLITE_OPEN_CREATE);
    return SQLITE_OK;
}

/* xDelete: the unsynced writes go with the file; the unlink itself is a
 * directory operation (durable now only with dirSync). */
static int
pl_delete(sqlite3_vfs *vfs, const char *path, int dirsync)
{
    (void)vfs;
    struct pl_inode **pp = &pl.inodes;
    while (*pp != NULL && strcmp((*pp)->path, path) != 0)
        pp = &(*pp)->next;
    if (*pp != NULL) {
        struct pl_inode *ino = *pp;
        *pp = ino->next;
        inode_drop_ops(ino);
        free(ino->path);
        ino->path = NULL;
        if (ino->nref == 0)
            inode_free(ino);
    }
    size_t n;
    unsigned char *saved = read_real(path, &n);
    int rc = pl.base->xDelete(pl.base, path, 0);
    if (rc == SQLITE_OK && saved != NULL) {
        dirop_add(PL_UNLINK, path, saved, n);
        saved = NULL;
        if (dirsync)
            dir_durable();
    }
    free(saved);
    return rc;
}

/* xAccess: existence as the page cache sees it (the unix VFS says an empty
 * file does not exist). */
static int
pl_access(sqlite3_vfs *vfs, const char *path, int flags, int *out)
{
    (void)vfs;
    struct pl_inode *ino = inode_find(path);
    if (ino != NULL && flags == SQLITE_ACCESS_EXISTS) {
        *out = ino->size > 0;
        return SQLITE_OK;
    }
    return pl.base->xAccess(pl.base, path, flags, out);
}

/* xFullPathname: passed through. */
static int
pl_full_pathname(sqlite3_vfs *vfs, const char *path, int n, char *out)
{
    (void)vfs;
    return pl.base->xFullPathname(pl.base, path, n, out);
}

/* xDlOpen: passed through. */
static void *
pl_dlopen(sqlite3_vfs *vfs, const char *path)
{
    (void)vfs;
    return pl.base->xDlOpen(pl.base, path);
}

/* xDlError: passed through. */
static void
pl_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    pl.base->xDlError(pl.base, n, msg);
}

/* xDlSym: passed through. */
static void (*pl_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return pl.base->xDlSym(pl.base, h, sym);
}

/* xDlClose: passed through. */
static void
pl_dlclose(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    pl.base->xDlClose(pl.base, h);
}

/* xRandomness: passed through. */
static int
pl_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return pl.base->xRandomness(pl.base, n, out);
}

/* xSleep: passed through. */
static int
pl_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return pl.base->xSleep(pl.base, us);
}

/* xCurrentTime: passed through. */
static int
pl_current_time(sqlite3_vfs *vfs, double *t)
{
    (void)vfs;
    return pl.base->xCurrentTime(pl.base, t);
}

/* xGetLastError: passed through. */
static int
pl_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
    (void)vfs;
    return pl.base->xGetLastError(pl.base, n, msg);
}

/* xCurrentTimeInt64: passed through. */
static int
pl_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
    (void)vfs;
    return pl.base->xCurrentTimeInt64(pl.base, t);
}

int
yj_plvfs_register(void)
{
    if (pl.base != NULL)
        return SQLITE_OK;
    int rc = sqlite3_initialize();
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    if (base == NULL || base->iVersion < 2)
        return SQLITE_ERROR;
    pl.base = base;
    pl.dirtail = &pl.dirops;
    pl.report_fd = -1;
    pl.vfs = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(struct pl_file) + base->szOsFile,
        .mxPathname = base->mxPathname,
        .zName = YJ_PLVFS_NAME,
        .xOpen = pl_open,
        .xDelete = pl_delete,
        .xAccess = pl_access,
        .xFullPathname = pl_full_pathname,
        .xDlOpen = pl_dlopen,
        .xDlError = pl_dlerror,
        .xDlSym = pl_dlsym,
        .xDlClose = pl_dlclose,
        .xRandomness = pl_randomness,
        .xSleep = pl_sleep,
        .xCurrentTime = pl_current_time,
        .xGetLastError = pl_last_error,
        .xCurrentTimeInt64 = pl_current_time64,
    };
    return sqlite3_vfs_register(&pl.vfs, 0);
}

void
yj_plvfs_arm(unsigned long long cut_at, uint64_t seed, enum yj_plvfs_policy policy, int report_fd)
{
    pl.cut_at = cut_at;
    pl.rng = seed;
    pl.policy = policy;
    pl.report_fd = report_fd;
}

unsigned long long
yj_plvfs_events(void)
{
    return pl.events;
}

/* Write all of buf at off; errors are ignored (the power is going). */
static void
pwrite_all(int fd, const void *buf, size_t n, off_t off)
{
    const char *b = buf;
    while (n > 0) {
        ssize_t w = pwrite(fd, b, n, off);
        if (w <= 0)
            return;
        b += w;
        n -= (size_t)w;
        off += w;
    }
}

/* Counters of the cut, in the order of the report line. */
struct pl_cut_stats {
    unsigned long long applied, torn, dropped, tapplied, tdropped, dkept, dundone;
    unsigned long long db_ops; /* unsynced operations on a database file */
};

/* A torn write: each sector of the written range gets the new bytes, keeps the
 * old ones, or gets garbage; bytes outside the range are never touched. */
static void
write_torn(int fd, const struct pl_op *o)
{
    sqlite3_int64 end = o->off + (sqlite3_int64)o->len;
    for (sqlite3_int64 s = o->off; s < end;) {
        sqlite3_int64 e = (s / PL_SECTOR + 1) * PL_SECTOR;
        if (e > end)
            e = end;
        size_t n = (size_t)(e - s);
        switch (pl_rand() % 3) {
        case 0:
            pwrite_all(fd, o->data + (s - o->off), n, (off_t)s);
            break;
        case 1:
            break;
        default: {
            unsigned char junk[PL_SECTOR];
            for (size_t i = 0; i < n; i++)
                junk[i] = (unsigned char)pl_rand();
            pwrite_all(fd, junk, n, (off_t)s);
            break;
        }
        }
        s = e;
    }
}

/* The fate of one inode's unsynced operations. */
static void
cut_inode(const struct pl_inode *ino, struct pl_cut_stats *st)
{
    int fd = open(ino->path, O_WRONLY);
    if (fd < 0)
        return;
    for (const struct pl_op *o = ino->ops; o != NULL; o = o->next) {
        unsigned fate = pl.policy == YJ_PLVFS_APPLY_ALL  ? 0
                        : pl.policy == YJ_PLVFS_DROP_ALL ? 1
                                                         : (unsigned)(pl_rand() % 3);
        if (o->kind == PL_TRUNC) {
            if (fate == 0 || (fate == 2 && pl_rand() % 2 == 0)) {
                if (ftruncate(fd, (off_t)o->off) == 0)
                    st->tapplied++;
            } else {
                st->tdropped++;
            }
        } else if (fate == 0) {
            pwrite_all(fd, o->data, o->len, (off_t)o->off);
            st->applied++;
        } else if (fate == 1) {
            st->dropped++;
        } else {
            write_torn(fd, o);
            st->torn++;
        }
    }
    close(fd);
}

void
yj_plvfs_cut(void)
{
    struct pl_cut_stats st = {0};
    for (const struct pl_inode *i = pl.inodes; i != NULL; i = i->next) {
        for (const struct pl_op *o = i->ops; o != NULL && i->main_db; o = o->next)
            st.db_ops++;
        cut_inode(i, &st);
    }
    size_t n = 0;
    for (const struct pl_dirop *d = pl.dirops; d != NULL; d = d->next)
        n++;
    size_t keep = pl.policy == YJ_PLVFS_APPLY_ALL  ? n
                  : pl.policy == YJ_PLVFS_DROP_ALL ? 0
                                                   : (size_t)(pl_rand() % (n + 1));
    /* undo the operations after the kept prefix, newest first */
    for (size_t k = n; k > keep; k--) {
        const struct pl_dirop *d = pl.dirops;
        for (size_t j = 1; j < k; j++)
            d = d->next;
        if (d->kind == PL_CREATE) {
            unlink(d->path);
        } else {
            int fd = open(d->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0) {
                pwrite_all(fd, d->saved, d->nsaved, 0);
                close(fd);
            }
        }
        st.dundone++;
    }
    st.dkept = keep;
    if (pl.report_fd >= 0)
        dprintf(pl.report_fd, "CUT %llu %llu %llu %llu %llu %llu %llu %llu %llu\n", pl.events,
                st.applied, st.torn, st.dropped, st.tapplied, st.tdropped, st.dkept, st.dundone,
                st.db_ops);
    _exit(YJ_PLVFS_EXIT);
}
