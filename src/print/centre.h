/* centre.h: the centre's X25519 key pairs that seal the receipt QR's case copy.
 *
 * A kiosk encrypts the offline copy in the receipt's QR code to a centre
 * public key (libsodium sealed box), so that only a counter holding the
 * matching private key reads it; a phone that scans the code learns the case
 * number and nothing else.
 *
 * Files: keys.dir/centre-LABEL.key (mode 0600, "LABEL base64(secret)") on the
 * counters, one per key still accepted (rotation: several); keys.centre
 * (default keys.dir/centre) on the kiosks, "LABEL base64(public)" per line,
 * '#' comments, the first usable line being the key a kiosk encrypts to.
 */
#ifndef YJ_CENTRE_H
#define YJ_CENTRE_H

#include <stdbool.h>
#include <stddef.h>

/* One centre key pair held by this terminal. */
struct yj_centre_key {
    char label[65];
    unsigned char pk[32];
    unsigned char sk[32];
};

/* The file listing the centre public keys a kiosk encrypts to: config
 * keys.centre, else keys dir + "/centre". Static buffer. */
const char *yj_centre_pub_path(void);
/* Is label usable in a file name and a key line (1-64 of A-Z a-z 0-9 . _ -)? */
bool yj_centre_label_ok(const char *label);
/* Make a centre key pair LABEL in dir: centre-LABEL.key (0600) and
 * centre-LABEL.pub (0644). Refuses to overwrite unless force. *line (caller
 * frees) gets the public line for keys.centre. 0 or -1 with msg. */
int yj_centre_init(const char *dir, const char *label, bool force, char **line, char *msg,
                   size_t msgsz);
/* Every centre private key in dir (centre-*.key), newest label last is not
 * promised: the order is the directory's, sorted by file name. 0 with *v
 * (caller frees with yj_centre_keys_free, possibly *n == 0), or -1 with msg
 * naming a damaged file. */
int yj_centre_keys_load(const char *dir, struct yj_centre_key **v, size_t *n, char *msg,
                        size_t msgsz);
void yj_centre_keys_free(struct yj_centre_key *v, size_t n);
/* "LABEL base64(public)"; caller frees. */
char *yj_centre_public_line(const struct yj_centre_key *k);
/* The public key to encrypt to: the first usable line of path. 0 (pk and
 * label set), 1 when there is none (no file, no line), -1 when the file holds
 * a damaged line before any usable one (msg says so). */
int yj_centre_pub_load(const char *path, unsigned char pk[32], char label[65], char *msg,
                       size_t msgsz);
/* Seal in to pk; *out (caller frees) gets n + 48 bytes. */
unsigned char *yj_centre_seal(const unsigned char *in, size_t n, const unsigned char pk[32],
                              size_t *outn);
/* Open a sealed box with any of the keys; 0 with *out (caller frees), -1 when
 * none of them opens it. *label_out (may be NULL) names the key that did. */
int yj_centre_open(const struct yj_centre_key *v, size_t n, const unsigned char *in, size_t inn,
                   unsigned char **out, size_t *outn, const char **label_out);

#endif
