/*
 * fuzz_scen.c: libFuzzer target for the scenario reader (test/fuzz/run.sh).
 *
 * The input is a scenario, optionally preceded by lines "#set path=value"
 * that become --set arguments (at most 8), so that one corpus covers the
 * JSON reader and the overrides. Whatever the input, scen_parse must
 * return (no crash, no hang, no leak, no undefined behaviour) and:
 *   - on failure, leave a message that formats;
 *   - on success, hold what scen.h promises: indices in range, counts
 *     within the reader's limits, and distributions whose draws are
 *     finite and never negative for times.
 * A broken promise aborts, which libFuzzer reports as a crash.
 *
 * Then the engine: every scenario that parses is also run, replication 0,
 * for at most a few thousand events (the stop flag, raised before the
 * start, is read every LINE_STOP_EVERY events) and at most 100 simulated
 * seconds, with its invariants checked after (line_check) and its figures
 * taken. A line too big to build in a fuzzer's memory is not run (the
 * memory budget is another check's work).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dist.h"
#include "core/rng.h"
#include "core/simtime.h"
#include "line/line.h"
#include "scenario/scen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_SETS 8

static void must(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_scen: broken promise: %s\n", what);
		abort();
	}
}

static void check_draws(const dist *d, int is_time, rng *r)
{
	int i;

	for (i = 0; i < 8; i++) {
		double x = dist_draw(d, r);

		must(isfinite(x), "a finite draw");
		must(!is_time || x >= 0, "a time draw >= 0");
	}
	must(isfinite(dist_mean(d)), "a finite mean");
}

static void check_scen(const scen *s)
{
	rng r;
	int i, k, ropes = 0;

	rng_seed(&r, s->seed, 0, "fuzz", "draws");
	must(s->name && s->nstations > 0 && s->nsources > 0, "the basics");
	must(s->run.replications >= 1, "replications >= 1");
	must((s->run.duration > 0) != (s->run.items > 0), "duration or items");
	for (i = 0; i < s->nsources; i++) {
		const scen_source *src = &s->sources[i];

		must(src->to >= 0 && src->to < s->nstations, "source to");
		must(scen_source_index(s, src->name) == i, "unique sources");
		if (src->kind == SCEN_SRC_OPEN)
			check_draws(&src->arrival, 1, &r);
		if (src->kind == SCEN_SRC_CLOSED)
			check_draws(&src->think, 1, &r);
	}
	for (i = 0; i < s->nstations; i++) {
		const scen_station *st = &s->stations[i];

		must(scen_station_index(s, st->name) == i, "unique stations");
		must(st->servers >= 1 && st->servers <= 100000, "servers");
		if (st->has_service)
			check_draws(&st->service, 1, &r);
		if (st->kind == SCEN_STN_PERIODIC) {
			must(st->period > 0, "period > 0");
			check_draws(&st->per_period, 0, &r);
		}
		if (st->transport == TRANSPORT_DELAY)
			check_draws(&st->transport_delay, 1, &r);
		must((st->next == NEXT_NONE) == (st->nroutes == 0), "routes");
		for (k = 0; k < st->nroutes; k++)
			must(st->routes[k].to >= 0 &&
			     st->routes[k].to < s->nstations, "route to");
		must((st->next == NEXT_FORK) == (st->join >= 0), "join");
		ropes += st->rope > 0;
	}
	must(ropes <= 1, "one rope at most");
	for (i = 0; i < s->nlevers; i++) {
		const scen_lever *lv = &s->lever[i];
		char v[64];

		must(lv->set && lv->nvalues >= 1 && lv->cost >= 0, "a lever");
		for (k = 0; k < lv->nvalues; k++)
			must(lv->values[k] != NULL, "a lever's value");
		/* any path, found or not, answers without harm */
		(void)scen_value(s, lv->set, v, sizeof v);
	}
}

/* Servers the line would hold: a fuzzer's input may ask for millions. */
static int64_t servers(const scen *s)
{
	int64_t n = 0;

	for (int i = 0; i < s->nstations; i++)
		n += s->stations[i].servers;
	return n;
}

static void run_engine(const scen *s)
{
	static volatile sig_atomic_t stop = 1;
	line_figs f;
	line *ln = NULL;
	diag d;

	if (s->nstations > 1000 || servers(s) > 100000)
		return;
	diag_clear(&d);
	if (line_new(s, &ln, &d) != 0) {
		must(d.msg[0] != '\0', "a message when the line cannot be built");
		return;
	}
	line_stop_flag(ln, &stop);
	if (line_start(ln, s->seed, 0, -1) == 0 &&
	    line_run_until(ln, 100 * ST_S) >= 0) {
		must(line_check(ln) == 0, "the line's invariants after a run");
		line_cut(ln);
		if (line_figs_new(&f, s) == 0) {
			line_figures(ln, &f);
			for (int k = 0; k < LF_N; k++)
				must(!isnan(f.line[k]), "a line figure that is a number");
			line_figs_free(&f);
		}
	}
	line_free(ln);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *sets[MAX_SETS];
	char *copy[MAX_SETS], out[4096];
	int nsets = 0, i;
	scen *s = NULL;
	diag d;

	while (nsets < MAX_SETS && size >= 5 && memcmp(text, "#set ", 5) == 0) {
		const char *nl = memchr(text, '\n', size);
		size_t n = nl ? (size_t)(nl - text) : size;

		copy[nsets] = strndup(text + 5, n - 5);
		if (!copy[nsets])
			break;
		sets[nsets] = copy[nsets];
		nsets++;
		n += nl ? 1 : 0;
		text += n;
		size -= n;
	}
	if (scen_parse("fuzz.json", text, size, sets, nsets, &s, &d) == 0) {
		check_scen(s);
		run_engine(s);
		scen_free(s);
	} else {
		must(s == NULL, "no scen on failure");
		must(d.msg[0] != '\0', "a message");
		diag_format(&d, out, sizeof out);
	}
	for (i = 0; i < nsets; i++)
		free(copy[i]);
	return 0;
}
