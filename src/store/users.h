/* users.h: the counter's clerks and administrators (users.c) — accounts with
 * argon2id password hashes, and sign-in with its delays and lock-out. */
#ifndef YJ_USERS_H
#define YJ_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

#define YJ_ROLE_CLERK "clerk"
#define YJ_ROLE_ADMIN "admin"
#define YJ_ROLE_HELPER "helper" /* assisted mode (帮办) only, never the counter */
#define YJ_PASSWORD_MIN 8       /* characters */
#define YJ_PIN_MIN 4            /* characters: a helper's short PIN */

struct yj_user {
    char *id;
    char *name;
    char *role; /* YJ_ROLE_* */
    bool disabled;
    int failed_attempts;
    long long locked_until; /* Unix time; throttled or locked while now < this */
    char *created_at;
};

/* Initialise libsodium (idempotent). 0, or -1 when it cannot start. */
int yj_users_init(void);
/* A user id: 1-32 of [A-Za-z0-9_.-]. */
bool yj_user_id_valid(const char *id);
/* Is the password acceptable (valid UTF-8, at least YJ_PASSWORD_MIN characters)?
 * false with a message. */
bool yj_password_acceptable(const char *pw, char *msg, size_t msgsz);
/* The same for an account of role: a helper's PIN needs YJ_PIN_MIN characters. */
bool yj_password_acceptable_for(const char *role, const char *pw, char *msg, size_t msgsz);

/* Add a user with an argon2id hash of password (crypto_pwhash_str). */
int yj_user_add(struct yj_store *s, const char *id, const char *name, const char *role,
                const char *password, const struct yj_actor *who);
/* New password; also clears failed attempts and any lock. */
int yj_user_passwd(struct yj_store *s, const char *id, const char *password,
                   const struct yj_actor *who);
int yj_user_set_disabled(struct yj_store *s, const char *id, bool disabled,
                         const struct yj_actor *who);
/* Clear failed attempts and the lock. */
int yj_user_unlock(struct yj_store *s, const char *id, const struct yj_actor *who);
/* 0, YJ_STORE_NOTFOUND or -1. */
int yj_user_get(struct yj_store *s, const char *id, struct yj_user *out);
int yj_user_list(struct yj_store *s, struct yj_user **out, size_t *n);
void yj_user_free(struct yj_user *u);
void yj_user_list_free(struct yj_user *v, size_t n);

enum yj_signin {
    YJ_SIGNIN_OK,
    YJ_SIGNIN_BAD,       /* unknown user or wrong password (one message for both) */
    YJ_SIGNIN_THROTTLED, /* too soon after a failure: wait *wait_s seconds */
    YJ_SIGNIN_LOCKED,    /* too many failures: locked for *wait_s seconds */
    YJ_SIGNIN_DISABLED,
    YJ_SIGNIN_ERROR, /* the database failed (message in yj_store_error) */
};

/* Check a password at time now (Unix seconds). Every outcome is audited
 * ("signin", "signin_failed", "signin_refused", "signin_locked"). After the k-th
 * consecutive failure the account waits yj_signin_delay(k) seconds before the
 * next try, and after counter.max_attempts (default 5) failures it is locked
 * for counter.lock_minutes (default 15). *wait_s gets the seconds to wait (BAD,
 * THROTTLED, LOCKED). On OK, out (may be NULL) gets the user; free it. */
enum yj_signin yj_user_signin(struct yj_store *s, const char *id, const char *password,
                              long long now, long *wait_s, struct yj_user *out);
/* Seconds to wait after the k-th consecutive failure: 1, 2, 4, 8 ... at most 30. */
long yj_signin_delay(int failures);
/* A sentence for a sign-in outcome (Chinese, via gettext) into msg. */
void yj_signin_message(enum yj_signin st, long wait_s, char *msg, size_t msgsz);

#endif
