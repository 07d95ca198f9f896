/* cupsjob.h: submitting a document to a CUPS queue and following the job to
 * its end, with messages a person can act on. */
#ifndef YJ_CUPSJOB_H
#define YJ_CUPSJOB_H

#include <stdbool.h>
#include <stddef.h>

enum yj_cups_rc {
    YJ_CUPS_OK = 0,        /* the job completed */
    YJ_CUPS_NO_SERVER,     /* the print service is not running */
    YJ_CUPS_NO_PRINTER,    /* no such queue, or no default */
    YJ_CUPS_STOPPED,       /* the queue is paused (cupsdisable) */
    YJ_CUPS_REJECTING,     /* the queue does not accept jobs (cupsreject) */
    YJ_CUPS_SUBMIT_FAILED, /* the job could not be created or sent */
    YJ_CUPS_JOB_FAILED,    /* the job was aborted, cancelled or stopped */
    YJ_CUPS_TIMEOUT,       /* the job did not finish in time; it was cancelled */
};

struct yj_cups_job {
    const char *queue; /* NULL: the default printer */
    const char *title;
    const char *format; /* "application/pdf" or "application/vnd.cups-raw" */
    const char *media;  /* e.g. "iso_a4_210x297mm", or NULL */
    const void *data;
    size_t len;
    int timeout_s; /* for the whole job, from submission to completion */
};

/* Is the CUPS scheduler (cupsServer()) reachable at all? */
bool yj_cups_server_up(void);

/* Print and wait. Returns YJ_CUPS_OK, or another code with a Chinese message
 * in msg. *job_id (may be NULL) gets the job number when one was created. */
int yj_cups_print(const struct yj_cups_job *j, int *job_id, char *msg, size_t msgsz);

#endif
