/*
 * t_lessons.c: what the shipped scenarios teach, held against their runs.
 *
 * README.md, scenarios/README.md and each scenario's "notes" say what a
 * run names as the constraint and quote its figures. Each claim made
 * there is checked here, and a claim that cannot be checked does not
 * stay in the docs. A quoted figure is a rounding: "about 88 ms" holds
 * when the run's 95% interval, widened by half a unit of the figure's
 * last stated digit, reaches 88 ms (for a deterministic line, whose
 * interval is 0, that is plain rounding).
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/res.h"
#include "run/run.h"
#include "tutil.h"

Suite *lessons_suite(void);

typedef struct lesson {
	scen *s;
	res *r;
} lesson;

static lesson run_lesson(const char *name, const char *const *sets,
			 int nsets, int64_t reps)
{
	char path[256];
	run_opts o = { 0 };
	lesson l;
	diag d;

	snprintf(path, sizeof path, "scenarios/%s.json", name);
	l.s = tu_load(path, sets, nsets);
	o.reps = reps;
	diag_clear(&d);
	ck_assert_int_eq(run_scenario(l.s, &o, &l.r, &d), RUN_OK);
	return l;
}

static void done(lesson *l)
{
	res_free(l->r);
	scen_free(l->s);
}

/* The entity of that kind and name, or the test fails. */
static int entity(const res *r, const char *kind, const char *name)
{
	for (int e = 0; e < res_nentities(r); e++)
		if (strcmp(res_entity_kind(r, e), kind) == 0 &&
		    strcmp(res_entity_name(r, e), name) == 0)
			return e;
	ck_abort_msg("no %s %s", kind, name);
	return -1;
}

/* The verdict and the entity the results name (results JSON
 * constraint.verdict, .kind, .name). */
static void names(const res *r, const char *verdict, const char *kind,
		  const char *name)
{
	int c = res_constraint(r);

	ck_assert_str_eq(res_verdict_name(res_verdict(r)), verdict);
	ck_assert_int_ge(c, 0);
	ck_assert_str_eq(res_entity_kind(r, c), kind);
	ck_assert_str_eq(res_entity_name(r, c), name);
}

/* The figure st, stated in the docs as x to within half a unit `half`. */
static void about(const stat_acc *st, double x, double half, const char *what)
{
	double m = stat_mean(st), h = stat_ci95(st);

	ck_assert_msg(fabs(m - x) <= h + half,
		      "%s: %g ±%g, the docs say about %g", what, m, h, x);
}

/* mean(a) / mean(b), stated as x to within half: the interval of a ratio
 * of two independent means, to first order, adds their relative widths. */
static void about_ratio(const stat_acc *a, const stat_acc *b, double x, double half,
			const char *what)
{
	double ma = stat_mean(a), mb = stat_mean(b), q = ma / mb;
	double h = q * (stat_ci95(a) / ma + stat_ci95(b) / mb);

	ck_assert_msg(fabs(q - x) <= h + half,
		      "%s: ratio %g ±%g, the docs say about %g", what, q, h, x);
}

static const stat_acc *util(const res *r, const char *kind, const char *name)
{
	return res_entity_utilization(r, entity(r, kind, name));
}

static const stat_acc *station(const res *r, const char *name, int fig)
{
	return &r->st[entity(r, "station", name)][fig];
}

