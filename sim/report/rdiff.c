/*
 * rdiff.c: the comparison of two lines, as text and as JSON (rdiff.h).
 */
#include "report/rdiff.h"

#include <math.h>

#include "report/jw.h"
#include "report/rjson.h"
#include "report/rtext.h"

/* The figures a comparison shows: the line's, then each station's. */
static const struct { const char *key, *label; int fig, dur; } line_rows[] = {
	{ "throughput_per_s", "throughput/s", LF_THROUGHPUT, 0 },
	{ "latency_mean_s", "latency mean", LF_LAT_MEAN, 1 },
	{ "latency_p99_s", "latency p99", LF_LAT_P99, 1 },
	{ "wip", "work in progress", LF_WIP, 0 },
	{ "drop_fraction", "dropped fraction", LF_DROP_FRACTION, 0 },
};
static const struct { const char *key, *label; int fig, dur; } stn_rows[] = {
	{ "throughput_per_s", "throughput/s", SF_THROUGHPUT, 0 },
	{ "utilization", "utilization", SF_UTILIZATION, 0 },
	{ "wait_mean_s", "wait", SF_WAIT_MEAN, 1 },
};
#define NLINE (sizeof line_rows / sizeof line_rows[0])
#define NSTN (sizeof stn_rows / sizeof stn_rows[0])

static void row(FILE *f, const char *label, const stat_acc *a, const stat_acc *b,
		const stat_acc *d, int dur)
{
	char x[64], y[64], z[64];

	rtext_value(x, sizeof x, stat_mean(a), stat_ci95(a), dur);
	rtext_value(y, sizeof y, stat_mean(b), stat_ci95(b), dur);
	rtext_value(z, sizeof z, stat_mean(d), stat_ci95(d), dur);
	fprintf(f, "  %-22s %20s %20s %22s%s\n", label, x, y, z,
		diff_significant(d) ? "  *" : "");
}

/* The constraint's name (res_constraint: the entity the verdict names),
 * or "none". */
static const char *constraint_name(const res *r)
{
	int c = res_constraint(r);

	return c < 0 ? "none" : res_entity_name(r, c);
}

/* A figure of a station only one line has: its value on that side, "-"
 * on the other and for the change. */
static void one_side_row(FILE *f, const char *label, const stat_acc *s, int dur,
			 int before)
{
	char x[64];

	rtext_value(x, sizeof x, stat_mean(s), stat_ci95(s), dur);
	fprintf(f, "  %-22s %20s %20s %22s\n", label, before ? x : "-",
		before ? "-" : x, "-");
}

/* The section of a station only one line has (its index k there). */
static void one_side(FILE *f, const res *r, int k, int before)
{
	fprintf(f, "\n  %s  (%s)\n", r->s->stations[k].name,
		before ? "removed: only before" : "added: only after");
	for (size_t i = 0; i < NSTN; i++) {
		char label[64];

		snprintf(label, sizeof label, "  %s", stn_rows[i].label);
		one_side_row(f, label, &r->st[k][stn_rows[i].fig], stn_rows[i].dur,
			     before);
	}
}

void rdiff_text(const diff_res *r, const char *before, const char *after,
		FILE *f)
{
	const res *a = r->a, *b = r->b;

	fprintf(f, "before: %s\nafter:  %s\n%lld paired replications, seed %llu, "
		"common random numbers\n\n", before, after, (long long)a->reps,
		(unsigned long long)a->seed);
	fprintf(f, "  %-22s %20s %20s %22s\n", "", "before", "after", "change");
	for (size_t i = 0; i < NLINE; i++)
		row(f, line_rows[i].label, &a->line[line_rows[i].fig],
		    &b->line[line_rows[i].fig], &r->d_line[line_rows[i].fig],
		    line_rows[i].dur);
	/* before's stations in its order, each paired by name or removed;
	 * then the ones after added, in its order */
	for (int k = 0; k < a->nst; k++) {
		int kb = r->st_b[k];

		if (kb < 0) {
			one_side(f, a, k, 1);
			continue;
		}
		fprintf(f, "\n  %s\n", a->s->stations[k].name);
		for (size_t i = 0; i < NSTN; i++) {
			char label[64];

			snprintf(label, sizeof label, "  %s", stn_rows[i].label);
			row(f, label, &a->st[k][stn_rows[i].fig],
			    &b->st[kb][stn_rows[i].fig], &r->d_st[k][stn_rows[i].fig],
			    stn_rows[i].dur);
		}
	}
	for (int kb = 0; kb < b->nst; kb++)
		if (r->st_a[kb] < 0)
			one_side(f, b, kb, 0);
	fputs("\n* the change is significant: its 95% interval excludes 0\n", f);
	{
		char x[256], y[256];

		rtext_verdict(x, sizeof x, a);
		rtext_verdict(y, sizeof y, b);
		fprintf(f, "\nconstraint before: %s\nconstraint after:  %s\n", x, y);
	}
}

