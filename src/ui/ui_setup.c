/* ui_setup.c: the screens of `yijian setup` — one field after another, the
 * printer pick list, the summary, the public key. The checks and the writing
 * are in setupcheck.c; this file draws and reads keys. */
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/utf8.h"
#include "core/util.h"
#include "ui/editbuf.h"
#include "ui/ime_ui.h"
#include "ui/setup.h"
#include "ui/ui_int.h"
#include "ui/w_line.h"

#define LABEL_X 2
#define VALUE_X 17

struct sui {
    struct yj_ui u; /* drawing helpers: size, note, cursor, theme */
    const char *path;
    struct yj_setup st;
    struct yj_editbuf eb;  /* the field being typed */
    enum yj_su_check live; /* the check of what is typed so far */
    char live_msg[512];    /* its message (or the hint) */
    char region[256];      /* the region of a valid centre code */
    struct yj_print_queue *q;
    int nq;
    char qerr[256];
    struct yj_field pfield; /* the pick list's select field */
    struct yj_choice *pch;
    struct yj_popup pop;
    bool confirm_quit;
    int sum_sel; /* summary: 0 save, 1 change */
    bool written, quit;
    struct yj_setup_result res;
};

/* Maximum characters per field. */
static int
max_chars(enum yj_setup_step f)
{
    switch (f) {
    case YJ_SU_CODE:
        return 6;
    case YJ_SU_NAME:
        return 40;
    case YJ_SU_TERMINAL:
        return 3;
    default:
        return 500;
    }
}

/* Check what is typed now (the upstream only on leaving: a URL half typed is
 * not yet wrong). */
static void
live_check(struct sui *s)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", s->eb.s);
    s->region[0] = '\0';
    switch (s->st.step) {
    case YJ_SU_CODE:
        s->live =
            yj_setup_check_code(buf, s->region, sizeof s->region, s->live_msg, sizeof s->live_msg);
        break;
    case YJ_SU_NAME:
        s->live = yj_setup_check_name(buf, s->live_msg, sizeof s->live_msg);
        break;
    case YJ_SU_TERMINAL:
        s->live = yj_setup_check_terminal(buf, s->live_msg, sizeof s->live_msg);
        if (s->live == YJ_SU_OK)
            snprintf(s->live_msg, sizeof s->live_msg, _("本终端的办件编号将以 %s-%s- 开头"),
                     s->st.v.centre_code, buf);
        break;
    default:
        s->live = YJ_SU_INCOMPLETE;
        s->live_msg[0] = '\0';
        break;
    }
}

/* The pick list of printers: the CUPS queues (the default marked), then none. */
static void
open_printers(struct sui *s)
{
    size_t n = (size_t)(s->nq > 0 ? s->nq : 0);
    for (size_t i = 0; s->pch && s->pch[i].value; i++) {
        free(s->pch[i].value);
        free(s->pch[i].label.s[0]);
    }
    free(s->pch);
    s->pch = xcalloc(n + 2, sizeof *s->pch);
    const char *current = NULL;
    for (size_t i = 0; i < n; i++) {
        s->pch[i].value = xstrdup(s->q[i].name);
        char *l = xasprintf("%s%s%s%s", s->q[i].name, s->q[i].is_default ? _("（默认）") : "",
                            s->q[i].info[0] ? "  " : "", s->q[i].info);
        for (int k = 0; k < YJ_LANG_COUNT; k++)
            s->pch[i].label.s[k] = k == 0 ? l : NULL;
        if (s->q[i].is_default)
            current = s->q[i].name;
    }
    s->pch[n].value = xstrdup("");
    s->pch[n].label.s[0] = xstrdup(_("不使用打印机"));
    s->pfield.type = YJ_F_SELECT;
    s->pfield.choices = s->pch;
    s->pfield.nchoices = n + 1;
    s->pfield.label.s[0] = (char *)_("请选择打印受理回执的打印机");
    if (s->st.v.printer_known)
        current = s->st.v.printer;
    yj_popup_open(&s->pop, &s->pfield, current);
}

