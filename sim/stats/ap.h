/*
 * ap.h: the constraint by the active-period method (Roser, Nakano and
 * Tanaka, "Shifting bottleneck detection", Winter Simulation Conference
 * 2002).
 *
 * The entities are a line's stations, then its devices, then its links
 * (indices 0..n-1 in that order). A station is active while all its
 * servers work; a device while all its capacity is busy; a link while it
 * moves bytes. Starved, blocked and waiting time is not active. Between
 * periods of equal length the higher index wins: a device holds every
 * period of a station that only it serves, and more. At each
 * instant the momentary bottleneck is the station whose active period
 * covering that instant lasts longest (its whole length, start to end).
 * When the bottleneck passes from one station to another, the overlap of
 * their two periods is shifting time for both (an instant in two of a
 * station's overlaps, with the bottleneck before it and the one after,
 * counts once); the rest of a station's time as the bottleneck is sole.
 * Over the window each station gets the fraction of time it was the sole
 * bottleneck and the fraction it shared.
 *
 * Streaming, with memory bounded by the stations' overlapping periods, not
 * by the run's length: the bottleneck at t is known once at most one
 * period still under way covers t and it has already lasted longer than
 * every finished period covering t; time is settled up to there. A
 * finished period that an ongoing one covers and has outlasted can never
 * be the longest at any instant, and is dropped at once.
 */
#ifndef AP_H
#define AP_H

#include <stdint.h>

#include "core/simtime.h"

typedef struct ap ap;

ap *ap_new(int n);		/* n entities; NULL when out of memory */
void ap_free(ap *a);		/* ap_free(NULL) is a no-op */

/* A new replication (now 0), nothing active. */
void ap_clear(ap *a);

/* The measured window starts at now: what was settled before is dropped,
 * periods under way keep their starts (their length counts whole). */
void ap_window(ap *a, simtime now);

/* Station k is active from now on, or not. Repeated calls with the same
 * state are no-ops. 0, or -1 when out of memory. */
int ap_set(ap *a, int k, int active, simtime now);

/* The start of entity k's active period under way, or -1 when it is not
 * active now (a period that ended at this very instant may yet go on: it
 * reads as not active until it does). */
simtime ap_active_since(const ap *a, int k);

/* The window ends at now: periods under way end here, all is settled. */
int ap_finish(ap *a, simtime now);

/* After ap_finish: the fractions of the window station k was the sole
 * bottleneck and a shifting one. */
double ap_sole(const ap *a, int k);
double ap_shifting(const ap *a, int k);

#endif