START_TEST(test_scout_hike)
{
	const char *rope[] = { "stations.herbie.rope=5" };
	lesson a = run_lesson("scout-hike", NULL, 0, 0);
	lesson b = run_lesson("scout-hike", rope, 1, 0);

	/* Herbie sets the pace, the gaps in front of him grow: unstable;
	 * Ron and David overproduce */
	names(a.r, "unstable", "station", "herbie");
	about(&a.r->line[LF_THROUGHPUT], 0.8, 0.005, "metres a second");
	ck_assert(res_overproducing(a.r, entity(a.r, "station", "ron")));
	ck_assert(res_overproducing(a.r, entity(a.r, "station", "david")));
	ck_assert(!res_overproducing(a.r, entity(a.r, "station", "herbie")));
	/* the gaps, on average over the hour, and they grow while it lasts;
	 * Ron is never starved or blocked, yet work piles up in front of
	 * Herbie, not of him */
	about(station(a.r, "herbie", SF_QUEUE), 590, 5, "the gap behind David");
	about(station(a.r, "david", SF_QUEUE), 270, 5, "the gap behind Ron");
	ck_assert(res_piling(a.r, entity(a.r, "station", "herbie")));
	ck_assert(res_piling(a.r, entity(a.r, "station", "david")));
	ck_assert(stat_mean(station(a.r, "ron", SF_STARVED)) == 0);
	ck_assert(stat_mean(station(a.r, "ron", SF_BLOCKED)) == 0);
	about(&a.r->line[LF_WIP], 860, 5, "work in progress");
	/* the rope: stable, Herbie the constraint, the same pace */
	names(b.r, "one", "station", "herbie");
	ck_assert(stat_mean(&b.r->line[LF_WIP]) < 10);
	about_ratio(&b.r->line[LF_THROUGHPUT], &a.r->line[LF_THROUGHPUT], 1,
		    0.005, "the pace with the rope");
	/* whoever else hurries: the other four twice as fast, the same pace */
	{
		const char *fast[4];
		const char *who[] = { "ron", "david", "evan", "andy" };
		char buf[4][96];
		lesson c;

		for (int i = 0; i < 4; i++) {
			snprintf(buf[i], sizeof buf[i],
				 "stations.%s.service={\"lognormal\": {\"mean\": \"400ms\", \"cv\": 0.4}}",
				 who[i]);
			fast[i] = buf[i];
		}
		c = run_lesson("scout-hike", fast, 4, 0);
		names(c.r, "unstable", "station", "herbie");
		about_ratio(&c.r->line[LF_THROUGHPUT], &a.r->line[LF_THROUGHPUT],
			    1, 0.005, "the others hurrying");
		done(&c);
	}
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_coffee_line)
{
	const char *label2[] = { "stations.label.servers=2" };
	lesson a = run_lesson("coffee-line", NULL, 0, 0);
	lesson b = run_lesson("coffee-line", label2, 1, 0);

	/* label works all the time and sets the pace, about a bottle a
	 * second; fill and cap are blocked part of their time, pack starved */
	names(a.r, "one", "station", "label");
	about(util(a.r, "station", "label"), 1.0, 0.0005, "label busy");
	about(&a.r->line[LF_THROUGHPUT], 1.0, 0.05, "bottles a second");
	ck_assert(stat_mean(station(a.r, "fill", SF_BLOCKED)) > 0.1);
	ck_assert(stat_mean(station(a.r, "cap", SF_BLOCKED)) > 0.1);
	ck_assert(stat_mean(station(a.r, "pack", SF_STARVED)) > 0.1);
	/* README: fill and cap blocked "a fifth to a third" of their time,
	 * pack starved "a quarter" (each within half the step to the next
	 * plain fraction) */
	about(station(a.r, "fill", SF_BLOCKED), 0.2, 0.025, "fill blocked");
	about(station(a.r, "cap", SF_BLOCKED), 1.0 / 3, 0.025, "cap blocked");
	about(station(a.r, "pack", SF_STARVED), 0.25, 0.025, "pack starved");
	/* label starved or blocked under 0.1% of its time */
	ck_assert(stat_mean(station(a.r, "label", SF_STARVED)) +
		  stat_ci95(station(a.r, "label", SF_STARVED)) < 0.001);
	ck_assert(stat_mean(station(a.r, "label", SF_BLOCKED)) +
		  stat_ci95(station(a.r, "label", SF_BLOCKED)) < 0.001);
	/* a second labeller: a quarter more bottles, fill the constraint,
	 * working all the time */
	names(b.r, "one", "station", "fill");
	about_ratio(&b.r->line[LF_THROUGHPUT], &a.r->line[LF_THROUGHPUT],
		    1.25, 0.005, "a second labeller");
	about(util(b.r, "station", "fill"), 1.0, 0.0005, "fill busy");
	/* speeding up any other machine buys nothing */
	{
		const char *other[] = { "stations.fill.servers=2",
					"stations.cap.servers=2",
					"stations.pack.servers=2" };

		for (int i = 0; i < 3; i++) {
			lesson c = run_lesson("coffee-line", &other[i], 1, 0);

			names(c.r, "one", "station", "label");
			about_ratio(&c.r->line[LF_THROUGHPUT],
				    &a.r->line[LF_THROUGHPUT], 1, 0.005, other[i]);
			done(&c);
		}
	}
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_dice_game)
{
	const char *sim[5], *long_run[] = { "run.duration=10000s" };
	char buf[5][64];
	lesson a = run_lesson("dice-game", NULL, 0, 20);
	lesson l = run_lesson("dice-game", long_run, 1, 0);
	const stat_acc *x = &a.r->line[LF_THROUGHPUT];

	/* balanced, so statistical; the method names station1, which never
	 * starves; the line makes less than a die's 3.5 (the whole
	 * interval), about 3.13, and the bowls, 16 matches at the start,
	 * hold more on average */
	names(a.r, "statistical", "station", "station1");
	ck_assert(stat_mean(x) + stat_ci95(x) < 3.5);
	about(x, 3.13, 0.005, "matches a round");
	ck_assert(stat_mean(station(a.r, "station1", SF_STARVED)) == 0);
	ck_assert(stat_mean(&a.r->line[LF_WIP]) -
		  stat_ci95(&a.r->line[LF_WIP]) > 16);
	/* 10,000 rounds: about 3.45, creeping toward station1's 3.5 */
	about(&l.r->line[LF_THROUGHPUT], 3.45, 0.005, "over 10,000 rounds");
	/* ... while the bowls fill up: more in them than over 100 rounds */
	ck_assert(stat_mean(&l.r->line[LF_WIP]) - stat_ci95(&l.r->line[LF_WIP]) >
		  stat_mean(&a.r->line[LF_WIP]) + stat_ci95(&a.r->line[LF_WIP]));
	/* the classroom variant runs and is statistical too */
	for (int i = 0; i < 5; i++) {
		snprintf(buf[i], sizeof buf[i],
			 "stations[%d].turns=simultaneous", i);
		sim[i] = buf[i];
	}
	done(&l);
	l = run_lesson("dice-game", sim, 5, 0);
	ck_assert_str_eq(res_verdict_name(res_verdict(l.r)), "statistical");
	done(&a);
	done(&l);
}
END_TEST