/* Enter a step: load the field into the edit buffer, or open the list. */
static void
go_step(struct sui *s)
{
    s->u.note[0] = '\0';
    yj_popup_close(&s->pop);
    if (s->st.step < YJ_SU_FIELDS && s->st.step != YJ_SU_PRINTER) {
        yj_eb_free(&s->eb);
        yj_eb_init(&s->eb, max_chars(s->st.step));
        const char *v =
            s->st.step == YJ_SU_UPSTREAM ? s->st.v.upstream : yj_setup_value(&s->st.v, s->st.step);
        yj_eb_set(&s->eb, v);
        live_check(s);
    } else if (s->st.step == YJ_SU_PRINTER) {
        s->live_msg[0] = '\0';
        open_printers(s);
        if (s->nq < 0)
            snprintf(s->u.note, sizeof s->u.note, "%s", s->qerr);
        else if (s->nq == 0)
            snprintf(
                s->u.note, sizeof s->u.note, "%s",
                _("本机的打印服务中还没有打印机；可先选不使用打印机，以后再运行 yijian setup"));
    }
    s->sum_sel = 0;
    if (s->st.step >= YJ_SU_FIELDS) {
        s->live = YJ_SU_OK;
        s->live_msg[0] = '\0';
    }
}

/* Keep what was typed when going back, so it is there on the way forward. */
static void
keep_typed(struct sui *s)
{
    switch (s->st.step) {
    case YJ_SU_NAME:
        snprintf(s->st.v.centre_name, sizeof s->st.v.centre_name, "%s", s->eb.s);
        break;
    case YJ_SU_TERMINAL:
        snprintf(s->st.v.terminal_id, sizeof s->st.v.terminal_id, "%s", s->eb.s);
        break;
    case YJ_SU_UPSTREAM:
        snprintf(s->st.v.upstream, sizeof s->st.v.upstream, "%s", s->eb.s);
        break;
    default:
        break;
    }
}

/* ---- drawing ---------------------------------------------------------------- */

/* What the field being typed takes: pinyin for the centre's name. */
static unsigned
line_flags(const struct sui *s)
{
    return s->st.step == YJ_SU_NAME ? YJ_LINE_PINYIN : 0;
}

/* The edit buffer in a box of width columns at y, x, with the cursor (the
 * one line editor, w_line.h). */
static void
draw_eb(struct sui *s, int y, int x, int width)
{
    yj_d_fill(y, x, 1, width, YJ_P_FOCUS);
    yj_line_draw(&s->u, &s->eb, line_flags(s), y, x, width - 1, YJ_P_FOCUS, true);
}

/* The five fields, the current one editable. */
static void
draw_fields(struct sui *s)
{
    struct yj_ui *u = &s->u;
    int w = u->cols - VALUE_X - 2;
    for (int f = 0; f < YJ_SU_FIELDS; f++) {
        int y = 2 + f;
        bool cur = (int)s->st.step == f;
        yj_d_text(y, LABEL_X, VALUE_X - LABEL_X - 1, yj_setup_label((enum yj_setup_step)f),
                  cur ? YJ_P_NORMAL : YJ_P_HINT, cur ? A_BOLD : 0);
        if (cur && f != YJ_SU_PRINTER) {
            int bw = f == YJ_SU_CODE ? 8 : f == YJ_SU_TERMINAL ? 5 : w;
            draw_eb(s, y, VALUE_X, bw);
            if (f == YJ_SU_CODE && s->region[0])
                yj_d_text(y, VALUE_X + bw + 2, w - bw - 2, s->region, YJ_P_OK, A_BOLD);
            continue;
        }
        const char *v = yj_setup_value(&s->st.v, (enum yj_setup_step)f);
        char line[600];
        char region[256] = "", msg[256];
        if (f == YJ_SU_CODE && v[0] &&
            yj_setup_check_code(v, region, sizeof region, msg, sizeof msg) == YJ_SU_OK)
            snprintf(line, sizeof line, "%s  %s", v, region);
        else if ((int)s->st.step < f && ((f == YJ_SU_UPSTREAM && !s->st.v.upstream_known) ||
                                         (f == YJ_SU_PRINTER && !s->st.v.printer_known)))
            snprintf(line, sizeof line, "%s", "");
        else
            snprintf(line, sizeof line, "%s", v);
        yj_d_text(y, VALUE_X, w, line, (int)s->st.step > f ? YJ_P_NORMAL : YJ_P_HINT, 0);
    }
}

