/* screens.c: the kiosk's screens by number, for the dispatchers — the kiosk's
 * and the assisted mode's loop (ui.c) and the counter's form screens
 * (counter_main.c). */
#include "ui/ui_int.h"

const struct yj_screen yj_screens[YJ_SCR_COUNT] = {
    [YJ_SCR_SIGNIN] = {yj_scr_signin_draw, yj_scr_signin_key},
    [YJ_SCR_HOME] = {yj_scr_home_draw, yj_scr_home_key},
    [YJ_SCR_RESUME] = {yj_scr_resume_draw, yj_scr_resume_key},
    [YJ_SCR_AUTH] = {yj_scr_auth_draw, yj_scr_auth_key},
    [YJ_SCR_GUIDE] = {yj_scr_guide_draw, yj_scr_guide_key},
    [YJ_SCR_STOP] = {yj_scr_stop_draw, yj_scr_stop_key},
    [YJ_SCR_NOTICE] = {yj_scr_notice_draw, yj_scr_notice_key},
    [YJ_SCR_FORM] = {yj_scr_form_draw, yj_scr_form_key},
    [YJ_SCR_REVIEW] = {yj_scr_review_draw, yj_scr_review_key},
    [YJ_SCR_DONE] = {yj_scr_done_draw, yj_scr_done_key},
    [YJ_SCR_RATING] = {yj_scr_rating_draw, yj_scr_rating_key},
};
