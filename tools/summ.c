/*
 * summ.c: the short summary and its before/after form.
 */
#include "summ.h"

#include <math.h>
#include <string.h>

#include "report/rtext.h"
#include "run/res.h"
#include "run/run.h"

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

void summ_res(summ *sm, const res *r)
{
	sm->reps = r->reps;
	sm->seed = r->seed;
	sm->thr = stat_mean(&r->line[LF_THROUGHPUT]);
	sm->p50 = stat_mean(&r->line[LF_LAT_P50]);
	sm->p99 = stat_mean(&r->line[LF_LAT_P99]);
	sm->wip = stat_mean(&r->line[LF_WIP]);
	copy(sm->unit, sizeof sm->unit,
	     r->s->nsources > 0 ? r->s->sources[0].unit : "items");
	/* the verdict's words, as run, diff and toc print them */
	rtext_verdict(sm->constraint, sizeof sm->constraint, r);
}

int summ_run(const scen *s, int64_t reps, int have_seed, uint64_t seed,
	     volatile sig_atomic_t *stop, summ *sm, diag *d)
{
	run_opts ro = { .reps = reps, .have_seed = have_seed, .seed = seed,
			.stop = stop };
	res *r = NULL;
	int rc = run_scenario(s, &ro, &r, d);

	if (rc != RUN_OK)
		return rc;
	summ_res(sm, r);
	res_free(r);
	return 0;
}

/* The change from a to b, as a share of a when a is not 0. Figures that
 * print the same are "=": a rerun of an unchanged line says so. */
static void change(char *buf, size_t n, double a, double b, const char *sa,
		   const char *sb)
{
	if (!strcmp(sa, sb))
		snprintf(buf, n, "=");
	else if (a != 0 && isfinite(a) && isfinite(b))
		snprintf(buf, n, "%+.1f%%", 100 * (b - a) / fabs(a));
	else
		snprintf(buf, n, "%+g", b - a);
}

static void figure(FILE *f, const char *label, double now, const double *before,
		   int duration, const char *unit)
{
	char a[40], b[40], c[24];

	rtext_value(b, sizeof b, now, 0, duration);
	if (!before) {
		fprintf(f, "  %-13s %s%s%s\n", label, b, *unit ? " " : "", unit);
		return;
	}
	rtext_value(a, sizeof a, *before, 0, duration);
	change(c, sizeof c, *before, now, a, b);
	fprintf(f, "  %-13s %s -> %s%s%s   %s\n", label, a, b, *unit ? " " : "",
		unit, c);
}

static const char *name_or_none(const char *s)
{
	return *s ? s : "none";
}

void summ_print(FILE *f, const summ *now, const summ *before)
{
	char unit[40];

	snprintf(unit, sizeof unit, "%s/s", now->unit);
	figure(f, "throughput", now->thr, before ? &before->thr : NULL, 0, unit);
	figure(f, "latency p50", now->p50, before ? &before->p50 : NULL, 1, "");
	figure(f, "latency p99", now->p99, before ? &before->p99 : NULL, 1, "");
	figure(f, "wip", now->wip, before ? &before->wip : NULL, 0, "items");
	if (before && strcmp(before->constraint, now->constraint))
		fprintf(f, "  %-13s %s -> %s\n", "constraint",
			name_or_none(before->constraint),
			name_or_none(now->constraint));
	else
		fprintf(f, "  %-13s %s%s\n", "constraint",
			name_or_none(now->constraint), before ? "   =" : "");
}

void summ_line(FILE *f, const summ *sm)
{
	char t[40], p50[40], p99[40], w[40];

	rtext_value(t, sizeof t, sm->thr, 0, 0);
	rtext_value(p50, sizeof p50, sm->p50, 0, 1);
	rtext_value(p99, sizeof p99, sm->p99, 0, 1);
	rtext_value(w, sizeof w, sm->wip, 0, 0);
	fprintf(f, "throughput %s %s/s, latency p50 %s p99 %s, wip %s, constraint %s\n",
		t, sm->unit, p50, p99, w, name_or_none(sm->constraint));
}