START_TEST(test_stop_sign)
{
	const char *detect2[] = { "stations.detect.servers=2" };
	const char *recog3[] = { "stations.recognize.servers=3" };
	const char *a100[] = { "hardware.devices.gpu0.type=a100-40gb" };
	lesson a = run_lesson("stop-sign", NULL, 0, 0);
	lesson b = run_lesson("stop-sign", detect2, 1, 0);
	lesson c = run_lesson("stop-sign", recog3, 1, 0);
	lesson d = run_lesson("stop-sign", a100, 1, 0);
	const stat_acc *lat = &a.r->line[LF_LAT_MEAN];

	/* the line keeps up with 40 frames a second (market); the GPU, at
	 * 8 + 3 x 4 = 20 ms a frame, is 80% busy and the busiest */
	names(a.r, "market", "device", "gpu0");
	about(util(a.r, "device", "gpu0"), 0.80, 0.005, "GPU busy");
	about(lat, 0.088, 0.0005, "mean latency");
	ck_assert(stat_mean(station(a.r, "recognize", SF_WAITING)) > 0.1);
	ck_assert(stat_mean(station(a.r, "detect", SF_WAITING)) > 0.05);
	/* recognize's queue is where most of a frame's latency comes from */
	ck_assert(stat_mean(station(a.r, "recognize", SF_WAIT_MEAN)) >
		  stat_mean(lat) / 2);
	/* a second detector buys nothing: the same throughput, a mean
	 * latency no better (its interval reaches the first line's mean) */
	ck_assert(stat_mean(&b.r->line[LF_THROUGHPUT]) ==
		  stat_mean(&a.r->line[LF_THROUGHPUT]));
	ck_assert(stat_mean(&b.r->line[LF_LAT_MEAN]) +
		  stat_ci95(&b.r->line[LF_LAT_MEAN]) >= stat_mean(lat));
	/* recognize reads the three regions at once: about 68 ms */
	about(&c.r->line[LF_LAT_MEAN], 0.068, 0.0005, "three recognizers");
	/* stated service times do not scale with the card: nothing changes */
	for (int f = 0; f < LF_N; f++)
		ck_assert(stat_mean(&d.r->line[f]) == stat_mean(&a.r->line[f]));
	/* the GPU, not a station, binds first: past its 50 frames a second
	 * (20 ms a frame), at 55, work piles up in front of gpu0 */
	{
		const char *fast[] = { "sources.camera.rate=55/s" };
		lesson e = run_lesson("stop-sign", fast, 1, 0);

		names(e.r, "unstable", "device", "gpu0");
		done(&e);
	}
	done(&a);
	done(&b);
	done(&c);
	done(&d);
}
END_TEST

