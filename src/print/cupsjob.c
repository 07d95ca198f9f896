/* cupsjob.c: CUPS submission (cupsCreateDestJob + cupsStartDestDocument +
 * cupsWriteRequestData + cupsFinishDestDocument) and job following by polling
 * Get-Job-Attributes. Never runs lp. */
#include "print/cupsjob.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cups/cups.h>

#include "core/i18n.h"

/* Milliseconds since an arbitrary start. */
static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool
yj_cups_server_up(void)
{
    http_t *h = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, HTTP_ENCRYPTION_IF_REQUESTED,
                             1, 3000, NULL);
    if (h == NULL)
        return false;
    httpClose(h);
    return true;
}

/* Current job state, reasons and printer message via Get-Job-Attributes. */
static ipp_jstate_t
job_state(const char *printer_uri, int job_id, char *reasons, size_t rsz, char *pmsg, size_t psz)
{
    ipp_t *req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
    static const char *const want[] = {"job-state", "job-state-reasons",
                                       "job-printer-state-message"};
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, printer_uri);
    ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, cupsUser());
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL, want);
    ipp_t *resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/");
    ipp_jstate_t st = (ipp_jstate_t)0;
    reasons[0] = pmsg[0] = '\0';
    if (resp != NULL) {
        ipp_attribute_t *a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM);
        if (a)
            st = (ipp_jstate_t)ippGetInteger(a, 0);
        a = ippFindAttribute(resp, "job-state-reasons", IPP_TAG_KEYWORD);
        if (a)
            snprintf(reasons, rsz, "%s", ippGetString(a, 0, NULL));
        a = ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT);
        if (a)
            snprintf(pmsg, psz, "%s", ippGetString(a, 0, NULL));
        ippDelete(resp);
    }
    return st;
}

/* The printer's current state from a fresh copy of its dest. */
static int
printer_state(const char *name, char *reasons, size_t rsz)
{
    cups_dest_t *d = cupsGetNamedDest(CUPS_HTTP_DEFAULT, name, NULL);
    if (d == NULL)
        return 0;
    const char *s = cupsGetOption("printer-state", d->num_options, d->options);
    const char *r = cupsGetOption("printer-state-reasons", d->num_options, d->options);
    snprintf(reasons, rsz, "%s", r ? r : "");
    int st = s ? atoi(s) : 0;
    cupsFreeDests(1, d);
    return st;
}

