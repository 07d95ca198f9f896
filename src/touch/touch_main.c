/* touch_main.c: yijian-touch, the daemon that makes a tap on a touch screen a
 * mouse click for the kiosk.
 *
 * cage 0.1.4 passes a touch screen's taps on as Wayland touch events only, and
 * foot 1.13 ignores touch. So below the compositor: every touch screen is
 * grabbed (EVIOCGRAB: nobody else sees its events) and its first finger is
 * replayed on one uinput absolute pointer (touch_xlate.c). libinput takes that
 * pointer for a "USB tablet", the compositor moves the cursor to the finger and
 * the terminal sends the program an SGR 1006 click. Touch screens that appear
 * later are found by a rescan of /dev/input every two seconds. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/paths.h"
#include "touch/touch_xlate.h"

#define MAX_DEVS 8
#define RESCAN_MS 2000
#define NAME "yijian touch pointer"

static const char usage[] =
    "usage: yijian-touch [OPTIONS]\n"
    "\n"
    "Makes a tap on a touch screen a mouse click for the kiosk: every touch\n"
    "screen (/dev/input/event* with INPUT_PROP_DIRECT and multi-touch slots or\n"
    "BTN_TOUCH) is grabbed and its first finger drives one absolute pointer made\n"
    "with /dev/uinput: a tap is a left click where the finger was, a drag moves\n"
    "the pointer with the button held. The touch screen's whole range is the\n"
    "whole screen. Touch screens plugged in later are found within 2 seconds.\n"
    "Runs as root (yijian-touch.service) until SIGTERM.\n"
    "\n"
    "options:\n"
    "  --config FILE      configuration file (default $YIJIAN_CONFIG or\n"
    "                     /etc/yijian/yijian.conf)\n"
    "  --device PATH      use this input device only, touch screen or not\n"
    "                     (overrides kiosk.touch_device)\n"
    "  --rotate DEGREES   the panel is rotated clockwise by 0, 90, 180 or 270\n"
    "                     (overrides kiosk.touch_rotate)\n"
    "  --uinput PATH      the uinput device (default /dev/uinput)\n"
    "  --list             print the touch screens found and exit\n"
    "  --help             this text\n"
    "\n"
    "Exit status: 0 after SIGTERM or --list, 1 when /dev/uinput is missing or\n"
    "cannot be opened, 2 for a wrong option or configuration.\n";

struct dev {
    int fd;
    char path[288];
    struct yj_touch t;
};

static struct dev devs[MAX_DEVS];
static size_t ndevs;
/* Device nodes seen and not used (no touch screen, or it failed), by path and
 * inode: each is looked at and reported once, and a node made anew for a device
 * plugged in later (another inode) is looked at again. */
static struct {
    char path[288];
    ino_t ino;
} skipped[64];
static size_t nskipped;
static size_t nlisted;
static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

#define BITS_LONG (8 * sizeof(long))
#define NLONGS(n) (((n) + BITS_LONG - 1) / BITS_LONG)

static bool
bit(const unsigned long *b, unsigned n)
{
    return (b[n / BITS_LONG] >> (n % BITS_LONG)) & 1;
}

static ino_t
inode(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_ino : 0;
}

static bool
was_skipped(const char *path)
{
    ino_t ino = inode(path);
    for (size_t i = 0; i < nskipped; i++)
        if (strcmp(skipped[i].path, path) == 0 && skipped[i].ino == ino)
            return true;
    return false;
}

static void
skip(const char *path)
{
    ino_t ino = inode(path);
    size_t i;
    for (i = 0; i < nskipped; i++)
        if (strcmp(skipped[i].path, path) == 0)
            break;
    if (i == nskipped) {
        if (nskipped == sizeof skipped / sizeof skipped[0])
            return;
        nskipped++;
    }
    snprintf(skipped[i].path, sizeof skipped[i].path, "%s", path);
    skipped[i].ino = ino;
}