START_TEST(test_dgx_h100_inference)
{
	const char *trt[8], *decode48[] = { "stations.decode.servers=48" };
	char buf[8][64];
	lesson a = run_lesson("dgx-h100-inference", NULL, 0, 0), b, c;

	for (int i = 0; i < 8; i++) {
		snprintf(buf[i], sizeof buf[i], "stations.infer%d.service=0.6ms", i);
		trt[i] = buf[i];
	}
	b = run_lesson("dgx-h100-inference", trt, 8, 0);
	c = run_lesson("dgx-h100-inference", decode48, 1, 0);
	/* the machine keeps up with 6000 requests a second (market); every
	 * GPU works about 90% of the time, the CPUs a third, and no link
	 * carries a tenth of what it could */
	names(a.r, "market", "station", "infer2");
	for (int i = 0; i < 8; i++) {
		char g[16];

		snprintf(g, sizeof g, "gpu%d", i);
		about(util(a.r, "device", g), 0.90, 0.005, g);
		about(util(b.r, "device", g), 0.45, 0.005, g);
	}
	for (int i = 0; i < 8; i++) {
		char n[32];

		/* each GPU's buffer holds the queue, not the upload in front */
		snprintf(n, sizeof n, "infer%d", i);
		ck_assert(stat_mean(station(a.r, n, SF_QUEUE)) > 1);
		snprintf(n, sizeof n, "upload%d", i);
		ck_assert(stat_mean(station(a.r, n, SF_QUEUE)) < 0.01);
	}
	about(util(a.r, "device", "cpu0"), 1.0 / 3, 0.05, "cpu0");
	about(util(a.r, "device", "cpu1"), 1.0 / 3, 0.05, "cpu1");
	for (int k = 0; k < a.r->nlk; k++)
		ck_assert(stat_mean(&a.r->lnk[k][KF_UTILIZATION]) < 0.1);
	/* a faster engine halves the GPUs' load and the mean latency */
	names(b.r, "market", "station", "infer7");
	about_ratio(&b.r->line[LF_LAT_MEAN], &a.r->line[LF_LAT_MEAN], 0.5, 0.05,
		    "latency with the faster engine");
	/* half the decode workers: decode three-quarters busy, still keeping up */
	names(c.r, "market", "station", "infer2");
	about(station(c.r, "decode", SF_UTILIZATION), 0.75, 0.005, "decode busy");
	/* what a rising load meets first: at 7000 a second the line is
	 * unstable, every GPU works all the time, the CPUs stay under half
	 * busy and the links under a tenth */
	{
		const char *more[] = { "sources.clients.rate=7000/s" };
		lesson e = run_lesson("dgx-h100-inference", more, 1, 0);

		ck_assert_str_eq(res_verdict_name(res_verdict(e.r)), "unstable");
		for (int i = 0; i < 8; i++) {
			char g[16];

			snprintf(g, sizeof g, "gpu%d", i);
			about(util(e.r, "device", g), 1.0, 0.0005, g);
		}
		ck_assert(stat_mean(util(e.r, "device", "cpu0")) < 0.5);
		ck_assert(stat_mean(util(e.r, "device", "cpu1")) < 0.5);
		for (int k = 0; k < e.r->nlk; k++)
			ck_assert(stat_mean(&e.r->lnk[k][KF_UTILIZATION]) < 0.1);
		done(&e);
	}
	done(&a);
	done(&b);
	done(&c);
}
END_TEST