/* What a field is for. */
static const char *
explain(enum yj_setup_step f)
{
    switch (f) {
    case YJ_SU_CODE:
        return _("本中心所在区县的 6 位行政区划代码（GB/T 2260），写进每个办件编号。"
                 "输入后即显示地区名称。");
    case YJ_SU_NAME:
        return _("打印在受理回执上，请按本中心的正式名称填写。");
    case YJ_SU_TERMINAL:
        return _("3 位大写字母或数字，在本中心内不能重复：自助机用 K01、K02…，"
                 "窗口用 C01、C02…。写进办件编号和签名密钥。");
    case YJ_SU_UPSTREAM:
        return _("可不填。办件将发送到这里：须为 https://，明文 http:// 只允许本机地址。");
    default:
        return "";
    }
}

static void
draw_field_step(struct sui *s)
{
    struct yj_ui *u = &s->u;
    draw_fields(s);
    int w = u->cols - 4;
    if (s->live_msg[0]) {
        int pair = s->live == YJ_SU_BAD ? YJ_P_ERROR : s->live == YJ_SU_OK ? YJ_P_OK : YJ_P_HINT;
        yj_d_wrap(8, LABEL_X, w, 2, s->live_msg, pair, s->live == YJ_SU_BAD ? A_BOLD : 0);
    }
    yj_d_wrap(11, LABEL_X, w, u->rows - 2 - 11, explain(s->st.step), YJ_P_NORMAL, 0);
    yj_d_footer(u, s->st.step == YJ_SU_CODE ? _("回车 下一项  Esc/Ctrl-C 退出")
                                            : _("回车 下一项  Esc 上一项  Ctrl-C 退出"));
    if (s->st.step == YJ_SU_PRINTER)
        yj_popup_draw(u, &s->pop);
}

static void
draw_summary(struct sui *s)
{
    struct yj_ui *u = &s->u;
    int w = u->cols - 4, y = 2;
    yj_d_text(y++, LABEL_X, w, _("请确认以下设置："), YJ_P_NORMAL, A_BOLD);
    char *sum = yj_setup_summary(&s->st.v);
    for (char *line = sum, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        *nl = '\0';
        yj_d_text(y++, LABEL_X + 2, w - 2, line, YJ_P_NORMAL, 0);
    }
    free(sum);
    y++;
    char buf[1024];
    snprintf(buf, sizeof buf, _("将写入配置文件 %s（其他设置和注释保留不变）"), s->path);
    y += yj_d_wrap(y, LABEL_X, w, 2, buf, YJ_P_HINT, 0);
    if (s->live == YJ_SU_BAD && s->live_msg[0])
        y += yj_d_wrap(y, LABEL_X, w, 3, s->live_msg, YJ_P_ERROR, A_BOLD);
    int by = y + 1 < u->rows - 3 ? y + 1 : u->rows - 3;
    int x = LABEL_X;
    x += yj_d_button(by, x, _("保存"), s->sum_sel == 0) + 2;
    yj_d_button(by, x, _("返回修改"), s->sum_sel == 1);
    yj_d_footer(u, _("←→ 选择  回车 确定  Esc 上一项  Ctrl-C 退出"));
}