static bool
in_use(const char *path)
{
    for (size_t i = 0; i < ndevs; i++)
        if (strcmp(devs[i].path, path) == 0)
            return true;
    return false;
}

/* What an open event device is: 1 and *caps filled for a usable touch
 * screen, 0 and *why otherwise. any: a device the administrator named (no
 * INPUT_PROP_DIRECT needed). */
static int
probe(int fd, bool any, struct yj_touch_caps *caps, const char **why)
{
    unsigned long ev[NLONGS(EV_CNT)] = {0}, abs[NLONGS(ABS_CNT)] = {0}, key[NLONGS(KEY_CNT)] = {0},
                  prop[NLONGS(INPUT_PROP_CNT)] = {0};
    if (ioctl(fd, EVIOCGBIT(0, sizeof ev), ev) < 0 ||
        ioctl(fd, EVIOCGBIT(EV_ABS, sizeof abs), abs) < 0 ||
        ioctl(fd, EVIOCGBIT(EV_KEY, sizeof key), key) < 0) {
        *why = "not an event device";
        return 0;
    }
    if (ioctl(fd, EVIOCGPROP(sizeof prop), prop) < 0)
        memset(prop, 0, sizeof prop);
    if (!any && !bit(prop, INPUT_PROP_DIRECT)) {
        *why = "no touch screen (not INPUT_PROP_DIRECT)";
        return 0;
    }
    memset(caps, 0, sizeof *caps);
    unsigned cx, cy;
    if (bit(ev, EV_ABS) && bit(abs, ABS_MT_SLOT) && bit(abs, ABS_MT_TRACKING_ID) &&
        bit(abs, ABS_MT_POSITION_X) && bit(abs, ABS_MT_POSITION_Y)) {
        caps->mt = true;
        cx = ABS_MT_POSITION_X;
        cy = ABS_MT_POSITION_Y;
    } else if (bit(ev, EV_ABS) && bit(ev, EV_KEY) && bit(abs, ABS_X) && bit(abs, ABS_Y) &&
               bit(key, BTN_TOUCH)) {
        cx = ABS_X;
        cy = ABS_Y;
    } else {
        *why = "no touch screen (neither multi-touch slots nor ABS_X, ABS_Y and BTN_TOUCH)";
        return 0;
    }
    struct input_absinfo ax, ay;
    if (ioctl(fd, EVIOCGABS(cx), &ax) < 0 || ioctl(fd, EVIOCGABS(cy), &ay) < 0 ||
        ax.maximum <= ax.minimum || ay.maximum <= ay.minimum) {
        *why = "the touch screen reports no usable X/Y range";
        return 0;
    }
    caps->xmin = ax.minimum;
    caps->xmax = ax.maximum;
    caps->ymin = ay.minimum;
    caps->ymax = ay.maximum;
    return 1;
}

/* Open, probe and (unless listing) grab one device. */
static void
try_device(const char *path, bool named, int rotate, bool list)
{
    if (in_use(path) || was_skipped(path) || ndevs == MAX_DEVS)
        return;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (named || errno != ENOENT)
            fprintf(stderr, "yijian-touch: %s: %s\n", path, strerror(errno));
        skip(path);
        return;
    }
    char name[128] = "?";
    if (ioctl(fd, EVIOCGNAME(sizeof name - 1), name) < 0)
        snprintf(name, sizeof name, "?");
    struct yj_touch_caps caps;
    const char *why = NULL;
    if (strcmp(name, NAME) == 0 || !probe(fd, named, &caps, &why)) {
        if (named)
            fprintf(stderr, "yijian-touch: %s \"%s\": %s\n", path, name,
                    why != NULL ? why : "this is yijian-touch's own pointer");
        close(fd);
        skip(path);
        return;
    }
    caps.rotate = rotate;
    printf("yijian-touch: %s \"%s\": %s, X %d..%d, Y %d..%d\n", path, name,
           caps.mt ? "multi-touch" : "single touch", caps.xmin, caps.xmax, caps.ymin, caps.ymax);
    if (list) {
        nlisted++;
        close(fd);
        skip(path);
        return;
    }
    if (ioctl(fd, EVIOCGRAB, (void *)1) < 0) {
        fprintf(stderr, "yijian-touch: %s: cannot grab it (%s): left alone\n", path,
                strerror(errno));
        close(fd);
        skip(path);
        return;
    }
    struct dev *d = &devs[ndevs++];
    d->fd = fd;
    snprintf(d->path, sizeof d->path, "%s", path);
    yj_touch_init(&d->t, &caps);
    struct input_absinfo slot;
    if (caps.mt && ioctl(fd, EVIOCGABS(ABS_MT_SLOT), &slot) == 0)
        yj_touch_set_slot(&d->t, slot.value);
    fflush(stdout);
}

