/* powerloss_vfs.h: a test-only SQLite VFS that simulates a power cut.
 *
 * "yj_powerloss" wraps the default (unix) VFS. Writes and truncates of the
 * database, its rollback journal and its WAL go to an in-memory image of the
 * file (what reads and xFileSize see: the OS page cache) and to a per-file list
 * of unsynced operations; only that file's xSync applies the list to the real
 * file, which stands for the storage medium. Creating and unlinking a file are
 * directory operations, durable only after a directory sync (done at the points
 * where the unix VFS fsyncs the directory: the first xSync of a journal or WAL
 * opened with SQLITE_OPEN_CREATE, and xDelete with dirSync).
 *
 * A cut (at the Nth I/O event — xWrite, xTruncate or xSync — or explicitly)
 * decides the fate of every unsynced operation independently (seeded PRNG):
 * a write is applied, dropped, or torn (each 512-byte sector inside it gets the
 * new bytes, keeps the old ones or gets garbage); a truncate is applied or
 * dropped; a random prefix of the unsynced directory operations is kept and the
 * rest undone (journaling file systems commit metadata in order). Then the
 * process _exit()s with YJ_PLVFS_EXIT: no close, no further I/O. Run the
 * workload in a forked child.
 *
 * Not modelled: the -shm file (memory shared by connections, mapped by the unix
 * VFS itself; SQLite rebuilds it from the WAL after a crash), real fsyncs (the
 * model decides durability; nothing here calls fsync), temp and statement
 * files (passed through).
 */
#ifndef YJ_POWERLOSS_VFS_H
#define YJ_POWERLOSS_VFS_H

#include <stdint.h>

#define YJ_PLVFS_NAME "yj_powerloss"
/* Exit status of a process whose power was cut. */
#define YJ_PLVFS_EXIT 86

/* What happens to unsynced operations at the cut. */
enum yj_plvfs_policy {
    YJ_PLVFS_RANDOM,    /* each one applied, dropped or torn */
    YJ_PLVFS_DROP_ALL,  /* nothing unsynced reaches the disk */
    YJ_PLVFS_APPLY_ALL, /* everything reaches the disk (= a process crash) */
};

/* Register the VFS (not as the default). 0, or an SQLite error code. */
int yj_plvfs_register(void);

/* Cut the power at I/O event number cut_at (1-based; 0: only when
 * yj_plvfs_cut is called). The cut writes one line to report_fd (-1: none):
 * "CUT <events> <writes applied> <torn> <dropped> <truncates applied>
 * <dropped> <dir ops kept> <undone> <unsynced operations on the database
 * file>\n" (in WAL mode only a checkpoint writes the database file). */
void yj_plvfs_arm(unsigned long long cut_at, uint64_t seed, enum yj_plvfs_policy policy,
                  int report_fd);

/* I/O events counted so far (xWrite, xTruncate, xSync of modelled files). */
unsigned long long yj_plvfs_events(void);

/* Cut the power now: decide the fate of every unsynced operation, write the
 * report line and _exit(YJ_PLVFS_EXIT). */
void yj_plvfs_cut(void) __attribute__((noreturn));

#endif
