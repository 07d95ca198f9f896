/* qrpayload.h: the receipt's QR text — a signed, compact copy of a case.
 *
 * Text:   "YJ1:" CASE_NO ":" BASE45(header body signature)
 *         CASE_NO is the case number in clear when it uses only 0-9 A-Z and '-'
 *         (empty otherwise); everything a scanner types is in the QR
 *         alphanumeric set, so the code is encoded in alphanumeric mode.
 * Binary: u8 version (1) | u8 flags | str signer terminal id | body | [64-byte
 *         Ed25519 signature over every byte before it, when YJ_QRF_SIGNED]
 *         body is raw-deflated with the preset dictionary yj_qr_dict when
 *         YJ_QRF_DEFLATE (only when that is shorter);
 *         a full body carries the whole case (identity, applicant, items,
 *         answers), a YJ_QRF_NUMBER_ONLY body only uuid, number, centre,
 *         terminal and time (the counter fetches the rest upstream);
 *         YJ_QRF_SEALED: the body bytes are crypto_box_seal(body, centre pk),
 *         and a sealed full body leaves out what a counter never takes from a
 *         code (status, times of change, clerk, revision, item states).
 * Strings are varint(len + 1) + bytes, varint 0 meaning NULL; integers are
 * unsigned LEB128 varints.
 */
#ifndef YJ_QRPAYLOAD_H
#define YJ_QRPAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "core/case.h"

#define YJ_QR_PREFIX "YJ1:"
#define YJ_QR_VERSION 1
#define YJ_QRF_DEFLATE 0x01u
#define YJ_QRF_NUMBER_ONLY 0x02u
#define YJ_QRF_SIGNED 0x04u
/* The body (deflated or not) is a libsodium sealed box to a centre public key
 * (print/centre.h): only a counter holding the centre's private key reads it.
 * Always signed; the case number in clear is then required. */
#define YJ_QRF_SEALED 0x08u
/* Decoder limits (a decoded payload never gets bigger than this). */
#define YJ_QR_MAX_BODY (64u * 1024u)
#define YJ_QR_MAX_ANSWERS 4096u
#define YJ_QR_MAX_ITEMS 256u

/* The preset deflate dictionary of format 1 (qrdict.c). */
extern const unsigned char yj_qr_dict[];
extern const size_t yj_qr_dict_len;

/* A terminal's Ed25519 key pair. */
struct yj_keypair {
    char terminal[65];
    unsigned char pk[32];
    unsigned char sk[64];
};

/* Where keys live: config keys.dir, else the database's directory + "/keys".
 * Returns a static buffer. */
const char *yj_keys_dir(void);
/* The trusted-keys file: config keys.trusted, else keys dir + "/trusted". */
const char *yj_keys_trusted_path(void);
/* Generate a key pair for terminal into dir (terminal.key mode 0600,
 * terminal.pub). Refuses to overwrite unless force. 0 or -1 with msg. */
int yj_keys_init(const char *dir, const char *terminal, bool force, char *msg, size_t msgsz);
/* Load this terminal's key pair from dir. 0, 1 when there is none, -1 on a
 * damaged file (msg says which). */
int yj_keys_load(const char *dir, struct yj_keypair *kp, char *msg, size_t msgsz);
/* Create dir and its missing parents (0755), the last one owner-only (0700);
 * 0 or -1 with errno. Terminal and centre keys alike. */
int yj_keys_make_dir(const char *dir);
/* Write "label base64(key)\n" (key at most 64 bytes) to path with exactly mode,
 * never through a symbolic link, fsynced; 0 or -1 with errno. */
int yj_keys_write_line(const char *path, const char *label, const unsigned char *key, size_t n,
                       mode_t mode);
/* "terminal base64-public-key" (the line for keys.trusted); caller frees. */
char *yj_keys_public_line(const struct yj_keypair *kp);

/* Build the QR text for c. kp NULL gives an unsigned code (imports refuse it).
 * number_only selects the short form. Returns a string the caller frees. */
char *yj_qrpayload_encode(const struct yj_case *c, const struct yj_keypair *kp, bool number_only);

/* The full copy of c sealed to centre_pk and signed with kp (both required):
 * what a kiosk prints once a centre key is configured. Caller frees. */
char *yj_qrpayload_encode_sealed(const struct yj_case *c, const struct yj_keypair *kp,
                                 const unsigned char centre_pk[32]);

/* A parsed QR text. */
struct yj_qrpayload {
    unsigned flags;
    char signer[65];
    struct yj_case c; /* number-only: only uuid, case_no, thing_id, centre, terminal, time */
    unsigned char *signed_part; /* the bytes the signature covers */
    size_t signed_len;
    unsigned char sig[64];
    unsigned char *sealed; /* YJ_QRF_SEALED: the box, until yj_qrpayload_unseal */
    size_t sealed_len;
};

/* Parse text as a scanner typed it (surrounding blanks, CR/LF and lower case
 * are tolerated). Checks structure only, not the signature; a sealed body is
 * kept in p->sealed and p->c holds only the case number. 0, or -1 with a
 * Chinese message in msg. Free with yj_qrpayload_free even after failure. */
int yj_qrpayload_parse(const char *text, size_t len, struct yj_qrpayload *p, char *msg,
                       size_t msgsz);
/* Verify p's signature against the keys listed for p->signer in trusted_path
 * (and own, when not NULL and its terminal matches). 0, or -1 with msg. */
int yj_qrpayload_verify(const struct yj_qrpayload *p, const char *trusted_path,
                        const struct yj_keypair *own, char *msg, size_t msgsz);
/* Open a sealed payload (parsed, and verified first) with any centre private
 * key in keys_dir and parse its body into p->c. 0 (also for a code that is not
 * sealed), or -1 with a Chinese message (no centre key here, none fits, or the
 * body is damaged). */
int yj_qrpayload_unseal(struct yj_qrpayload *p, const char *keys_dir, char *msg, size_t msgsz);
void yj_qrpayload_free(struct yj_qrpayload *p);

#endif