static void compare(jw *w, const char *key, const stat_acc *a, const stat_acc *b,
		    const stat_acc *d)
{
	jw_begin_obj(w, key);
	rjson_fig(w, "before", a);
	rjson_fig(w, "after", b);
	jw_begin_obj(w, "change");
	jw_num(w, "mean", stat_mean(d));
	jw_num(w, "ci95", stat_ci95(d));
	jw_num(w, "ci95_independent", diff_independent_ci95(a, b));
	jw_bool(w, "significant", diff_significant(d));
	jw_end_obj(w);
	jw_end_obj(w);
}

/* The stations of r that the other line lacks (other[k] < 0), each with
 * its figures under side ("before" or "after") alone, as "stations" has
 * them: the same readers find them. */
static void only(jw *w, const char *key, const res *r, const int *other,
		 const char *side)
{
	jw_begin_arr(w, key);
	for (int k = 0; k < r->nst; k++) {
		if (other[k] >= 0)
			continue;
		jw_begin_obj(w, NULL);
		jw_str(w, "name", r->s->stations[k].name);
		for (size_t i = 0; i < NSTN; i++) {
			jw_begin_obj(w, stn_rows[i].key);
			rjson_fig(w, side, &r->st[k][stn_rows[i].fig]);
			jw_end_obj(w);
		}
		jw_end_obj(w);
	}
	jw_end_arr(w);
}

void rdiff_json(const diff_res *r, const char *before, const char *after,
		FILE *f)
{
	const res *a = r->a, *b = r->b;
	jw w;

	jw_init(&w, f, 1);
	jw_begin_obj(&w, NULL);
	jw_str(&w, "before", before);
	jw_str(&w, "after", after);
	jw_int(&w, "replications", a->reps);
	jw_int(&w, "seed", (int64_t)a->seed);
	jw_str(&w, "constraint_before", constraint_name(a));
	jw_str(&w, "constraint_after", constraint_name(b));
	jw_str(&w, "verdict_before", res_verdict_name(res_verdict(a)));
	jw_str(&w, "verdict_after", res_verdict_name(res_verdict(b)));
	jw_begin_obj(&w, "line");
	for (size_t i = 0; i < NLINE; i++)
		compare(&w, line_rows[i].key, &a->line[line_rows[i].fig],
			&b->line[line_rows[i].fig], &r->d_line[line_rows[i].fig]);
	jw_end_obj(&w);
	jw_begin_arr(&w, "stations");
	for (int k = 0; k < a->nst; k++) {
		int kb = r->st_b[k];

		if (kb < 0)
			continue;
		jw_begin_obj(&w, NULL);
		jw_str(&w, "name", a->s->stations[k].name);
		for (size_t i = 0; i < NSTN; i++)
			compare(&w, stn_rows[i].key, &a->st[k][stn_rows[i].fig],
				&b->st[kb][stn_rows[i].fig], &r->d_st[k][stn_rows[i].fig]);
		jw_end_obj(&w);
	}
	jw_end_arr(&w);
	only(&w, "stations_removed", a, r->st_b, "before");
	only(&w, "stations_added", b, r->st_a, "after");
	jw_end_obj(&w);
	jw_finish(&w);
}