static void
draw_done(struct sui *s)
{
    struct yj_ui *u = &s->u;
    int w = u->cols - 4, y = 2;
    char buf[1024];
    yj_d_text(y++, LABEL_X, w, _("设置已保存。"), YJ_P_OK, A_BOLD);
    snprintf(buf, sizeof buf, _("配置文件：%s"), s->path);
    y += yj_d_wrap(y, LABEL_X, w, 2, buf, YJ_P_NORMAL, 0);
    snprintf(buf, sizeof buf,
             s->res.key_created ? _("已生成签名密钥：%s/terminal.key")
                                : _("沿用已有的签名密钥：%s/terminal.key"),
             s->res.key_dir);
    y += yj_d_wrap(y, LABEL_X, w, 2, buf, YJ_P_NORMAL, 0);
    snprintf(buf, sizeof buf, _("数据库：%s"), s->res.db_path);
    y += yj_d_wrap(y, LABEL_X, w, 2, buf, YJ_P_NORMAL, 0);
    y++;
    y += yj_d_wrap(y, LABEL_X, w, 2,
                   _("请把下面这一行加入各窗口终端的可信公钥文件（keys.trusted）："), YJ_P_NORMAL,
                   A_BOLD);
    y += yj_d_wrap(y, LABEL_X, w, 2, s->res.publine, YJ_P_NORMAL, A_BOLD);
    yj_d_wrap(y, LABEL_X, w, 2, _("（yijian keys show 显示同一行）"), YJ_P_HINT, 0);
    yj_d_footer(u, _("回车 退出"));
}

static void
draw_confirm(struct sui *s)
{
    struct yj_ui *u = &s->u;
    int w = u->cols - 8 < 52 ? u->cols - 8 : 52, h = 6;
    int x = (u->cols - w) / 2, y = (u->rows - h) / 2;
    yj_d_fill(y, x, h, w, YJ_P_WARN);
    yj_d_box(y, x, h, w, YJ_P_WARN);
    yj_d_text(y + 1, x + 2, w - 4, _("退出设置？"), YJ_P_WARN, A_BOLD | A_REVERSE);
    yj_d_text(y + 2, x + 2, w - 4, _("已填写的内容不会保存，配置文件不变。"), YJ_P_WARN, A_REVERSE);
    yj_d_text(y + 4, x + 2, w - 4, _("回车 退出    Esc 继续设置"), YJ_P_WARN, A_REVERSE);
    u->cur_on = false;
}

static void
draw_small(struct sui *s)
{
    struct yj_ui *u = &s->u;
    const char *msg = _("请放大窗口");
    char buf[128];
    snprintf(buf, sizeof buf, "%d×%d < %d×%d", u->cols, u->rows, YJ_SETUP_MIN_COLS,
             YJ_SETUP_MIN_ROWS);
    int y = u->rows / 2 - 1 < 0 ? 0 : u->rows / 2 - 1;
    int x = (u->cols - yj_str_width(msg)) / 2;
    yj_d_text(y, x < 0 ? 0 : x, u->cols - (x < 0 ? 0 : x), msg, YJ_P_NORMAL, A_BOLD);
    x = (u->cols - yj_str_width(buf)) / 2;
    yj_d_text(y + 1, x < 0 ? 0 : x, u->cols - (x < 0 ? 0 : x), buf, YJ_P_HINT, 0);
}

