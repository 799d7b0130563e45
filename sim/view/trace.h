/*
 * trace.h: a run as a trace in the Chrome trace event format (JSON), which
 * ui.perfetto.dev and chrome://tracing open: replication 0 of the run's
 * seed, written as it runs.
 *
 * What is drawn:
 * - a process per device ("gpu0 (h100-sxm)"), one "stations" process for
 *   the stations that run on no device, one "links" process;
 * - a thread per server ("detect #0"; processes and threads are named by
 *   "M" metadata events);
 * - an "X" slice per service of a sampled item on its server's thread:
 *   name the station, args {"item": its number, "n": items in the batch};
 * - a flow ("s" then "f" with "bp": "e", an id of its own) from each of a
 *   sampled item's services to its next one, so Perfetto draws an arrow;
 *   in a batch only the first item's path goes through the batch's slice;
 * - "C" counters: each station's queue ("detect queue" {"items"}, in its
 *   first device's process) and each link direction's rate ("link pcie0
 *   cpu0->gpu0" {"bytes_per_s"}, in "links"), written when they change,
 *   the last value of an instant only.
 *
 * Sampling is deterministic: the items numbered 1..items (line.h numbers
 * them as they enter the line). The trace runs from time 0 until every
 * sampled item it saw is gone and a later one has entered, or the run
 * ends; then it writes nothing more. Bound: at most
 * items * (8 * (stations + links) + 16) events besides the names, each
 * under 200 bytes plus the names it quotes: with the default 1000 items
 * and 5 stations, under 12 MB. Periodic stations (the dice game) serve
 * nothing: they show only as queues.
 *
 * A trace is a sink of the run (run.h) and runs nothing itself: it
 * watches replication 0's first run, the pilot when the warm-up is
 * "auto" (what happens, from time 0, as a run with no warm-up has it;
 * the warm-up only changes what is measured). trace_write is a run of
 * its own for the trace alone: it runs no pilot, and stops the
 * replication once the trace has all it samples.
 */
#ifndef TRACE_H
#define TRACE_H

#include "core/hb.h"

#include <signal.h>
#include <stdint.h>

#include "input/diag.h"
#include "run/run.h"
#include "scenario/scen.h"

#define TRACE_ITEMS_DEFAULT 1000

/* core/hb.h's codes, by the names the trace's callers know. */
enum trace_status {
	TRACE_OK = HB_OK,
	TRACE_STOPPED = HB_STOPPED,	/* *stop rose: no file was left */
	TRACE_BAD_INPUT = HB_BAD_INPUT,	/* the scenario cannot run: d says why */
	TRACE_FAILED = HB_NOMEM,	/* out of memory: d says so */
	TRACE_IO = HB_IO,		/* the file could not be written: d
					 * says why (strerror) */
};

typedef struct trace trace;

/* A trace of s's replication 0 with seed (run_seed) into path, sampling
 * `items` items (0: TRACE_ITEMS_DEFAULT), fed by a run (trace_sink). The
 * file is opened now, written to a temporary beside path and renamed by
 * trace_finish (ofile.h); a file that cannot be opened is told by
 * trace_finish, after the run. 0 and *out, or -1 out of memory. s and
 * path must outlive *out. */
int trace_new(const scen *s, uint64_t seed, int64_t items, const char *path,
	      trace **out);

/* The sink that writes t; hand it to the run (run_opts.sinks). */
void trace_sink(trace *t, run_sink *k);

/* After the run: the file in place, TRACE_OK; TRACE_STOPPED when the
 * run stopped before the trace's end (or never ran replication 0);
 * TRACE_FAILED with d filled when it cannot be written. */
int trace_finish(trace *t, diag *d);

/* Free t; a file not finished is removed. trace_free(NULL) is a no-op. */
void trace_free(trace *t);

/* Trace s's replication 0 (seed: run_seed's rule) into path by a run of
 * its own: trace_new, trace_sink, run_scenario, trace_finish. stop may be
 * NULL. */
int trace_write(const scen *s, int have_seed, uint64_t seed, int64_t items,
		const char *path, volatile sig_atomic_t *stop, diag *d);

#endif