START_TEST(test_gpu_sharing)
{
	const char *mps[] = { "hardware.devices.gpu0.sharing.mode=mps" };
	const char *ts[] = { "hardware.devices.gpu0.sharing.mode=timeslice" };
	const char *noisy[] = { "sources.cam6.rate=300/s" };
	const char *noisy_mps[] = { "sources.cam6.rate=300/s",
				    "hardware.devices.gpu0.sharing.mode=mps" };
	const char *big[] = { "stations.model6.memory=12GB" };
	const char *big_mps[] = { "stations.model6.memory=12GB",
				  "hardware.devices.gpu0.sharing.mode=mps" };
	lesson mig = run_lesson("gpu-sharing", NULL, 0, 0);
	lesson m = run_lesson("gpu-sharing", mps, 1, 0);
	lesson t = run_lesson("gpu-sharing", ts, 1, 0);
	lesson nm = run_lesson("gpu-sharing", noisy, 1, 0);
	lesson np = run_lesson("gpu-sharing", noisy_mps, 2, 0);
	scen *s;
	diag d;

	/* MIG: about 17 ms a request; MPS about 3 ms, time-slicing nearly
	 * as good but for its switches */
	names(mig.r, "market", "station", "model6");
	about(util(mig.r, "device", "gpu0"), 0.70, 0.005, "the card in use");
	about(&mig.r->line[LF_LAT_MEAN], 0.017, 0.0005, "MIG latency");
	/* a request takes 7 ms of its partition: busy share / requests a second */
	for (int i = 0; i < 7; i++)
		about_ratio(&mig.r->st[i][SF_UTILIZATION], &mig.r->st[i][SF_THROUGHPUT],
			    0.007, 0.0005, "a request under MIG");
	about(&m.r->line[LF_LAT_MEAN], 0.003, 0.0005, "MPS latency");
	about(&t.r->line[LF_LAT_MEAN], 0.003, 0.0005, "time-slice latency");
	ck_assert(stat_mean(&t.r->line[LF_LAT_MEAN]) >
		  stat_mean(&m.r->line[LF_LAT_MEAN]));
	/* a noisy neighbour: under MIG only its own partition suffers (the
	 * other models' figures do not move at all); under MPS every model
	 * waits longer; 300 requests a second against a partition that
	 * does about 140 pile up in front of it without bound */
	names(nm.r, "unstable", "station", "model6");
	for (int i = 0; i < 6; i++)
		ck_assert(stat_mean(&nm.r->st[i][SF_WAIT_MEAN]) ==
			  stat_mean(&mig.r->st[i][SF_WAIT_MEAN]));
	for (int i = 0; i < 6; i++)
		ck_assert(stat_mean(&np.r->st[i][SF_WAIT_MEAN]) -
			  stat_ci95(&np.r->st[i][SF_WAIT_MEAN]) >
			  stat_mean(&m.r->st[i][SF_WAIT_MEAN]) +
			  stat_ci95(&m.r->st[i][SF_WAIT_MEAN]));
	/* memory is isolated only under MIG */
	s = tu_load("scenarios/gpu-sharing.json", big_mps, 2);
	scen_free(s);
	{
		size_t n;
		char *text = tu_slurp("scenarios/gpu-sharing.json", &n);

		s = NULL;
		diag_clear(&d);
		ck_assert_int_eq(scen_parse("gpu-sharing.json", text, n, big, 1,
					    &s, &d), -1);
		ck_assert_ptr_nonnull(strstr(d.msg, "holds 10GB"));
		free(text);
	}
	done(&mig);
	done(&m);
	done(&t);
	done(&nm);
	done(&np);
}
END_TEST

