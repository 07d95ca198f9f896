/* cmd_sync.c: `yijian sync --once | --drain | --daemon`, `sync status`, `sync retry`. */
#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/paths.h"
#include "core/util.h"
#include "store/store.h"
#include "sync/sync.h"

static const char usage_text[] =
    "usage: yijian sync --once   [--upstream URL] [--no-pull] [--quiet]\n"
    "       yijian sync --drain  [--upstream URL] [--max-seconds N] [--no-pull] [--quiet]\n"
    "       yijian sync --daemon [--upstream URL]\n"
    "       yijian sync status\n"
    "       yijian sync retry CASE_NO|UUID|--all\n"
    "\n"
    "  --once    send the queued cases that are due, pull department results, exit\n"
    "  --drain   repeat until nothing is queued (held cases excepted) or N seconds\n"
    "            (default 600) have passed, waiting out retry delays\n"
    "  --daemon  run until SIGTERM: send as cases arrive, pull every sync.interval_s\n"
    "  status    what is queued, held (with the server's reason) and acknowledged\n"
    "  retry     put a held case back in the queue after a clerk has looked at it\n"
    "\n"
    "The upstream comes from sync.base_url in the config file; --upstream overrides\n"
    "it. https:// is required except to a loopback address. Secrets (sync.key_file,\n"
    "sync.client_key) are read from owner-only files named in the config file.\n"
    "Exit status: 0 done, 1 local error, 2 usage, 75 upstream not reachable or\n"
    "queue not drained in time.\n"
    "\n"
    "options: --db PATH, --config FILE, --help\n";

static volatile sig_atomic_t stop_flag;

/* SIGTERM/SIGINT: finish the request in flight, then leave. */
static void
on_stop(int sig)
{
    (void)sig;
    stop_flag = 1;
}

/* Sleep up to secs seconds, waking early when asked to stop. */
static void
pause_for(double secs)
{
    while (secs > 0 && !stop_flag) {
        double step = secs < 0.1 ? secs : 0.1;
        struct timespec ts = {0, (long)(step * 1e9)};
        nanosleep(&ts, NULL);
        secs -= step;
    }
}

/* Monotonic seconds. */
static double
mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Print the figures of a run. */
static void
print_stats(FILE *f, const struct yj_sync_stats *st, const struct yj_sync_summary *sum)
{
    fprintf(f,
            "sync: sent %ld, acknowledged %ld (already there %ld), retry later %ld, "
            "held %ld, requests %ld, updates applied %ld of %ld; now queued %ld, "
            "held %ld, acknowledged %ld\n",
            st->sent, st->acked, st->replayed, st->retry, st->held, st->requests, st->updates,
            st->updates_seen, sum->pending, sum->held, sum->acked);
}

/* Add the figures of one pass to the running totals. */
static void
add_stats(struct yj_sync_stats *t, const struct yj_sync_stats *p)
{
    t->requests += p->requests;
    t->sent += p->sent;
    t->acked += p->acked;
    t->replayed += p->replayed;
    t->retry += p->retry;
    t->held += p->held;
    t->updates += p->updates;
    t->updates_seen += p->updates_seen;
    t->upstream_down = p->upstream_down;
}

/* Random number in [0,1). */
static double
unit_random(void)
{
    return (double)randombytes_uniform(1000000) / 1e6;
}

enum run_mode { RUN_ONCE, RUN_DRAIN, RUN_DAEMON };

