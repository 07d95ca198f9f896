/* draft.c: the application kept as this terminal's draft (slot u->slot) on
 * every step, so that a crash or a power cut loses nothing typed. */
#include "ui/ui_int.h"

void
yj_save_draft(struct yj_ui *u)
{
    static const char *const names[YJ_SCR_COUNT] = {
        [YJ_SCR_AUTH] = "auth", [YJ_SCR_GUIDE] = "guide",   [YJ_SCR_NOTICE] = "notice",
        [YJ_SCR_FORM] = "form", [YJ_SCR_REVIEW] = "review", [YJ_SCR_STOP] = "guide",
    };
    if (names[u->scr] != NULL)
        yj_flow_draft_save(&u->flow, u->store, u->slot, names[u->scr], u->note, sizeof u->note);
}

void
yj_discard_draft(struct yj_ui *u)
{
    yj_flow_draft_discard(u->store, u->slot);
}
