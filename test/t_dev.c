/*
 * t_dev.c: the hardware under a line, on cases whose answers are exact or
 * known: a MIG partition stretches service by its compute fraction; a CPU
 * shares its cores; an M/M/1 queue on a one-core CPU is M/M/1-PS; MPS
 * splits a GPU by the stations' shares; time-slicing loses its switches;
 * a link shared by transfers carries its bandwidth, each direction its own.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cat.h"
#include "line/line.h"
#include "mlcat.h"
#include "run/res.h"
#include "run/run.h"
#include "scenario/scen.h"

Suite *dev_suite(void);

static res *run(const char *text, scen **s)
{
	run_opts o = { 0 };
	res *r = NULL;
	diag d;

	diag_clear(&d);
	if (scen_parse("t", text, strlen(text), NULL, 0, s, &d) < 0) {
		char buf[2048];

		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("%s", buf);
	}
	ck_assert_int_eq(run_scenario(*s, &o, &r, &d), RUN_OK);
	return r;
}

static double m(const stat_acc *s)
{
	return stat_mean(s);
}

/* One item over a window of T seconds. */
#define EDGE(T) (1.0 / (T) + 1e-9)

START_TEST(test_mig_partition_stretches_service)
{
	/* 3 ms on a whole A100; on a 3g.40gb partition (3 of 7 slices) the
	 * same kernel takes 7 ms. One frame every 100 ms: no queueing. */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"10s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"a100-80gb\","
		     "   \"sharing\": {\"mode\": \"mig\", \"partitions\": [\"3g.40gb\", \"4g.40gb\"]}}}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"100ms\"}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0/0\", \"service\": \"3ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->line[LF_LAT_MEAN]), 0.007, 1e-9);
	ck_assert_int_eq(s->ndevices, 3);
	ck_assert_str_eq(s->devices[1].name, "gpu0/0");
	ck_assert_double_eq_tol(s->devices[1].memory, 40e9, 1e9);
	/* the partition is busy 7 ms in 100; the GPU 3/7 of that */
	ck_assert_double_eq_tol(m(&r->dev[1][DF_UTILIZATION]), 0.07, 1e-3);
	ck_assert_double_eq_tol(m(&r->dev[0][DF_UTILIZATION]), 0.03, 1e-3);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_stations_on_a_mig_gpu_take_partitions_in_turn)
{
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"a100-80gb\","
		     "   \"sharing\": {\"mode\": \"mig\", \"partitions\": [\"3g.40gb\", \"4g.40gb\"]}}}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"100ms\"}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\", \"service\": \"3ms\", \"next\": \"b\"},"
		     "  {\"name\": \"b\", \"device\": \"gpu0\", \"service\": \"4ms\"}]}", &s);

	ck_assert_int_eq(s->stations[0].device_idx[0], 1);
	ck_assert_int_eq(s->stations[1].device_idx[0], 2);
	/* 3 ms at 3/7, then 4 ms at 4/7: 7 + 7 ms */
	ck_assert_double_eq_tol(m(&r->line[LF_LAT_MEAN]), 0.014, 1e-9);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_cpu_shares_its_cores)
{
	/* 4 workers of 10 ms on 2 cores, always busy: each runs at half
	 * speed, so the station makes 2 / 10 ms = 200 items a second */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"10s\", \"warmup\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\", \"cores\": 2}}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"saturate\": true}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"cpu0\", \"servers\": 4, \"service\": \"10ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->line[LF_THROUGHPUT]), 200, 4 * EDGE(10));
	ck_assert_double_eq_tol(m(&r->line[LF_LAT_MEAN]), 0.020, 1e-9);
	ck_assert_double_eq_tol(m(&r->dev[0][DF_UTILIZATION]), 1, 1e-9);
	/* a worker whose item progresses is working, however slowly */
	ck_assert_double_eq_tol(m(&r->st[0][SF_WORKING]), 1, 1e-9);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_mm1_ps_on_one_core)
{
	/* a station with enough workers on a one-core CPU is an M/M/1-PS
	 * queue: mean sojourn 1/(mu - lambda) = 1/(100 - 50) = 20 ms. The
	 * check uses herbie's own interval over 10 replications, widened to 4
	 * standard errors (4 / t(0.975, 9) of the half-width). */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"items\": 200000, \"warmup\": {\"items\": 2000}, \"replications\": 10},"
		     " \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\", \"cores\": 1}}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"rate\": \"50/s\"}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"cpu0\", \"servers\": 1000,"
		     "   \"service\": {\"exponential\": \"10ms\"}}]}", &s);
	const stat_acc *w = &r->line[LF_LAT_MEAN];

	ck_assert_msg(fabs(m(w) - 0.02) <= 4 / 2.262 * stat_ci95(w),
		      "W %.6f +- %.6f, want 0.02", m(w), stat_ci95(w));
	ck_assert_double_eq_tol(m(&r->dev[0][DF_UTILIZATION]), 0.5, 4 / 2.262 * stat_ci95(&r->dev[0][DF_UTILIZATION]));
	/* no one waits in the buffer: every item is served at once */
	ck_assert_double_eq_tol(m(&r->st[0][SF_WAIT_MEAN]), 0, 1e-12);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_mps_splits_by_share)
{
	/* two always-busy stations of 10 ms on one MPS GPU, shares 3 and 1:
	 * they get 3/4 and 1/4 of it: 75 and 25 items a second */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"a100-80gb\","
		     "   \"sharing\": {\"mode\": \"mps\", \"shares\": {\"a\": 3, \"b\": 1}}}}},"
		     " \"sources\": [{\"name\": \"x\", \"to\": \"a\", \"saturate\": true}, {\"name\": \"y\", \"to\": \"b\", \"saturate\": true}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\", \"service\": \"10ms\"},"
		     "  {\"name\": \"b\", \"device\": \"gpu0\", \"service\": \"10ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->st[0][SF_THROUGHPUT]), 75, 2 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->st[1][SF_THROUGHPUT]), 25, 2 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->dev[0][DF_UTILIZATION]), 1, 1e-9);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_time_slicing_loses_its_switches)
{
	/* quantum 2 ms, switch 2 ms: with both stations busy the GPU works
	 * half the time: 50 items a second, 25 each; alone, a station would
	 * make 100 */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"l4\","
		     "   \"sharing\": {\"mode\": \"timeslice\", \"quantum\": \"2ms\", \"switch\": \"2ms\"}}}},"
		     " \"sources\": [{\"name\": \"x\", \"to\": \"a\", \"saturate\": true}, {\"name\": \"y\", \"to\": \"b\", \"saturate\": true}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\", \"service\": \"10ms\"},"
		     "  {\"name\": \"b\", \"device\": \"gpu0\", \"service\": \"10ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->st[0][SF_THROUGHPUT]), 25, 2 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->st[1][SF_THROUGHPUT]), 25, 2 * EDGE(20));
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_exclusive_gpu_makes_kernels_wait)
{
	/* two always-busy stations of 10 ms on one exclusive GPU take turns:
	 * 50 items a second each; each works half the time and waits for the
	 * GPU the other half (waiting is not working) */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"h100-sxm\"}}},"
		     " \"sources\": [{\"name\": \"x\", \"to\": \"a\", \"saturate\": true}, {\"name\": \"y\", \"to\": \"b\", \"saturate\": true}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\", \"service\": \"10ms\"},"
		     "  {\"name\": \"b\", \"device\": \"gpu0\", \"service\": \"10ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->st[0][SF_THROUGHPUT]), 50, 2 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->st[0][SF_WORKING]), 0.5, 1e-3);
	ck_assert_double_eq_tol(m(&r->st[0][SF_WAITING]), 0.5, 1e-3);
	ck_assert_double_eq_tol(m(&r->st[0][SF_STARVED]), 0, 1e-3);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_link_is_the_constraint)
{
	/* 10 MB items over a 1 GB/s link: 10 ms each alone; a 1 ms station
	 * sends them as fast as the buffer downstream takes them, several at
	 * once, and the link carries exactly its bandwidth: 100 items a
	 * second, busy all the time */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		     " \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\"}, \"gpu0\": {\"type\": \"l4\"}},"
		     "   \"links\": {\"l\": {\"bandwidth\": \"1GB/s\", \"between\": [\"cpu0\", \"gpu0\"]}}},"
		     " \"sources\": [{\"name\": \"x\", \"to\": \"a\", \"saturate\": true, \"bytes\": \"10MB\"}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"cpu0\", \"service\": \"1ms\", \"next\": \"b\", \"transport\": {\"via\": [\"l\"]}},"
		     "  {\"name\": \"b\", \"device\": \"gpu0\", \"capacity\": 4, \"service\": \"1ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->line[LF_THROUGHPUT]), 100, 5 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->lnk[0][KF_UTILIZATION]), 1, 1e-6);
	ck_assert_double_eq_tol(m(&r->lnk[0][KF_BYTES_PER_S]), 1e9, 5e7 / 20);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_directions_do_not_share_a_duplex_link)
{
	/* one 10 MB flow each way over a 1 GB/s duplex link: 100 items a
	 * second each; on a half-duplex link they share it: 50 each */
	const char *fmt =
		"{\"name\": \"t\", \"run\": {\"duration\": \"20s\", \"warmup\": \"1s\"},"
		" \"hardware\": {\"devices\": {\"cpu0\": {\"type\": \"cpu\"}, \"gpu0\": {\"type\": \"l4\"}},"
		"   \"links\": {\"l\": {\"bandwidth\": \"1GB/s\", \"duplex\": %s, \"between\": [\"cpu0\", \"gpu0\"]}}},"
		" \"sources\": [{\"name\": \"x\", \"to\": \"up\", \"saturate\": true, \"bytes\": \"10MB\"},"
		"  {\"name\": \"y\", \"to\": \"down\", \"saturate\": true, \"bytes\": \"10MB\"}],"
		" \"stations\": ["
		"  {\"name\": \"up\", \"device\": \"cpu0\", \"service\": \"1ms\", \"next\": \"u2\", \"transport\": {\"via\": [\"l\"]}},"
		"  {\"name\": \"u2\", \"capacity\": 4, \"service\": \"1ms\"},"
		"  {\"name\": \"down\", \"device\": \"gpu0\", \"service\": \"1ms\", \"next\": \"d2\", \"transport\": {\"via\": [\"l\"]}},"
		"  {\"name\": \"d2\", \"capacity\": 4, \"service\": \"1ms\"}]}";
	char text[2048];
	scen *s;
	res *r;

	snprintf(text, sizeof text, fmt, "true");
	r = run(text, &s);
	ck_assert_double_eq_tol(m(&r->st[1][SF_THROUGHPUT]), 100, 5 * EDGE(20));
	ck_assert_double_eq_tol(m(&r->st[3][SF_THROUGHPUT]), 100, 5 * EDGE(20));
	res_free(r);
	scen_free(s);
	snprintf(text, sizeof text, fmt, "false");
	r = run(text, &s);
	ck_assert_double_eq_tol(m(&r->st[1][SF_THROUGHPUT]) + m(&r->st[3][SF_THROUGHPUT]), 100, 10 * EDGE(20));
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_barrier_waits_for_the_slowest_replica)
{
	/* four replicas train in 20, 30, 40 and 50 ms, then all-reduce for
	 * 10 ms: a step every 50 + 10 = 60 ms. The fast replicas wait: the
	 * one of 20 ms works 1/3 of the time and is held 2/3 */
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"30s\", \"warmup\": \"1s\"},"
		     " \"sources\": [{\"name\": \"d0\", \"to\": \"t0\", \"saturate\": true},"
		     "  {\"name\": \"d1\", \"to\": \"t1\", \"saturate\": true},"
		     "  {\"name\": \"d2\", \"to\": \"t2\", \"saturate\": true},"
		     "  {\"name\": \"d3\", \"to\": \"t3\", \"saturate\": true}],"
		     " \"stations\": [{\"name\": \"t0\", \"service\": \"20ms\", \"next\": \"ar\"},"
		     "  {\"name\": \"t1\", \"service\": \"30ms\", \"next\": \"ar\"},"
		     "  {\"name\": \"t2\", \"service\": \"40ms\", \"next\": \"ar\"},"
		     "  {\"name\": \"t3\", \"service\": \"50ms\", \"next\": \"ar\"},"
		     "  {\"name\": \"ar\", \"kind\": \"barrier\", \"group\": 4, \"service\": \"10ms\"}]}", &s);

	ck_assert_double_eq_tol(m(&r->line[LF_THROUGHPUT]), 4 / 0.060, 8 * EDGE(30));
	/* each replica passes a step on per round */
	ck_assert_double_eq_tol(m(&r->st[0][SF_THROUGHPUT]), 1 / 0.060, 2 * EDGE(30));
	ck_assert_double_eq_tol(m(&r->st[0][SF_WORKING]), 1.0 / 3, 2e-3);
	ck_assert_double_eq_tol(m(&r->st[0][SF_BLOCKED]), 2.0 / 3, 2e-3);
	ck_assert_double_eq_tol(m(&r->st[3][SF_WORKING]), 5.0 / 6, 2e-3);
	ck_assert_double_eq_tol(m(&r->st[4][SF_WORKING]), 1.0 / 6, 2e-3);
	/* a replica waits at the barrier for the slowest: 15 ms on average
	 * (30, 20, 10 and 0) */
	ck_assert_double_eq_tol(m(&r->st[4][SF_WAIT_MEAN]), 0.015, 1e-6);
	res_free(r);
	scen_free(s);
}
END_TEST