START_TEST(test_storage_bound)
{
	const char *jpeg[] = { "sources.dataset.bytes=28MB" };
	const char *fast[] = { "stations.train.service=15ms" };
	lesson a = run_lesson("storage-bound", NULL, 0, 0);
	lesson b = run_lesson("storage-bound", jpeg, 1, 0);
	lesson c = run_lesson("storage-bound", fast, 1, 0);
	const stat_acc *x = &a.r->line[LF_THROUGHPUT];

	/* the drive's link is busy all the time; the training step on the
	 * GPU starves about a third of its time */
	names(a.r, "one", "link", "nvme-read0");
	about(util(a.r, "link", "nvme-read0"), 1.0, 0.005, "drive busy");
	about(station(a.r, "train", SF_STARVED), 1.0 / 3, 0.05, "GPU starved");
	/* the drive moves 7 GB/s */
	about(&a.r->lnk[scen_link_index(a.s, "nvme-read0")][KF_BYTES_PER_S], 7e9,
	      0.5e9, "the drive's bytes");
	/* about 23 batches of 256 a second at most */
	ck_assert(fabs(stat_mean(x) / 256 - 23) <= stat_ci95(x) / 256 + 0.5);
	/* a GPU twice as fast buys nothing: the same figure, within its
	 * interval (both lines draw the same random numbers) */
	ck_assert(fabs(stat_mean(&c.r->line[LF_THROUGHPUT]) - stat_mean(x)) <=
		  stat_ci95(x));
	names(c.r, "one", "link", "nvme-read0");
	/* compressed: the GPU's training step is the constraint, at its 33
	 * batches a second; the drive could deliver 250 (batches a second
	 * over its busy share), decoding 37 */
	names(b.r, "one", "station", "train");
	about(&b.r->line[LF_THROUGHPUT], 33 * 256, 0.5 * 256, "compressed");
	about_ratio(&b.r->line[LF_THROUGHPUT], util(b.r, "link", "nvme-read0"),
		    250 * 256, 0.5 * 256, "the drive, compressed");
	about_ratio(&b.r->line[LF_THROUGHPUT], station(b.r, "decode", SF_UTILIZATION),
		    37 * 256, 0.5 * 256, "decoding");
	done(&a);
	done(&b);
	done(&c);
}
END_TEST