/* The send/pull loop of --once, --drain and --daemon. */
static int
run(struct yj_store *store, const struct yj_sync_opts *o, enum run_mode mode, bool pull,
    long max_seconds, bool quiet)
{
    char err[512];
    int ret = 0;
    struct yj_sync *s = yj_sync_new(store, o, err, sizeof err);
    if (s == NULL) {
        yj_err("sync: %s", err);
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct yj_sync_stats total = {0};
    struct yj_sync_summary sum = {0};
    double start = mono(), last_pull = -1e9, last_checkpoint = mono();
    long empty_passes = 0; /* passes in a row that stopped having delivered nothing */
    bool unreachable = false;
    while (!stop_flag) {
        struct yj_sync_stats st = {0};
        bool pull_failed = false;
        /* Bounded passes, so that SIGTERM is honoured within one chunk. */
        if (yj_sync_push(s, mode == RUN_ONCE ? 0 : 500, &st, err, sizeof err) != 0) {
            yj_err("sync: %s", err);
            ret = 1;
            break;
        }
        add_stats(&total, &st);
        /* Delivered: the upstream acknowledged or judged (held) a case. */
        bool delivered = st.acked > 0 || st.held > 0;
        empty_passes = st.upstream_down && !delivered ? empty_passes + 1 : 0;
        unreachable = st.upstream_down;
        if (mode == RUN_DAEMON && !quiet && (st.sent > 0 || st.upstream_down)) {
            fprintf(stderr, "sync: sent %ld, acknowledged %ld, retry later %ld, held %ld%s\n",
                    st.sent, st.acked, st.retry, st.held,
                    st.upstream_down ? " (upstream unavailable)" : "");
        }
        if (yj_sync_summary(store, &sum) != 0) {
            yj_err("sync: cannot read the outbox: %s", yj_store_error(store));
            ret = 1;
            break;
        }
        bool pull_now = pull && !st.upstream_down &&
                        (mode != RUN_DAEMON || mono() - last_pull >= (double)o->interval_s);
        if (pull_now && (mode == RUN_ONCE || mode == RUN_DAEMON || sum.pending == 0)) {
            struct yj_sync_stats ps = {0};
            int rc = yj_sync_pull(s, &ps, err, sizeof err);
            add_stats(&total, &ps);
            if (rc < 0) {
                yj_err("sync: %s", err);
                ret = 1;
                break;
            }
            unreachable |= rc == 1;
            pull_failed = rc == 1;
            last_pull = mono();
            if (mode == RUN_DAEMON && !quiet && ps.updates > 0)
                fprintf(stderr, "sync: %ld department results applied\n", ps.updates);
        }
        if (mode == RUN_DAEMON && sum.pending == 0 && st.sent == 0 &&
            mono() - last_checkpoint >= (double)o->interval_s) {
            /* Idle: fold the WAL into the database and truncate it, so it does not grow
             * while the kiosk keeps a reader open. Busy is fine: try again next time. */
            yj_store_checkpoint(store);
            last_checkpoint = mono();
        }
        if (mode == RUN_ONCE)
            break;
        /* Drained once the outbox is empty and the results were pulled: a pull
         * the line failed is tried again (within --max-seconds). */
        if (mode == RUN_DRAIN && sum.pending == 0 && !pull_failed)
            break;
        if (mode == RUN_DRAIN && max_seconds > 0 && mono() - start >= (double)max_seconds) {
            unreachable = true;
            break;
        }
        double wait;
        if (st.upstream_down && delivered) {
            /* A bad line, not a dead upstream: the failed rows wait on their own
             * (yj_sync_row_delay) and the next pass starts at once. */
            wait = 0;
        } else if (st.upstream_down) {
            /* Nothing got through: back off the whole upstream. */
            wait = yj_sync_pass_wait(empty_passes, o->backoff_base_ms, o->backoff_max_s,
                                     st.retry_after, unit_random());
        } else {
            long due = yj_store_outbox_next_due(store, (long long)time(NULL));
            wait = due < 0 ? (double)o->interval_s : (double)due;
            if (wait > (double)o->interval_s)
                wait = (double)o->interval_s;
            if (due == 0) /* more is due now: go on (a pause only if nothing moved) */
                wait = st.sent > 0 || st.held > 0 ? 0 : 0.05;
        }
        if (mode == RUN_DRAIN && max_seconds > 0 && mono() + wait - start > (double)max_seconds)
            wait = (double)max_seconds - (mono() - start);
        pause_for(wait);
    }
    if (yj_sync_summary(store, &sum) == 0 && (!quiet || ret != 0))
        print_stats(ret == 0 ? stdout : stderr, &total, &sum);
    if (ret == 0 && unreachable) {
        if (!quiet)
            fprintf(stderr, "%s\n", _("上游平台暂时无法连接，未发送的办件已保留，稍后自动重试。"));
        ret = EX_TEMPFAIL;
    }
    if (ret == 0 && mode == RUN_DRAIN && sum.pending > 0)
        ret = EX_TEMPFAIL;
    yj_sync_free(&s);
    return ret;
}

/* `yijian sync status`: counts, then every held row with its reason. */
static int
status(struct yj_store *store)
{
    struct yj_sync_summary sum;
    if (yj_sync_summary(store, &sum) != 0) {
        yj_err("sync status: %s", yj_store_error(store));
        return 1;
    }
    printf("%s %ld\n", _("待发送:"), sum.pending);
    printf("%s %ld\n", _("现在可发送:"), sum.due);
    printf("%s %ld\n", _("需人工处理:"), sum.held);
    printf("%s %ld\n", _("已确认:"), sum.acked);
    if (sum.next_attempt_at > 0) {
        long in = sum.next_attempt_at - (long)time(NULL);
        printf("%s %ld\n", _("下次重试(秒):"), in > 0 ? in : 0);
    }
    printf("%s %s\n", _("上次连通:"), sum.last_ok_at[0] ? sum.last_ok_at : "-");
    printf("%s %s\n", _("结果游标:"), sum.cursor[0] ? sum.cursor : "-");
    struct yj_outbox_problem *p;
    size_t n;
    if (yj_store_outbox_problems(store, 200, &p, &n) != 0) {
        yj_err("sync status: %s", yj_store_error(store));
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        printf("%s %s r%d %s attempts=%d status=%d %s\n",
               strcmp(p[i].state, "held") == 0 ? _("[需处理]") : _("[重试中]"),
               p[i].case_no ? p[i].case_no : "-", p[i].revision, p[i].uuid ? p[i].uuid : "",
               p[i].attempts, p[i].http_status, p[i].error ? p[i].error : "");
    yj_outbox_problems_free(p, n);
    return 0;
}

int
cmd_sync(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"once", no_argument, NULL, 'o'},
        {"drain", no_argument, NULL, 'r'},
        {"daemon", no_argument, NULL, 'd'},
        {"upstream", required_argument, NULL, 'u'},
        {"max-seconds", required_argument, NULL, 'm'},
        {"no-pull", no_argument, NULL, 'n'},
        {"quiet", no_argument, NULL, 'q'},
        {"all", no_argument, NULL, 'a'},
        YJ_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    int mode = -1;
    const char *upstream = NULL;
    long max_seconds = 600;
    bool pull = true, quiet = false, all = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'o':
        case 'r':
        case 'd': {
            int m = opt == 'o' ? RUN_ONCE : opt == 'r' ? RUN_DRAIN : RUN_DAEMON;
            if (mode >= 0 && mode != m)
                return yj_cli_usage("yijian sync: choose one of --once, --drain, --daemon\n", true);
            mode = m;
            break;
        }
        case 'u':
            upstream = optarg;
            break;
        case 'm': {
            char *end;
            max_seconds = strtol(optarg, &end, 10);
            if (*end || max_seconds < 1)
                return yj_cli_usage("yijian sync: --max-seconds needs a positive number\n", true);
            break;
        }
        case 'n':
            pull = false;
            break;
        case 'q':
            quiet = true;
            break;
        case 'a':
            all = true;
            break;
        case 'h':
            return yj_cli_usage(usage_text, false);
        default:
            if (!yj_cli_common(opt, optarg))
                return yj_cli_usage(usage_text, true);
        }
    }
    const char *sub = optind < argc ? argv[optind] : NULL;
    if (sub && strcmp(sub, "status") != 0 && strcmp(sub, "retry") != 0) {
        yj_err("sync: unknown subcommand '%s'", sub);
        return yj_cli_usage(usage_text, true);
    }
    if (sub == NULL && mode < 0)
        return yj_cli_usage(usage_text, true);
    if (sub && strcmp(sub, "retry") == 0 && !all && optind + 1 >= argc)
        return yj_cli_usage("yijian sync retry: name a case (number or uuid) or --all\n", true);

    struct yj_sync_opts o;
    char err[512];
    if (sub == NULL && yj_sync_opts_load(&o, upstream, err, sizeof err) != 0) {
        yj_err("sync: %s", err);
        return 1;
    }
    struct yj_store *store = yj_store_open(yj_paths_db(), err, sizeof err);
    if (store == NULL) {
        yj_err("sync: %s", err);
        if (sub == NULL)
            yj_sync_opts_free(&o);
        return 1;
    }
    int ret;
    if (sub && strcmp(sub, "status") == 0) {
        ret = status(store);
    } else if (sub) {
        struct yj_actor admin = {"admin", NULL};
        long n = yj_store_outbox_release(store, all ? NULL : argv[optind + 1], &admin);
        if (n < 0) {
            yj_err("sync retry: %s", yj_store_error(store));
            ret = 1;
        } else if (n == 0 && !all) {
            yj_err("sync retry: %s: %s", argv[optind + 1], _("没有需人工处理的发送记录"));
            ret = 1;
        } else {
            printf("%s %ld\n", _("已重新排队:"), n);
            ret = 0;
        }
    } else {
        ret = run(store, &o, (enum run_mode)mode, pull, max_seconds, quiet);
        yj_sync_opts_free(&o);
    }
    yj_store_close(&store);
    return ret;
}