/* Look for touch screens: the named device, else every /dev/input/event*. */
static void
scan(const char *named, int rotate, bool list)
{
    if (named != NULL) {
        try_device(named, true, rotate, list);
        return;
    }
    DIR *dir = opendir("/dev/input");
    if (dir == NULL)
        return; /* no input devices (yet) */
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (strncmp(de->d_name, "event", 5) != 0)
            continue;
        char path[288];
        snprintf(path, sizeof path, "/dev/input/%s", de->d_name);
        try_device(path, false, rotate, list);
    }
    closedir(dir);
}

/* A device gone (or stopping): release its button, ungrab, close. */
static void
drop(size_t i, int ui)
{
    struct input_event out[YJ_TOUCH_OUT_EVENTS];
    size_t n = yj_touch_release(&devs[i].t, out);
    if (n > 0 && write(ui, out, n * sizeof out[0]) < 0)
        fprintf(stderr, "yijian-touch: uinput: %s\n", strerror(errno));
    ioctl(devs[i].fd, EVIOCGRAB, (void *)0);
    close(devs[i].fd);
    devs[i] = devs[--ndevs];
}

/* The absolute pointer: a "USB tablet" with a left button. */
static int
make_pointer(int ui)
{
    struct uinput_setup us;
    memset(&us, 0, sizeof us);
    us.id.bustype = BUS_VIRTUAL;
    us.id.vendor = 0x1d6b; /* Linux Foundation */
    us.id.product = 0x0104;
    snprintf(us.name, sizeof us.name, "%s", NAME);
    if (ioctl(ui, UI_SET_EVBIT, EV_KEY) < 0 || ioctl(ui, UI_SET_EVBIT, EV_ABS) < 0 ||
        ioctl(ui, UI_SET_EVBIT, EV_SYN) < 0 || ioctl(ui, UI_SET_KEYBIT, BTN_LEFT) < 0)
        return -1;
    for (unsigned code = ABS_X; code <= ABS_Y; code++) {
        struct uinput_abs_setup abs;
        memset(&abs, 0, sizeof abs);
        abs.code = (uint16_t)code;
        abs.absinfo.minimum = 0;
        abs.absinfo.maximum = YJ_TOUCH_OUT_MAX;
        if (ioctl(ui, UI_SET_ABSBIT, code) < 0 || ioctl(ui, UI_ABS_SETUP, &abs) < 0)
            return -1;
    }
    if (ioctl(ui, UI_DEV_SETUP, &us) < 0 || ioctl(ui, UI_DEV_CREATE) < 0)
        return -1;
    return 0;
}

