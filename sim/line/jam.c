/*
 * jam.c: deadlock. Finite buffers in a loop can stop a line for good:
 * every server of station a holds an item for b, which is full, and every
 * server of b holds one for a. No event will ever free them, while the
 * sources go on arriving (and blocking), so the event queue never runs
 * dry and the run would simulate a stopped line to its end.
 *
 * A set D of stations is deadlocked when every station in it is a plain
 * process station whose servers are all blocked, each waiting for a place
 * at a station of D: a place opens only when a server passes its item on,
 * and none of D's can. The set can only close when a server blocks, and
 * then the station whose server it was is in it; so jam_check runs from
 * block(), and only when that station has no server left that is not
 * blocked, which on a line that flows is seldom and ends at once.
 *
 * It finds the greatest such set among the stations it can reach from
 * there through blocked servers (a station that waits on one that can
 * still move is dropped, until nothing changes) and, when the start
 * station stays, ends the replication with the cycle it holds. The work
 * is in proportion to the stations reached; the arrays are the line's.
 */
#include "line/line_impl.h"

#include <stdint.h>
#include <string.h>

/* Can station st be part of a deadlock: a plain process station, every
 * server blocked on a station (not a fork, not a barrier)? */
static int jammed(const line *ln, const station *st)
{
	if (st->kind != SCEN_STN_PROCESS || st->batching || st->nsrv == 0 ||
	    st->blocked.v < st->nsrv)
		return 0;
	for (int64_t i = 0; i < st->nsrv; i++) {
		const server *sv = &st->srv[i];

		if (sv->state != SRV_BLOCKED || sv->dest < 0 ||
		    ln->st[sv->dest].kind == SCEN_STN_BARRIER)
			return 0;
	}
	return 1;
}

/* A fresh mark; the arrays start over when the count would wrap. */
static void next_mark(line *ln)
{
	if (ln->jam_mark == INT32_MAX - 1) {
		memset(ln->jam_seen, 0, (size_t)ln->nst * sizeof *ln->jam_seen);
		memset(ln->jam_bad, 0, (size_t)ln->nst * sizeof *ln->jam_bad);
		ln->jam_mark = 0;
	}
	ln->jam_mark++;
}

/* The stations reached from st0 through blocked servers, into jam_list
 * (marked in jam_seen); those that cannot be in the set, in jam_bad.
 * Returns how many were reached. */
static int reach(line *ln, int32_t st0)
{
	int32_t mark = ln->jam_mark, n = 0, head = 0;

	ln->jam_seen[st0] = mark;
	ln->jam_list[n++] = st0;
	while (head < n) {
		station *st = &ln->st[ln->jam_list[head++]];

		if (!jammed(ln, st)) {
			ln->jam_bad[st->idx] = mark;
			continue;
		}
		for (int64_t i = 0; i < st->nsrv; i++) {
			int32_t d = st->srv[i].dest;

			if (ln->jam_seen[d] != mark) {
				ln->jam_seen[d] = mark;
				ln->jam_list[n++] = d;
			}
		}
	}
	return n;
}

/* Drop every station that waits on a dropped one, until none changes. */
static void prune(line *ln, int n)
{
	int32_t mark = ln->jam_mark;

	for (int changed = 1; changed;) {
		changed = 0;
		for (int k = 0; k < n; k++) {
			const station *st = &ln->st[ln->jam_list[k]];

			if (ln->jam_bad[st->idx] == mark)
				continue;
			for (int64_t i = 0; i < st->nsrv; i++)
				if (ln->jam_bad[st->srv[i].dest] == mark) {
					ln->jam_bad[st->idx] = mark;
					changed = 1;
					break;
				}
		}
	}
}

/* The cycle: from st0, each station's first server's destination until
 * one comes round again; the stations from that one on. */
static void record_cycle(line *ln, int32_t st0)
{
	int32_t mark, k = st0, n = 0, from = 0;

	next_mark(ln);
	mark = ln->jam_mark;
	while (ln->jam_seen[k] != mark) {
		ln->jam_seen[k] = mark;
		ln->jam_list[n++] = k;
		k = ln->st[k].srv[0].dest;
	}
	while (ln->jam_list[from] != k)
		from++;
	ln->njam = n - from;
	for (int i = 0; i < ln->njam; i++)
		ln->jam[i] = ln->jam_list[from + i];
}

void jam_check(line *ln, station *st)
{
	int n;

	if (ln->ended || !jammed(ln, st))
		return;
	next_mark(ln);
	n = reach(ln, st->idx);
	prune(ln, n);
	if (ln->jam_bad[st->idx] == ln->jam_mark)
		return;
	ln->t_jam = eq_now(ln->q);
	record_cycle(ln, st->idx);
	line_end_early(ln);
}