START_TEST(test_ring_allreduce_time)
{
	/* 8 replicas, 1 GB of gradients, one hop of the ring crossing two
	 * links of 100 GB/s and 2 us each: 2 x 7/8 x 1e9 / 1e11 + 14 x 4 us */
	const char *text =
		"{\"name\": \"t\", \"run\": {\"duration\": \"1s\"},"
		" \"hardware\": {\"links\": {\"a\": {\"bandwidth\": \"100GB/s\", \"latency\": \"2us\"},"
		"   \"b\": {\"bandwidth\": \"200GB/s\", \"latency\": \"2us\"}}},"
		" \"sources\": [{\"name\": \"d\", \"to\": \"t0\", \"saturate\": true}],"
		" \"stations\": [{\"name\": \"t0\", \"service\": \"1ms\", \"next\": {\"fork\": [\"t1\", \"t2\", \"t3\", \"t4\", \"t5\", \"t6\", \"t7\", \"t8\"], \"join\": \"ar\"}},"
		"  {\"name\": \"t1\", \"service\": \"1ms\", \"next\": \"ar\"}, {\"name\": \"t2\", \"service\": \"1ms\", \"next\": \"ar\"},"
		"  {\"name\": \"t3\", \"service\": \"1ms\", \"next\": \"ar\"}, {\"name\": \"t4\", \"service\": \"1ms\", \"next\": \"ar\"},"
		"  {\"name\": \"t5\", \"service\": \"1ms\", \"next\": \"ar\"}, {\"name\": \"t6\", \"service\": \"1ms\", \"next\": \"ar\"},"
		"  {\"name\": \"t7\", \"service\": \"1ms\", \"next\": \"ar\"}, {\"name\": \"t8\", \"service\": \"1ms\", \"next\": \"ar\"},"
		"  {\"name\": \"ar\", \"kind\": \"barrier\", \"group\": 8, \"allreduce\": {\"bytes\": \"1GB\", \"via\": [\"a\", \"b\"]}}]}";
	scen *s = NULL;
	diag d;

	diag_clear(&d);
	ck_assert_int_eq(scen_parse("t", text, strlen(text), NULL, 0, &s, &d), 0);
	ck_assert(dist_is_const(&s->stations[9].service));
	ck_assert_double_eq_tol(s->stations[9].service.a, 2.0 * 7 / 8 * 1e9 / 1e11 + 14 * 4e-6, 1e-15);
	scen_free(s);
}
END_TEST