/* Read what a device has and replay it; -1 when the device is gone. */
static int
pump(struct dev *d, int ui)
{
    struct input_event in[64], out[YJ_TOUCH_OUT_EVENTS];
    for (;;) {
        ssize_t r = read(d->fd, in, sizeof in);
        if (r < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        if (r == 0)
            return -1;
        for (size_t i = 0; i < (size_t)r / sizeof in[0]; i++) {
            bool dropped = d->t.dropping;
            size_t n = yj_touch_feed(&d->t, &in[i], out);
            struct input_absinfo slot;
            if (dropped && !d->t.dropping && d->t.caps.mt &&
                ioctl(d->fd, EVIOCGABS(ABS_MT_SLOT), &slot) == 0)
                yj_touch_set_slot(&d->t, slot.value);
            if (n > 0 && write(ui, out, n * sizeof out[0]) < 0)
                fprintf(stderr, "yijian-touch: uinput: %s\n", strerror(errno));
        }
    }
}

int
main(int argc, char **argv)
{
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                         {"device", required_argument, NULL, 'd'},
                                         {"rotate", required_argument, NULL, 'r'},
                                         {"uinput", required_argument, NULL, 'u'},
                                         {"list", no_argument, NULL, 'l'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *config = NULL, *device = NULL, *rotate_s = NULL, *uinput = "/dev/uinput";
    bool list = false;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config = optarg;
            break;
        case 'd':
            device = optarg;
            break;
        case 'r':
            rotate_s = optarg;
            break;
        case 'u':
            uinput = optarg;
            break;
        case 'l':
            list = true;
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            fputs("yijian-touch: see yijian-touch --help\n", stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "yijian-touch: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    if (yj_config_load(config) != 0)
        return 2;
    if (device == NULL)
        device = yj_config_get("kiosk.touch_device", NULL);
    if (device != NULL && *device == '\0')
        device = NULL;
    if (rotate_s == NULL)
        rotate_s = yj_config_get("kiosk.touch_rotate", "0");
    char *end;
    long rotate = strtol(rotate_s, &end, 10);
    if (*rotate_s == '\0' || *end != '\0' || rotate % 90 != 0 || rotate < 0 || rotate > 270) {
        fprintf(stderr, "yijian-touch: the rotation '%s' is not 0, 90, 180 or 270\n", rotate_s);
        return 2;
    }

    if (list) {
        scan(device, (int)rotate, true);
        if (nlisted == 0)
            printf("yijian-touch: no touch screen found\n");
        return 0;
    }
    int ui = open(uinput, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (ui < 0) {
        if (errno == ENOENT)
            fprintf(stderr,
                    "yijian-touch: %s is missing: this system has no uinput (load the kernel "
                    "module: modprobe uinput); taps on a touch screen cannot become clicks\n",
                    uinput);
        else
            fprintf(stderr, "yijian-touch: cannot open %s: %s (run as root)\n", uinput,
                    strerror(errno));
        return 1;
    }
    if (make_pointer(ui) < 0) {
        fprintf(stderr, "yijian-touch: %s: cannot create the pointer: %s\n", uinput,
                strerror(errno));
        close(ui);
        return 1;
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigset_t block, none;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &none);
    sigdelset(&none, SIGTERM);
    sigdelset(&none, SIGINT);

    printf("yijian-touch: started (%s%s)\n", device != NULL ? "device " : "scanning /dev/input",
           device != NULL ? device : "");
    fflush(stdout);
    while (!stop) {
        scan(device, (int)rotate, false);
        struct pollfd pfd[MAX_DEVS];
        for (size_t i = 0; i < ndevs; i++)
            pfd[i] = (struct pollfd){.fd = devs[i].fd, .events = POLLIN};
        struct timespec ts = {RESCAN_MS / 1000, (RESCAN_MS % 1000) * 1000000L};
        int r = ppoll(pfd, ndevs, &ts, &none);
        if (r <= 0)
            continue; /* timeout (rescan) or a signal */
        for (size_t i = ndevs; i-- > 0;) {
            if (pfd[i].revents == 0)
                continue;
            if ((pfd[i].revents & (POLLERR | POLLHUP | POLLNVAL)) || pump(&devs[i], ui) < 0) {
                fprintf(stderr, "yijian-touch: %s is gone\n", devs[i].path);
                drop(i, ui);
            }
        }
    }
    while (ndevs > 0)
        drop(ndevs - 1, ui);
    ioctl(ui, UI_DEV_DESTROY);
    close(ui);
    printf("yijian-touch: stopped\n");
    return 0;
}
