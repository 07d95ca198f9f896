/* idmask.h: the one ID-number masking, for every screen, receipt, list and
 * audit detail that shows an identity document's number to a person.
 */
#ifndef YJ_IDMASK_H
#define YJ_IDMASK_H

#include <stddef.h>

/* The number with its middle starred, never in full whatever its length or type:
 * 15 characters or more (18-digit resident ID and residence permits, the 2023
 * foreign permanent resident ID, the 15-digit legacy ID, long passports) keep the
 * first 6 and the last 4; shorter ones (HK/Macau/Taiwan travel permits, home
 * return permits, passports, the 2004 foreign resident card) keep a quarter at
 * each end, so at least half is starred; 3 characters or fewer are all stars.
 * Counts characters (UTF-8), cuts at outsz; NULL gives "". */
void yj_mask_id(const char *id, char *out, size_t outsz);

#endif