START_TEST(test_batching_and_engines)
{
	const char *unbatched[] = { "stations.model.batching.max_batch=1" };
	const char *trt[] = { "stations.model.work.runtime=tensorrt",
			      "stations.model.work.precision=fp16" };
	lesson a = run_lesson("triton-batching", NULL, 0, 0);
	lesson b = run_lesson("triton-batching", unbatched, 1, 0);
	lesson c = run_lesson("tensorrt-fp16", NULL, 0, 0);
	lesson d = run_lesson("tensorrt-fp16", trt, 2, 0);

	/* the seed article's figures: 216 -> 300 inferences a second by
	 * batching, and a TensorRT FP16 engine from about 454 to about 2680 */
	names(a.r, "one", "station", "model");
	about(&a.r->line[LF_THROUGHPUT], 300, 0.5, "batches of 8");
	about(&b.r->line[LF_THROUGHPUT], 216, 0.5, "one at a time");
	about_ratio(&a.r->line[LF_THROUGHPUT], &b.r->line[LF_THROUGHPUT], 1.39,
		    0.005, "what batching pays");
	names(c.r, "one", "station", "model");
	about(&c.r->line[LF_THROUGHPUT], 454, 0.5, "ONNX FP32");
	about(&d.r->line[LF_THROUGHPUT], 2680, 5, "TensorRT FP16");
	/* compute bound, both: twice the weights to read change nothing,
	 * twice the FLOPs do */
	{
		const char *w2[] = { "stations.model.work.params=51.2M",
				     trt[0], trt[1] };
		const char *f2[] = { "stations.model.work.flops=13.6G",
				     trt[0], trt[1] };

		for (int n = 1; n <= 3; n += 2) {
			lesson e = run_lesson("tensorrt-fp16", w2, n, 0);
			lesson f = run_lesson("tensorrt-fp16", f2, n, 0);
			const lesson *base = n == 1 ? &c : &d;

			ck_assert(stat_mean(&e.r->line[LF_THROUGHPUT]) ==
				  stat_mean(&base->r->line[LF_THROUGHPUT]));
			ck_assert(stat_mean(&f.r->line[LF_THROUGHPUT]) <
				  stat_mean(&base->r->line[LF_THROUGHPUT]) * 0.9);
			done(&e);
			done(&f);
		}
	}
	/* every batch of 8 full */
	about(station(a.r, "model", SF_BATCH_FILL), 1.0, 0.0005, "batch fill");
	done(&a);
	done(&b);
	done(&c);
	done(&d);
}
END_TEST