/* A shipped scenario, with overrides, run as `herbie run` would. */
/* A station's work becomes the roofline time on its device: 8.2 GFLOPs
 * on a T4 in FP32 (8.1 TFLOPS) under a runtime of compute efficiency ce
 * and launch L is compute bound at batch 1; one item every 100 ms never
 * queues, so the latency is that time. */
START_TEST(test_work_is_the_roofline_on_the_device)
{
	scen *s;
	res *r = run("{\"name\": \"t\", \"run\": {\"duration\": \"10s\"},"
		     " \"hardware\": {\"devices\": {\"gpu0\": {\"type\": \"t4\"}}},"
		     " \"sources\": [{\"name\": \"in\", \"to\": \"a\", \"arrival\": \"100ms\"}],"
		     " \"stations\": [{\"name\": \"a\", \"device\": \"gpu0\","
		     "   \"work\": {\"flops\": \"8.2G\", \"params\": \"25.6M\", \"runtime\": \"onnx\", \"precision\": \"fp32\"}}]}", &s);
	const cat_device *t4;
	const mlcat_runtime *rt;
	cat *c;
	mlcat *ml;
	diag d;
	double want;

	ck_assert_int_eq(cat_load(&c, &d), 0);
	ck_assert_int_eq(mlcat_load(&ml, &d), 0);
	t4 = cat_device_find(c, "t4");
	rt = mlcat_runtime_find(ml, "onnx", "fp32");
	want = rt->launch_overhead.v + 8.2e9 / (t4->tflops[CAT_FP32].v * rt->compute_efficiency.v);
	ck_assert_double_eq_tol(m(&r->line[LF_LAT_MEAN]), want, 1e-9);
	/* the weights, 25.6 M fp32 parameters, are what it keeps resident */
	ck_assert_double_eq_tol(s->stations[0].memory, 25.6e6 * 4, 1);
	cat_free(c);
	mlcat_free(ml);
	res_free(r);
	scen_free(s);
}
END_TEST

Suite *dev_suite(void)
{
	Suite *s = suite_create("dev");
	TCase *tc = tcase_create("dev");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_mig_partition_stretches_service);
	tcase_add_test(tc, test_stations_on_a_mig_gpu_take_partitions_in_turn);
	tcase_add_test(tc, test_cpu_shares_its_cores);
	tcase_add_test(tc, test_mm1_ps_on_one_core);
	tcase_add_test(tc, test_mps_splits_by_share);
	tcase_add_test(tc, test_time_slicing_loses_its_switches);
	tcase_add_test(tc, test_exclusive_gpu_makes_kernels_wait);
	tcase_add_test(tc, test_link_is_the_constraint);
	tcase_add_test(tc, test_directions_do_not_share_a_duplex_link);
	tcase_add_test(tc, test_barrier_waits_for_the_slowest_replica);
	tcase_add_test(tc, test_ring_allreduce_time);
	tcase_add_test(tc, test_work_is_the_roofline_on_the_device);
	suite_add_tcase(s, tc);
	return s;
}