int
yj_cups_print(const struct yj_cups_job *j, int *job_id, char *msg, size_t msgsz)
{
    int rc;
    int id = 0;
    cups_dest_t *dest = NULL;
    cups_dinfo_t *info = NULL;
    int nopt = 0;
    cups_option_t *opts = NULL;
    if (job_id)
        *job_id = 0;

    dest = cupsGetNamedDest(CUPS_HTTP_DEFAULT, j->queue, NULL);
    if (dest == NULL) {
        if (!yj_cups_server_up()) {
            snprintf(msg, msgsz, "%s", _("打印服务未运行，无法打印。办件已保存，可稍后重新打印"));
            return YJ_CUPS_NO_SERVER;
        }
        if (j->queue)
            snprintf(msg, msgsz,
                     _("找不到打印机“%s”，请检查配置项 print.printer。办件已保存，可稍后重新打印"),
                     j->queue);
        else
            snprintf(msg, msgsz, "%s",
                     _("没有设置默认打印机，请在配置项 print.printer "
                       "中指定。办件已保存，可稍后重新打印"));
        return YJ_CUPS_NO_PRINTER;
    }
    const char *name = dest->name;
    const char *st = cupsGetOption("printer-state", dest->num_options, dest->options);
    const char *acc = cupsGetOption("printer-is-accepting-jobs", dest->num_options, dest->options);
    const char *uri = cupsGetOption("printer-uri-supported", dest->num_options, dest->options);
    if (st && atoi(st) == IPP_PSTATE_STOPPED) {
        snprintf(msg, msgsz, _("打印机“%s”已暂停，请工作人员恢复打印机后重新打印。办件已保存"),
                 name);
        rc = YJ_CUPS_STOPPED;
        goto out;
    }
    if (acc && (strcmp(acc, "false") == 0 || strcmp(acc, "0") == 0)) {
        snprintf(msg, msgsz, _("打印机“%s”目前不接收打印任务，请联系工作人员。办件已保存"), name);
        rc = YJ_CUPS_REJECTING;
        goto out;
    }
    info = cupsCopyDestInfo(CUPS_HTTP_DEFAULT, dest);
    if (j->media && info &&
        cupsCheckDestSupported(CUPS_HTTP_DEFAULT, dest, info, "media", j->media))
        nopt = cupsAddOption("media", j->media, nopt, &opts);
    ipp_status_t ist = cupsCreateDestJob(CUPS_HTTP_DEFAULT, dest, info, &id, j->title, nopt, opts);
    if (ist > IPP_STATUS_OK_CONFLICTING || id <= 0) {
        if (ist == IPP_STATUS_ERROR_NOT_ACCEPTING_JOBS) {
            snprintf(msg, msgsz, _("打印机“%s”目前不接收打印任务，请联系工作人员。办件已保存"),
                     name);
            rc = YJ_CUPS_REJECTING;
        } else {
            snprintf(msg, msgsz, _("无法向打印机“%s”提交任务：%s。办件已保存，可稍后重新打印"),
                     name, cupsLastErrorString());
            rc = YJ_CUPS_SUBMIT_FAILED;
        }
        goto out;
    }
    if (job_id)
        *job_id = id;
    if (cupsStartDestDocument(CUPS_HTTP_DEFAULT, dest, info, id, j->title, j->format, 0, NULL, 1) !=
            HTTP_STATUS_CONTINUE ||
        cupsWriteRequestData(CUPS_HTTP_DEFAULT, j->data, j->len) != HTTP_STATUS_CONTINUE ||
        cupsFinishDestDocument(CUPS_HTTP_DEFAULT, dest, info) > IPP_STATUS_OK_CONFLICTING) {
        snprintf(msg, msgsz, _("向打印机“%s”发送回执失败：%s。办件已保存，可稍后重新打印"), name,
                 cupsLastErrorString());
        cupsCancelDestJob(CUPS_HTTP_DEFAULT, dest, id);
        rc = YJ_CUPS_SUBMIT_FAILED;
        goto out;
    }
    /* Follow the job: completed is the only success. */
    long long deadline = now_ms() + (long long)(j->timeout_s > 0 ? j->timeout_s : 60) * 1000;
    char reasons[256], pmsg[256], preasons[256];
    for (;;) {
        ipp_jstate_t js = job_state(uri ? uri : "ipp://localhost/", id, reasons, sizeof reasons,
                                    pmsg, sizeof pmsg);
        if (js == IPP_JSTATE_COMPLETED) {
            rc = YJ_CUPS_OK;
            msg[0] = '\0';
            goto out;
        }
        if (js == IPP_JSTATE_ABORTED || js == IPP_JSTATE_CANCELED || js == IPP_JSTATE_STOPPED) {
            if (js == IPP_JSTATE_STOPPED)
                cupsCancelDestJob(CUPS_HTTP_DEFAULT, dest, id);
            snprintf(msg, msgsz, _("打印任务 %d 失败（%s%s%s）。办件已保存，可重新打印"), id,
                     reasons[0] ? reasons : "", pmsg[0] ? "：" : "", pmsg);
            rc = YJ_CUPS_JOB_FAILED;
            goto out;
        }
        /* A queue paused while the job waits will not print it: give up now
         * rather than print it hours later. */
        if (printer_state(name, preasons, sizeof preasons) == IPP_PSTATE_STOPPED) {
            cupsCancelDestJob(CUPS_HTTP_DEFAULT, dest, id);
            snprintf(msg, msgsz,
                     _("打印机“%s”已暂停，打印任务已取消。请恢复打印机后重新打印。办件已保存"),
                     name);
            rc = YJ_CUPS_STOPPED;
            goto out;
        }
        if (now_ms() > deadline) {
            cupsCancelDestJob(CUPS_HTTP_DEFAULT, dest, id);
            snprintf(msg, msgsz,
                     _("打印机“%s”长时间没有完成打印（%s），任务已取消。请检查打印机是否开机、"
                       "缺纸或连接断开，然后重新打印。办件已保存"),
                     name, pmsg[0] ? pmsg : _("无响应"));
            rc = YJ_CUPS_TIMEOUT;
            goto out;
        }
        usleep(100 * 1000);
    }
out:
    cupsFreeOptions(nopt, opts);
    if (info)
        cupsFreeDestInfo(info);
    cupsFreeDests(1, dest);
    return rc;
}