START_TEST(test_training_input_pipeline)
{
	const char *dali[] = { "stations.augment.device=gpu0",
			       "stations.augment.service={\"lognormal\": {\"mean\": \"8ms\", \"cv\": 0.1}}" };
	lesson a = run_lesson("training-input-pipeline", NULL, 0, 0);
	lesson b = run_lesson("training-input-pipeline", dali, 2, 0);
	stat_acc batches;

	/* the CPU prepares about 14 batches of 256 a second; the GPU's step
	 * starves more than 40% of its time (about 43%) */
	names(a.r, "one", "device", "cpu0");
	batches = a.r->line[LF_THROUGHPUT];
	ck_assert(fabs(stat_mean(&batches) / 256 - 14) <=
		  stat_ci95(&batches) / 256 + 0.5);
	about(station(a.r, "train", SF_STARVED), 0.43, 0.005, "GPU starved");
	/* the GPU could take 25: batches a second over its busy share */
	about_ratio(&a.r->line[LF_THROUGHPUT], station(a.r, "train", SF_UTILIZATION),
		    25 * 256, 0.5 * 256, "the GPU's capacity");
	/* augmentation on the GPU: the GPU is the constraint and the line
	 * makes about 46% more images a second */
	names(b.r, "one", "device", "gpu0");
	about_ratio(&b.r->line[LF_THROUGHPUT], &a.r->line[LF_THROUGHPUT], 1.46,
		    0.005, "augmentation on the GPU");
	/* the GPU busy all the time, about 21 batches a second; the CPU,
	 * decoding only, could do 31 */
	about(util(b.r, "device", "gpu0"), 1.0, 0.0005, "the GPU with augment");
	about(&b.r->line[LF_THROUGHPUT], 21 * 256, 0.5 * 256, "batches with augment");
	about_ratio(&b.r->line[LF_THROUGHPUT], util(b.r, "device", "cpu0"),
		    31 * 256, 0.5 * 256, "the CPU decoding only");
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_data_parallel_dgx)
{
	const char *big[] = { "stations.allreduce.allreduce.bytes=14GB" };
	lesson a = run_lesson("data-parallel-dgx", NULL, 0, 0);
	lesson b = run_lesson("data-parallel-dgx", big, 1, 0);
	/* each all-reduce gathers 8 replicas' batches of 256 images */
	double per_round = 8 * 256;
	const stat_acc *ar = station(a.r, "allreduce", SF_UTILIZATION);
	const stat_acc *br = station(b.r, "allreduce", SF_UTILIZATION);

	/* the bottleneck shifts among the replicas; each is blocked, waiting
	 * for the slowest, about 7% of its time */
	names(a.r, "shifting", "station", "step7");
	for (int i = 0; i < 8; i++) {
		char n[16];

		snprintf(n, sizeof n, "step%d", i);
		about(station(a.r, n, SF_BLOCKED), 0.07, 0.005, n);
	}
	/* the collective's own time: busy share / rounds a second; about
	 * half a millisecond for 102 MB, about 65 ms for 14 GB, which makes
	 * it the constraint and slows the line by about 41% */
	ck_assert(fabs(stat_mean(ar) / (stat_mean(&a.r->line[LF_THROUGHPUT]) /
					per_round) - 0.0005) <= 0.00005);
	ck_assert(fabs(stat_mean(br) / (stat_mean(&b.r->line[LF_THROUGHPUT]) /
					per_round) - 0.065) <= 0.0005);
	names(b.r, "one", "station", "allreduce");
	about_ratio(&b.r->line[LF_THROUGHPUT], &a.r->line[LF_THROUGHPUT], 0.59,
		    0.005, "14 GB of gradients");
	/* the collective runs on the NVLinks: each moves bytes as long as it
	 * runs (less its latency terms, 56 us of 65 ms), with 102 MB too */
	for (int i = 0; i < 8; i++) {
		char n[24];

		snprintf(n, sizeof n, "nvlink%d", i);
		about(util(b.r, "link", n), stat_mean(br), 0.001, n);
		ck_assert(stat_mean(&a.r->lnk[scen_link_index(a.s, n)][KF_BYTES_PER_S]) > 0);
	}
	done(&a);
	done(&b);
}
END_TEST

START_TEST(test_data_parallel_dgx_nvls)
{
	const char *nvls[] = { "stations.allreduce.allreduce.bytes=14GB",
			       "stations.allreduce.allreduce.algorithm=nvls" };
	lesson c = run_lesson("data-parallel-dgx", nvls, 2, 0);
	const stat_acc *cr = station(c.r, "allreduce", SF_UTILIZATION);

	/* NVLink SHARP: each GPU sends and receives the 14 GB once, at the
	 * NVLinks' 376 GB/s: about 37 ms */
	ck_assert(fabs(stat_mean(cr) / (stat_mean(&c.r->line[LF_THROUGHPUT]) /
					(8 * 256)) - 0.037) <= 0.0005);
	done(&c);
}
END_TEST

Suite *lessons_suite(void)
{
	Suite *s = suite_create("lessons");
	TCase *tc = tcase_create("lessons");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_coffee_line);
	tcase_add_test(tc, test_scout_hike);
	tcase_add_test(tc, test_dice_game);
	tcase_add_test(tc, test_stop_sign);
	tcase_add_test(tc, test_dgx_h100_inference);
	tcase_add_test(tc, test_gpu_sharing);
	tcase_add_test(tc, test_storage_bound);
	tcase_add_test(tc, test_batching_and_engines);
	tcase_add_test(tc, test_training_input_pipeline);
	tcase_add_test(tc, test_data_parallel_dgx);
	tcase_add_test(tc, test_data_parallel_dgx_nvls);
	suite_add_tcase(s, tc);
	return s;
}