static void
draw(struct sui *s)
{
    struct yj_ui *u = &s->u;
    getmaxyx(stdscr, u->rows, u->cols);
    erase();
    yj_hit_clear();
    u->cur_on = false;
    u->typing = 0;
    if (u->rows < YJ_SETUP_MIN_ROWS || u->cols < YJ_SETUP_MIN_COLS) {
        draw_small(s);
    } else {
        char right[64];
        if (s->st.step < YJ_SU_FIELDS)
            snprintf(right, sizeof right, _("第 %d/%d 项"), (int)s->st.step + 1, YJ_SU_FIELDS);
        else
            snprintf(right, sizeof right, "%s", s->st.step == YJ_SU_DONE ? _("完成") : _("确认"));
        yj_d_header(u, _("一件事 终端设置"), right);
        if (s->st.step == YJ_SU_SUMMARY)
            draw_summary(s);
        else if (s->st.step == YJ_SU_DONE)
            draw_done(s);
        else
            draw_field_step(s);
        if (s->confirm_quit)
            draw_confirm(s);
        else
            yj_w_ime_draw(u); /* pinyin candidates and 中/英 for the centre's name */
    }
    yj_d_present(u);
}

/* ---- keys ------------------------------------------------------------------- */

static bool
is_enter(int type, wint_t ch)
{
    return (type == OK && (ch == '\r' || ch == '\n')) || (type == KEY_CODE_YES && ch == KEY_ENTER);
}

/* Leave the current field forward with value. */
static void
forward(struct sui *s, const char *value)
{
    char msg[512];
    if (yj_setup_enter(&s->st, value, s->q, s->nq, msg, sizeof msg)) {
        go_step(s);
        return;
    }
    s->live = YJ_SU_BAD;
    snprintf(s->live_msg, sizeof s->live_msg, "%s", msg);
    if (s->st.step == YJ_SU_PRINTER)
        snprintf(s->u.note, sizeof s->u.note, "%s", msg);
}

/* Typing into the field's edit buffer, through the one line editor. */
static void
field_key(struct sui *s, int type, wint_t ch)
{
    struct yj_editbuf *b = &s->eb;
    bool composing = yj_w_ime_composing();
    if (!composing && is_enter(type, ch)) {
        forward(s, b->s);
        return;
    }
    if (!composing && type == OK && ch >= 32) {
        if (s->st.step == YJ_SU_CODE && (ch < '0' || ch > '9')) {
            s->live = YJ_SU_BAD;
            snprintf(s->live_msg, sizeof s->live_msg, "%s",
                     _("服务中心代码只能是数字（6 位行政区划代码，如 310104）"));
            return;
        }
        if (s->st.step == YJ_SU_TERMINAL && ch >= 'a' && ch <= 'z')
            ch = ch - 'a' + 'A';
    }
    int r = yj_line_key(&s->u, b, line_flags(s), type, ch);
    if (r == YJ_LINE_NONE || ((r & YJ_LINE_BY_IME) && !(r & YJ_LINE_CHANGED)))
        return;
    if (!(r & YJ_LINE_CHANGED) && s->u.note[0] != '\0') {
        /* did not fit: said where the field's check speaks */
        s->u.note[0] = '\0';
        live_check(s);
        if (s->live != YJ_SU_BAD) {
            s->live = YJ_SU_BAD;
            snprintf(s->live_msg, sizeof s->live_msg, _("这一项最多 %d 个字符"),
                     max_chars(s->st.step));
        }
        return;
    }
    live_check(s);
}

static void
summary_key(struct sui *s, int type, wint_t ch)
{
    if (type == KEY_CODE_YES &&
        (ch == KEY_LEFT || ch == KEY_RIGHT || ch == KEY_UP || ch == KEY_DOWN || ch == KEY_BTAB)) {
        s->sum_sel = !s->sum_sel;
        return;
    }
    if (type == OK && ch == '\t') {
        s->sum_sel = !s->sum_sel;
        return;
    }
    if (!is_enter(type, ch))
        return;
    if (s->sum_sel == 1) {
        s->st.step = YJ_SU_CODE;
        go_step(s);
        return;
    }
    snprintf(s->u.note, sizeof s->u.note, "%s", _("正在保存…"));
    draw(s);
    if (yj_setup_apply(s->path, &s->st.v, &s->res, s->live_msg, sizeof s->live_msg) != 0) {
        s->u.note[0] = '\0';
        s->live = YJ_SU_BAD;
        return;
    }
    s->u.note[0] = '\0';
    s->written = true;
    s->st.step = YJ_SU_DONE;
}

static void
key(struct sui *s, int type, wint_t ch)
{
    bool esc = type == OK && ch == 27, ctrl_c = type == OK && ch == 3;
    if (s->st.step == YJ_SU_DONE) {
        if (is_enter(type, ch) || esc || ctrl_c)
            s->quit = true;
        return;
    }
    if (s->confirm_quit) {
        if (is_enter(type, ch) || (type == OK && (ch == 'y' || ch == 'Y' || ctrl_c)))
            s->quit = true;
        else if (esc || (type == OK && (ch == 'n' || ch == 'N')))
            s->confirm_quit = false;
        return;
    }
    if (ctrl_c) {
        s->confirm_quit = true;
        return;
    }
    if (s->st.step == YJ_SU_PRINTER) {
        char out[256];
        int r = yj_popup_key(&s->u, &s->pop, type, ch, out, sizeof out);
        if (r == 1) {
            forward(s, out);
            if (s->st.step == YJ_SU_PRINTER)
                open_printers(s); /* refused: the list again */
        } else if (r == -1) {
            yj_setup_back(&s->st);
            go_step(s);
        }
        return;
    }
    /* 中/英 for the centre's name; while composing, Esc and Enter are the
     * engine's. */
    if (s->st.step < YJ_SU_FIELDS && yj_w_ime_toggle_key(&s->u, type, ch))
        return;
    if (yj_w_ime_composing()) {
        field_key(s, type, ch);
        return;
    }
    if (esc) {
        keep_typed(s);
        if (yj_setup_back(&s->st))
            go_step(s);
        else
            s->confirm_quit = true;
        return;
    }
    s->u.note[0] = '\0';
    if (s->st.step == YJ_SU_SUMMARY)
        summary_key(s, type, ch);
    else
        field_key(s, type, ch);
}

int
yj_setup_run(const char *path, struct yj_setup_values *v, struct yj_setup_result *r)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        yj_err("%s", _("设置对话需要终端；脚本中请用 --yes 和各项参数（见 yijian setup --help）"));
        return 1;
    }
    struct sui *s = xcalloc(1, sizeof *s);
    s->path = path;
    yj_setup_init(&s->st, v);
    s->nq = yj_print_queues(&s->q, s->qerr, sizeof s->qerr);
    yj_eb_init(&s->eb, 6);
    yj_w_ime_init(false); /* a private engine that learns nothing */
    if (yj_ui_term_start(&s->u, 250) != 0) {
        yj_w_ime_free();
        free(s->q);
        free(s);
        return 1;
    }
    go_step(s);
    while (!s->quit && !yj_ui_term_requested()) {
        draw(s);
        wint_t ch;
        int type = wget_wch(stdscr, &ch);
        if (type == ERR || (type == KEY_CODE_YES && ch == KEY_RESIZE))
            continue;
        getmaxyx(stdscr, s->u.rows, s->u.cols);
        if (s->u.rows < YJ_SETUP_MIN_ROWS || s->u.cols < YJ_SETUP_MIN_COLS) {
            if (type == OK && ch == 3)
                s->quit = true; /* too small to confirm: nothing is written anyway */
            continue;
        }
        key(s, type, ch);
    }
    endwin();
    int rc = s->written ? 0 : 1;
    if (s->written) {
        *v = s->st.v;
        *r = s->res;
    }
    yj_w_ime_free();
    yj_popup_close(&s->pop);
    for (size_t i = 0; s->pch && s->pch[i].value; i++) {
        free(s->pch[i].value);
        free(s->pch[i].label.s[0]);
    }
    free(s->pch);
    free(s->q);
    yj_eb_free(&s->eb);
    free(s);
    return rc;
}
