/*
 * t_cat.c: the hardware catalog (suite `cat`).
 *
 * Four kinds of check:
 *
 *   data    the real, embedded catalog: every entry the issue asks for is
 *           there, every figure carries a source, values sit in plausible
 *           ranges, and the figures that follow from a specification are
 *           checked against it (PCIe rates from GT/s and encoding, NVLink
 *           halves of the bidirectional totals, MIG profile names that
 *           spell their own slices and memory, CPU totals = cores x
 *           per-core peak);
 *   presets the machines: their JSON parses, names only catalog types and
 *           their own devices, and agrees with the parsed arrays; the DGX
 *           H100 layout and the cloud VM's overheads are checked in detail;
 *   mig     cat_mig_check on combinations whose verdict the MIG user
 *           guide's profile table decides;
 *   bad     the loader's strictness: a small valid catalog is broken one
 *           way at a time and must be refused with the right file, path,
 *           position and message; running out of memory at every
 *           allocation must fail cleanly (the SAN build sees leaks).
 */
#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cat.h"
#include "tutil.h"
#include "core/hb.h"
#include "input/unit.h"

Suite *cat_suite(void);

static cat *load(void)
{
	diag d;
	cat *c = NULL;
	char buf[2048];

	if (cat_load(&c, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("the catalog does not load:\n%s", buf);
	}
	ck_assert_ptr_nonnull(c);
	return c;
}




static void in_range(const char *who, const char *what, double v, double lo,
		     double hi)
{
	ck_assert_msg(v >= lo && v <= hi, "%s.%s = %g, outside [%g, %g]", who,
		      what, v, lo, hi);
}

/* ------------------------------------------------------------------ */
/* data                                                                */

START_TEST(required_entries)
{
	static const char *const devices[] = {
		"cpu", "xeon-8480c", "epyc-7742", "h100-sxm", "a100-40gb",
		"a100-80gb", "l40s", "l4", "t4", "nvswitch-h100", "connectx-7",
		"nvme-gen4-drive", "nvme-gen5-drive",
	};
	static const char *const links[] = {
		"pcie3-x16", "pcie4-x16", "pcie5-x16", "nvlink3",
		"nvlink4-nvswitch", "ib-ndr-400", "100gbe", "nvme-gen4-read",
		"nvme-gen5-read",
	};
	static const char *const presets[] = {
		"dgx-h100", "dgx-a100", "cloud-vm-1gpu",
	};
	cat *c = load();

	for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
		ck_assert_msg(cat_device_find(c, devices[i]), "no device %s",
			      devices[i]);
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		ck_assert_msg(cat_link_find(c, links[i]), "no link %s",
			      links[i]);
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
		ck_assert_msg(cat_preset_find(c, presets[i]), "no preset %s",
			      presets[i]);
	ck_assert_ptr_null(cat_device_find(c, "h100-sxn"));
	ck_assert_ptr_null(cat_link_find(c, "h100-sxm"));
	ck_assert_ptr_null(cat_preset_find(c, ""));
	/* Lookups return the entry at its index. */
	for (int i = 0; i < cat_ndevices(c); i++)
		ck_assert_ptr_eq(cat_device_find(c, cat_device_at(c, i)->id),
				 cat_device_at(c, i));
	ck_assert_int_eq(cat_device_find(c, "h100-sxm")->kind, CAT_GPU);
	ck_assert_int_eq(cat_device_find(c, "connectx-7")->kind, CAT_NIC);
	ck_assert_int_eq(cat_device_find(c, "nvswitch-h100")->kind,
			 CAT_SWITCH);
	ck_assert_int_eq(cat_device_find(c, "nvme-gen5-drive")->kind,
			 CAT_STORAGE);
	ck_assert_str_eq(cat_kind_name(CAT_STORAGE), "storage");
	ck_assert_str_eq(cat_prec_name(CAT_BF16), "bf16");
	ck_assert_str_eq(cat_prec_name(CAT_INT4), "int4");
	cat_free(c);
	cat_free(NULL);
}
END_TEST

START_TEST(every_figure_has_a_source)
{
	cat *c = load();

	for (int i = 0; i < cat_ndevices(c); i++) {
		const cat_device *dv = cat_device_at(c, i);
		const char *w = dv->id;

		ck_assert_msg(!tu_blank(dv->name), "%s has no name", w);
		tu_check_fig(w, "cores", dv->cores);
		tu_check_fig(w, "clock", dv->clock);
		tu_check_fig(w, "memory", dv->memory);
		tu_check_fig(w, "memory_bandwidth", dv->memory_bandwidth);
		tu_check_fig(w, "gflops_per_core", dv->gflops_per_core);
		tu_check_fig(w, "mps.max_clients", dv->mps_clients);
		tu_check_fig(w, "mig.max_partitions", dv->mig_max);
		tu_check_fig(w, "bandwidth", dv->bandwidth);
		tu_check_fig(w, "capacity", dv->capacity);
		for (int p = 0; p < CAT_NPREC; p++)
			tu_check_fig(w, cat_prec_name(p), dv->tflops[p]);
		if (dv->nmig)
			ck_assert_msg(!tu_blank(dv->mig_source), "%s: MIG table "
				      "without a source", w);
	}
	for (int i = 0; i < cat_nlinks(c); i++) {
		const cat_link *lk = cat_link_at(c, i);

		ck_assert_msg(!tu_blank(lk->name), "%s has no name", lk->id);
		tu_check_fig(lk->id, "bandwidth", lk->bandwidth);
		tu_check_fig(lk->id, "effective_bandwidth",
			  lk->effective_bandwidth);
		tu_check_fig(lk->id, "latency", lk->latency);
		ck_assert(!isnan(lk->bandwidth.v) && !isnan(lk->latency.v));
		ck_assert(lk->duplex == 0 || lk->duplex == 1);
	}
	for (int i = 0; i < cat_npresets(c); i++) {
		const cat_preset *p = cat_preset_at(c, i);

		ck_assert_msg(!tu_blank(p->name) && !tu_blank(p->source),
			      "%s: name or source missing", p->id);
	}
	cat_free(c);
}
END_TEST

START_TEST(gpu_ranges)
{
	cat *c = load();
	int ngpu = 0;

	for (int i = 0; i < cat_ndevices(c); i++) {
		const cat_device *dv = cat_device_at(c, i);
		const cat_fig *t = dv->tflops;

		if (dv->kind != CAT_GPU)
			continue;
		ngpu++;
		in_range(dv->id, "memory", dv->memory.v, 8e9, 200e9);
		in_range(dv->id, "memory_bandwidth", dv->memory_bandwidth.v,
			 100e9, 10e12);
		/* Dense peaks of the cards listed: 8 TFLOPS (T4 FP32) up to
		 * about 2 PFLOPS (H100 FP8). */
		for (int p = 0; p < CAT_NPREC; p++)
			if (!isnan(t[p].v))
				in_range(dv->id, cat_prec_name(p), t[p].v,
					 1e12, 5e15);
		ck_assert_msg(!isnan(t[CAT_FP32].v) && !isnan(t[CAT_FP16].v),
			      "%s lacks fp32 or fp16", dv->id);
		/* Narrower types never run slower on the same card. */
		if (!isnan(t[CAT_TF32].v))
			ck_assert(t[CAT_TF32].v >= t[CAT_FP32].v);
		ck_assert(t[CAT_FP16].v >= t[CAT_FP32].v);
		if (!isnan(t[CAT_BF16].v))
			ck_assert(t[CAT_BF16].v == t[CAT_FP16].v);
		if (!isnan(t[CAT_FP8].v))
			ck_assert(t[CAT_FP8].v >= t[CAT_FP16].v);
		if (!isnan(t[CAT_INT8].v))
			ck_assert(t[CAT_INT8].v >= t[CAT_FP16].v);
		if (!isnan(t[CAT_INT4].v) && !isnan(t[CAT_INT8].v))
			ck_assert(t[CAT_INT4].v >= t[CAT_INT8].v);
		/* MPS: 48 clients on Volta and later, and all are. */
		ck_assert_msg(dv->mps_clients.v == 48, "%s: %g MPS clients",
			      dv->id, dv->mps_clients.v);
	}
	ck_assert_int_ge(ngpu, 6);
	/* Known answers, as the data sheets print them. */
	ck_assert(tu_near(cat_device_find(c, "h100-sxm")->memory_bandwidth.v,
		       3.35e12, 1e-12));
	ck_assert(tu_near(cat_device_find(c, "h100-sxm")->tflops[CAT_BF16].v,
		       989.4e12, 1e-12));
	ck_assert(tu_near(cat_device_find(c, "a100-80gb")->memory_bandwidth.v,
		       2039e9, 1e-12));
	ck_assert(tu_near(cat_device_find(c, "a100-40gb")->tflops[CAT_FP16].v,
		       312e12, 1e-12));
	ck_assert(isnan(cat_device_find(c, "h100-sxm")->tflops[CAT_INT4].v));
	ck_assert(isnan(cat_device_find(c, "t4")->tflops[CAT_BF16].v));
	cat_free(c);
}
END_TEST

START_TEST(cpu_ranges)
{
	cat *c = load();

	for (int i = 0; i < cat_ndevices(c); i++) {
		const cat_device *dv = cat_device_at(c, i);

		if (dv->kind != CAT_CPU)
			continue;
		in_range(dv->id, "cores", dv->cores.v, 1, 512);
		ck_assert(dv->cores.v == floor(dv->cores.v));
		in_range(dv->id, "clock", dv->clock.v, 1e9, 6e9);
		in_range(dv->id, "gflops_per_core", dv->gflops_per_core.v,
			 1e9, 1e12);
		/* Per-core peak = FLOP per cycle x clock, with a whole
		 * power of two of FLOP per cycle (SIMD lanes x 2 for FMA). */
		double fpc = dv->gflops_per_core.v / dv->clock.v;

		ck_assert_msg(tu_near(fpc, exp2(round(log2(fpc))), 1e-9),
			      "%s: %g FLOP per cycle", dv->id, fpc);
		if (!isnan(dv->tflops[CAT_FP32].v))
			ck_assert_msg(tu_near(dv->tflops[CAT_FP32].v,
					   dv->cores.v * dv->gflops_per_core.v,
					   1e-9), "%s: chip fp32 is not cores "
				      "x per-core peak", dv->id);
		if (!isnan(dv->tflops[CAT_FP64].v))
			ck_assert(tu_near(dv->tflops[CAT_FP64].v,
				       dv->tflops[CAT_FP32].v / 2, 1e-9));
		if (!isnan(dv->memory_bandwidth.v))
			in_range(dv->id, "memory_bandwidth",
				 dv->memory_bandwidth.v, 10e9, 2e12);
	}
	ck_assert(cat_device_find(c, "cpu")->cores.v == 1);
	ck_assert(cat_device_find(c, "xeon-8480c")->cores.v == 56);
	ck_assert(cat_device_find(c, "epyc-7742")->cores.v == 64);
	/* 8 channels x DDR5-4800 x 8 bytes. */
	ck_assert(tu_near(cat_device_find(c, "xeon-8480c")->memory_bandwidth.v,
		       8 * 4800e6 * 8, 1e-12));
	cat_free(c);
}
END_TEST

START_TEST(link_ranges)
{
	/* PCIe: GT/s x 16 lanes x 128/130 / 8 bits, per direction; the
	 * catalog rounds to 3 or 4 digits. */
	static const struct { const char *id; double gts; } pcie[] = {
		{ "pcie3-x16", 8e9 }, { "pcie4-x16", 16e9 },
		{ "pcie5-x16", 32e9 },
	};
	cat *c = load();

	for (int i = 0; i < cat_nlinks(c); i++) {
		const cat_link *lk = cat_link_at(c, i);

		in_range(lk->id, "bandwidth", lk->bandwidth.v, 1e9, 2e12);
		in_range(lk->id, "latency", lk->latency.v, 100e-9, 1e-3);
		if (!isnan(lk->effective_bandwidth.v)) {
			ck_assert_msg(lk->effective_bandwidth.v <=
				      lk->bandwidth.v, "%s: effective above "
				      "nominal", lk->id);
			/* Protocol overheads cost something, and no
			 * published measurement is below half of nominal. */
			ck_assert_msg(lk->effective_bandwidth.v >=
				      0.5 * lk->bandwidth.v, "%s: effective "
				      "below half of nominal", lk->id);
		}
	}
	for (size_t i = 0; i < sizeof pcie / sizeof pcie[0]; i++) {
		const cat_link *lk = cat_link_find(c, pcie[i].id);
		double want = pcie[i].gts * 16 * 128 / 130 / 8;

		ck_assert_msg(tu_near(lk->bandwidth.v, want, 0.002), "%s: %g, want "
			      "%g", lk->id, lk->bandwidth.v, want);
		ck_assert(lk->duplex);
		ck_assert(!isnan(lk->effective_bandwidth.v));
	}
	/* Halves of the per-GPU totals both ways (600 and 900 GB/s). */
	ck_assert(tu_near(cat_link_find(c, "nvlink3")->bandwidth.v, 300e9, 1e-12));
	ck_assert(tu_near(cat_link_find(c, "nvlink4-nvswitch")->bandwidth.v,
		       450e9, 1e-12));
	ck_assert(tu_near(cat_link_find(c, "ib-ndr-400")->bandwidth.v, 50e9,
		       1e-12));
	ck_assert(tu_near(cat_link_find(c, "100gbe")->bandwidth.v, 12.5e9,
		       1e-12));
	/* NVMe reads: a Gen4 drive about 7 GB/s, Gen5 12 to 14 GB/s. */
	in_range("nvme-gen4-read", "effective",
		 cat_link_find(c, "nvme-gen4-read")->effective_bandwidth.v,
		 6e9, 7.5e9);
	in_range("nvme-gen5-read", "effective",
		 cat_link_find(c, "nvme-gen5-read")->effective_bandwidth.v,
		 12e9, 14e9);
	cat_free(c);
}
END_TEST

/* "3g.40gb" or "1g.10gb+me": the compute slices and the gigabytes the
 * name promises. */
static void parse_profile(const char *name, int *cs, int *gb)
{
	ck_assert_msg(sscanf(name, "%dg.%dgb", cs, gb) == 2,
		      "profile name \"%s\"", name);
}

START_TEST(mig_tables)
{
	/* From the MIG user guide's profile tables: name and the number of
	 * instances available. */
	static const struct { const char *dev, *name; int max; } want[] = {
		{ "a100-40gb", "1g.5gb", 7 }, { "a100-40gb", "1g.10gb", 4 },
		{ "a100-40gb", "2g.10gb", 3 }, { "a100-40gb", "3g.20gb", 2 },
		{ "a100-40gb", "4g.20gb", 1 }, { "a100-40gb", "7g.40gb", 1 },
		{ "a100-80gb", "1g.10gb", 7 }, { "a100-80gb", "1g.20gb", 4 },
		{ "a100-80gb", "2g.20gb", 3 }, { "a100-80gb", "3g.40gb", 2 },
		{ "a100-80gb", "4g.40gb", 1 }, { "a100-80gb", "7g.80gb", 1 },
		{ "h100-sxm", "1g.10gb", 7 }, { "h100-sxm", "1g.20gb", 4 },
		{ "h100-sxm", "2g.20gb", 3 }, { "h100-sxm", "3g.40gb", 2 },
		{ "h100-sxm", "4g.40gb", 1 }, { "h100-sxm", "7g.80gb", 1 },
	};
	cat *c = load();
	int nmig = 0;

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const cat_device *dv = cat_device_find(c, want[i].dev);
		int j = 0;

		while (j < dv->nmig && strcmp(dv->mig[j].name, want[i].name))
			j++;
		ck_assert_msg(j < dv->nmig, "%s lacks %s", want[i].dev,
			      want[i].name);
		ck_assert_int_eq(dv->mig[j].max, want[i].max);
	}
	for (int i = 0; i < cat_ndevices(c); i++) {
		const cat_device *dv = cat_device_at(c, i);

		if (!dv->nmig)
			continue;
		nmig++;
		ck_assert_int_eq(dv->mig_compute_slices, 7);
		ck_assert_int_eq(dv->mig_memory_slices, 8);
		ck_assert(dv->mig_max.v == 7);
		for (int j = 0; j < dv->nmig; j++) {
			const cat_mig *m = &dv->mig[j];
			/* NVIDIA names a profile by rounding its share down
			 * to whole GB; allow that GB. */
			double share = m->memory_slices * dv->memory.v / 8;
			int cs, gb;

			parse_profile(m->name, &cs, &gb);
			ck_assert_msg(cs == m->compute_slices, "%s %s",
				      dv->id, m->name);
			ck_assert_msg(m->memory == gb * 1e9, "%s %s: %g bytes",
				      dv->id, m->name, m->memory);
			ck_assert_msg(fabs(m->memory - share) <= 1e9, "%s %s: "
				      "%g bytes, %d/8 of the card is %g",
				      dv->id, m->name, m->memory,
				      m->memory_slices, share);
			ck_assert(m->compute == m->compute_slices / 7.0);
		}
	}
	ck_assert_int_eq(nmig, 3);
	ck_assert_int_eq(cat_device_find(c, "l40s")->nmig, 0);
	ck_assert_ptr_null(cat_device_find(c, "l4")->mig);
	cat_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* presets                                                             */

/* Both ends of link name in the preset's JSON, which must join a and b. */
static void check_between(const cJSON *links, const char *name,
			  const char *type, const char *a, const char *b)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(links, name);
	const cJSON *bt;

	ck_assert_msg(l != NULL, "no link %s", name);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(l, "type")
			 ->valuestring, type);
	bt = cJSON_GetObjectItemCaseSensitive(l, "between");
	ck_assert_str_eq(cJSON_GetArrayItem(bt, 0)->valuestring, a);
	ck_assert_str_eq(cJSON_GetArrayItem(bt, 1)->valuestring, b);
}

static const char *dev_type(const cJSON *devs, const char *name)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(devs, name);

	ck_assert_msg(d != NULL, "no device %s", name);
	return cJSON_GetObjectItemCaseSensitive(d, "type")->valuestring;
}

START_TEST(presets_name_what_exists)
{
	cat *c = load();

	ck_assert_int_ge(cat_npresets(c), 3);
	for (int i = 0; i < cat_npresets(c); i++) {
		const cat_preset *p = cat_preset_at(c, i);
		cJSON *hw = cJSON_Parse(p->hardware_json);
		const cJSON *devs, *links, *e;
		int k = 0;

		ck_assert_msg(hw != NULL, "%s: hardware JSON does not parse",
			      p->id);
		devs = cJSON_GetObjectItemCaseSensitive(hw, "devices");
		links = cJSON_GetObjectItemCaseSensitive(hw, "links");
		ck_assert(cJSON_IsObject(devs) && cJSON_IsObject(links));
		ck_assert_int_eq(cJSON_GetArraySize(devs), p->ndevices);
		ck_assert_int_eq(cJSON_GetArraySize(links), p->nlinks);
		cJSON_ArrayForEach(e, devs) {
			const char *t = cJSON_GetObjectItemCaseSensitive(e,
						"type")->valuestring;

			ck_assert_msg(cat_device_find(c, t), "%s.%s: type %s",
				      p->id, e->string, t);
			ck_assert_str_eq(p->devices[k].name, e->string);
			ck_assert_str_eq(p->devices[k].type, t);
			k++;
		}
		k = 0;
		cJSON_ArrayForEach(e, links) {
			const cJSON *bt = cJSON_GetObjectItemCaseSensitive(e,
						"between");
			const char *t = cJSON_GetObjectItemCaseSensitive(e,
						"type")->valuestring;
			const char *a = cJSON_GetArrayItem(bt, 0)->valuestring;
			const char *b = cJSON_GetArrayItem(bt, 1)->valuestring;

			ck_assert_msg(cat_link_find(c, t), "%s.%s: type %s",
				      p->id, e->string, t);
			ck_assert_int_eq(cJSON_GetArraySize(bt), 2);
			ck_assert(cJSON_GetObjectItemCaseSensitive(devs, a));
			ck_assert(cJSON_GetObjectItemCaseSensitive(devs, b));
			ck_assert_str_ne(a, b);
			ck_assert_str_eq(p->links[k].name, e->string);
			ck_assert_str_eq(p->links[k].from, a);
			ck_assert_str_eq(p->links[k].to, b);
			k++;
		}
		cJSON_Delete(hw);
	}
	cat_free(c);
}
END_TEST

START_TEST(dgx_h100_layout)
{
	cat *c = load();
	const cat_preset *p = cat_preset_find(c, "dgx-h100");
	cJSON *hw = cJSON_Parse(p->hardware_json);
	const cJSON *devs = cJSON_GetObjectItemCaseSensitive(hw, "devices");
	const cJSON *links = cJSON_GetObjectItemCaseSensitive(hw, "links");
	char n[32], m[32], g[32];

	ck_assert_str_eq(dev_type(devs, "cpu0"), "xeon-8480c");
	ck_assert_str_eq(dev_type(devs, "cpu1"), "xeon-8480c");
	ck_assert_str_eq(dev_type(devs, "nvswitch"), "nvswitch-h100");
	for (int i = 0; i < 8; i++) {
		const char *cpu = i < 4 ? "cpu0" : "cpu1";

		snprintf(g, sizeof g, "gpu%d", i);
		ck_assert_str_eq(dev_type(devs, g), "h100-sxm");
		snprintf(n, sizeof n, "nic%d", i);
		ck_assert_str_eq(dev_type(devs, n), "connectx-7");
		snprintf(m, sizeof m, "nvme%d", i);
		ck_assert_str_eq(dev_type(devs, m), "nvme-gen4-drive");
		snprintf(n, sizeof n, "nvlink%d", i);
		check_between(links, n, "nvlink4-nvswitch", g, "nvswitch");
		snprintf(n, sizeof n, "pcie%d", i);
		check_between(links, n, "pcie5-x16", cpu, g);
		snprintf(n, sizeof n, "pcie-nic%d", i);
		snprintf(g, sizeof g, "nic%d", i);
		check_between(links, n, "pcie5-x16", cpu, g);
		snprintf(n, sizeof n, "ib%d", i);
		check_between(links, n, "ib-ndr-400", g, "fabric");
		snprintf(n, sizeof n, "nvme-read%d", i);
		check_between(links, n, "nvme-gen4-read", m, cpu);
	}
	/* 2 CPUs, 8 GPUs, one NVSwitch endpoint, 8 NICs, the fabric and
	 * 8 drives; 5 links per GPU index. */
	ck_assert_int_eq(p->ndevices, 28);
	ck_assert_int_eq(p->nlinks, 40);
	ck_assert_str_eq(p->devices[0].overrides, "{\"memory\":\"1TB\"}");
	cJSON_Delete(hw);
	cat_free(c);
}
END_TEST

/* A link override of the cloud VM, in base units. */
static double vm_override(const cJSON *pcie0, const char *key, unit_kind k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(pcie0, key);
	double x = NAN;

	ck_assert_msg(cJSON_IsString(v), "pcie0.%s is not overridden", key);
	ck_assert(unit_parse(k, v->valuestring, &x, NULL, 0) == 0);
	return x;
}

START_TEST(cloud_vm_overheads)
{
	cat *c = load();
	const cat_preset *p = cat_preset_find(c, "cloud-vm-1gpu");
	cJSON *hw = cJSON_Parse(p->hardware_json);
	const cJSON *devs = cJSON_GetObjectItemCaseSensitive(hw, "devices");
	const cJSON *links = cJSON_GetObjectItemCaseSensitive(hw, "links");
	const cJSON *pcie0 = cJSON_GetObjectItemCaseSensitive(links, "pcie0");
	const cat_link *bare;

	ck_assert_str_eq(dev_type(devs, "cpu0"), "cpu");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(devs, "cpu0"), "cores")
		->valueint, 8);
	ck_assert_str_eq(dev_type(devs, "gpu0"), "a100-40gb");
	check_between(links, "pcie0", "pcie4-x16", "cpu0", "gpu0");
	bare = cat_link_find(c, "pcie4-x16");
	ck_assert(vm_override(pcie0, "latency", UNIT_DURATION) >
		  bare->latency.v);
	ck_assert(vm_override(pcie0, "effective_bandwidth", UNIT_BANDWIDTH) <
		  bare->effective_bandwidth.v);
	ck_assert_ptr_nonnull(strstr(p->source, "ssumption"));
	cJSON_Delete(hw);
	cat_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* mig                                                                 */

static int mig(const cat *c, const char *dev, const char *const *list,
	       int n, char *err, size_t errlen)
{
	const cat_device *dv = cat_device_find(c, dev);

	ck_assert_ptr_nonnull(dv);
	err[0] = '\0';
	return cat_mig_check(dv, list, n, err, errlen);
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(mig_valid)
{
	static const char *const a[] = { "3g.40gb", "2g.20gb", "2g.20gb" };
	static const char *const b[] = {
		"1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb",
		"1g.10gb", "1g.10gb",
	};
	static const char *const d[] = { "4g.40gb", "3g.40gb" };
	static const char *const e[] = { "7g.80gb" };
	static const char *const f[] = {
		"2g.20gb", "2g.20gb", "2g.20gb", "1g.10gb",
	};
	static const char *const g[] = {
		"1g.10gb+me", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb",
		"1g.10gb", "1g.10gb",
	};
	static const char *const h[] = {
		"1g.20gb", "1g.20gb", "1g.20gb", "1g.20gb",
	};
	static const char *const a40[] = {
		"1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb", "1g.5gb",
		"1g.5gb",
	};
	static const char *const b40[] = { "4g.20gb", "2g.10gb", "1g.10gb" };
	cat *c = load();
	char err[512];

	ck_assert_msg(mig(c, "a100-80gb", a, N(a), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "a100-80gb", b, N(b), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "a100-80gb", d, N(d), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "a100-80gb", e, N(e), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "h100-sxm", f, N(f), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "h100-sxm", g, N(g), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "h100-sxm", h, N(h), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "a100-40gb", a40, N(a40), err, sizeof err) == 0,
		      "%s", err);
	ck_assert_msg(mig(c, "a100-40gb", b40, N(b40), err, sizeof err) == 0,
		      "%s", err);
	cat_free(c);
}
END_TEST

/* Each invalid combination with the words its message must hold. */
START_TEST(mig_invalid)
{
	static const char *const two4g[] = { "4g.40gb", "4g.40gb" };
	static const char *const eight[] = {
		"1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb", "1g.10gb",
		"1g.10gb", "1g.10gb", "1g.10gb",
	};
	static const char *const unknown[] = { "3g.40gb", "5g.50gb" };
	static const char *const mem[] = { "3g.40gb", "3g.40gb", "1g.20gb" };
	static const char *const comp[] = { "7g.80gb", "1g.10gb" };
	static const char *const five[] = {
		"1g.20gb", "1g.20gb", "1g.20gb", "1g.20gb", "1g.20gb",
	};
	static const char *const wrongcard[] = { "1g.5gb" };
	static const char *const two_me[] = { "1g.10gb+me", "1g.10gb+me" };
	static const char *const c40[] = { "3g.20gb", "3g.20gb", "1g.5gb" };
	cat *c = load();
	char err[512];

	ck_assert_int_eq(mig(c, "a100-80gb", two4g, N(two4g), err,
			     sizeof err), -1);
	ck_assert_msg(strstr(err, "\"4g.40gb\" used 2 times") &&
		      strstr(err, "at most 1"), "%s", err);
	ck_assert_int_eq(mig(c, "a100-80gb", eight, N(eight), err,
			     sizeof err), -1);
	ck_assert_msg(strstr(err, "8 partitions") && strstr(err, "at most 7"),
		      "%s", err);
	ck_assert_int_eq(mig(c, "a100-80gb", unknown, N(unknown), err,
			     sizeof err), -1);
	ck_assert_msg(strstr(err, "unknown MIG profile \"5g.50gb\"") &&
		      strstr(err, "1g.10gb") && strstr(err, "7g.80gb"), "%s",
		      err);
	/* 3 + 3 + 1 = 7 compute slices fit; 4 + 4 + 2 = 10 memory do not. */
	ck_assert_int_eq(mig(c, "a100-80gb", mem, N(mem), err, sizeof err), -1);
	ck_assert_msg(strstr(err, "10 memory slices") && strstr(err, "has 8"),
		      "%s", err);
	ck_assert_int_eq(mig(c, "h100-sxm", comp, N(comp), err, sizeof err),
			 -1);
	ck_assert_msg(strstr(err, "8 compute slices") && strstr(err, "has 7"),
		      "%s", err);
	ck_assert_int_eq(mig(c, "h100-sxm", five, N(five), err, sizeof err),
			 -1);
	ck_assert_msg(strstr(err, "used 5 times") && strstr(err, "at most 4"),
		      "%s", err);
	/* A 40GB profile name on an 80GB card. */
	ck_assert_int_eq(mig(c, "a100-80gb", wrongcard, N(wrongcard), err,
			     sizeof err), -1);
	ck_assert_msg(strstr(err, "unknown MIG profile"), "%s", err);
	ck_assert_int_eq(mig(c, "a100-80gb", two_me, N(two_me), err,
			     sizeof err), -1);
	ck_assert_int_eq(mig(c, "a100-40gb", c40, N(c40), err, sizeof err),
			 -1);
	ck_assert_msg(strstr(err, "9 memory slices"), "%s", err);
	ck_assert_int_eq(mig(c, "a100-80gb", two4g, 0, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "at least one"), "%s", err);
	ck_assert_int_eq(mig(c, "l4", two4g, 1, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "l4 does not support MIG"), "%s", err);
	/* No room for the message is allowed. */
	ck_assert_int_eq(cat_mig_check(cat_device_find(c, "h100-sxm"), five,
				       N(five), NULL, 0), -1);
	cat_free(c);
}
END_TEST

/* ------------------------------------------------------------------ */
/* bad                                                                 */

/* A small catalog that loads; every source is a distinct word so that a
 * test can blank exactly one. */
static const char good_devices[] =
	"{\n"
	"  \"g\": {\"kind\": \"gpu\", \"name\": \"G\",\n"
	"    \"memory\": {\"value\": \"16GB\", \"source\": \"s1\"},\n"
	"    \"memory_bandwidth\": {\"value\": \"300GB/s\", \"source\": \"s2\"},\n"
	"    \"tflops\": {\"fp16\": {\"value\": \"65T\", \"source\": \"s3\"}},\n"
	"    \"mps\": {\"max_clients\": {\"value\": 48, \"source\": \"s4\"}},\n"
	"    \"mig\": {\"max_partitions\": {\"value\": 2, \"source\": \"s9\"},\n"
	"      \"compute_slices\": 2, \"memory_slices\": 2, \"source\": \"s10\",\n"
	"      \"profiles\": {\"1g.8gb\": {\"compute_slices\": 1, \"memory_slices\": 1, \"memory\": \"8GB\", \"max\": 2}}}},\n"
	"  \"c\": {\"kind\": \"cpu\", \"name\": \"C\",\n"
	"    \"cores\": {\"value\": 4, \"source\": \"s5\"}}\n"
	"}\n";

static const char good_links[] =
	"{\n"
	"  \"l\": {\"name\": \"L\",\n"
	"    \"bandwidth\": {\"value\": \"10GB/s\", \"source\": \"s6\"},\n"
	"    \"latency\": {\"value\": \"1us\", \"source\": \"s7\"},\n"
	"    \"duplex\": true}\n"
	"}\n";

static const char good_presets[] =
	"{\n"
	"  \"p\": {\"name\": \"P\", \"source\": \"s8\",\n"
	"    \"hardware\": {\"devices\": {\"a\": {\"type\": \"c\"}, \"b\": {\"type\": \"g\"}},\n"
	"      \"links\": {\"x\": {\"type\": \"l\", \"between\": [\"a\", \"b\"]}}}}\n"
	"}\n";

static int load3(const char *dev, const char *lnk, const char *pre,
		 cat **c, diag *d)
{
	const struct embed_file f[] = {
		{ "devices.json", dev }, { "links.json", lnk },
		{ "presets.json", pre }, { "models.json", "not JSON at all" },
	};

	return cat_load_files(c, f, 4, d);
}

START_TEST(small_catalog_loads)
{
	cat *c;
	diag d;
	char buf[2048];
	const cat_device *g;

	if (load3(good_devices, good_links, good_presets, &c, &d) < 0) {
		diag_format(&d, buf, sizeof buf);
		ck_abort_msg("%s", buf);
	}
	g = cat_device_find(c, "g");
	ck_assert(g->memory.v == 16e9);
	ck_assert(g->tflops[CAT_FP16].v == 65e12);
	ck_assert_str_eq(g->tflops[CAT_FP16].source, "s3");
	ck_assert(isnan(g->tflops[CAT_FP32].v));
	ck_assert_ptr_null(g->tflops[CAT_FP32].source);
	ck_assert_int_eq(g->nmig, 1);
	ck_assert(g->mig[0].compute == 0.5);
	ck_assert(cat_link_find(c, "l")->latency.v == 1e-6);
	ck_assert(isnan(cat_link_find(c, "l")->effective_bandwidth.v));
	ck_assert_int_eq(cat_preset_find(c, "p")->nlinks, 1);
	ck_assert_str_eq(cat_preset_find(c, "p")->links[0].overrides, "{}");
	cat_free(c);
}
END_TEST

typedef struct bad {
	int file;		/* 0 devices, 1 links, 2 presets */
	const char *from, *to;
	const char *path;	/* the diag's path */
	const char *msg;	/* a part of its message */
} bad;

static const bad bads[] = {
	{ 0, "{\"value\": 4, \"source\": \"s5\"}", "{\"value\": 4}",
	  "c.cores", "needs a \"source\"" },
	{ 0, "\"s2\"", "\"  \"", "g.memory_bandwidth.source",
	  "must not be empty" },
	{ 0, "\"16GB\"", "\"16 parsecs\"", "g.memory.value",
	  "\"16 parsecs\" is not a size" },
	{ 0, "\"300GB/s\"", "\"300GB\"", "g.memory_bandwidth.value",
	  "is not a bandwidth" },
	{ 0, "\"name\": \"G\"", "\"name\": \"G\", \"colour\": \"green\"",
	  "g.colour", "unknown key \"colour\"" },
	{ 0, "\"name\": \"C\"", "\"name\": \"C\", \"name\": \"D\"", "c",
	  "duplicate key \"name\"" },
	{ 0, "\"cpu\"", "\"tpu\"", "c.kind", "unknown kind \"tpu\"" },
	{ 0, "\"name\": \"C\"",
	  "\"name\": \"C\", \"mps\": {\"max_clients\": {\"value\": 4, \"source\": \"x\"}}",
	  "c.mps", "\"mps\" does not apply to a cpu" },
	{ 0, "\"mps\": {\"max_clients\": {\"value\": 48, \"source\": \"s4\"}},",
	  "", "g", "missing required key \"mps\"" },
	{ 0, "{\"value\": 4,", "{\"value\": 4.5,", "c.cores.value",
	  "whole number" },
	{ 0, "{\"value\": 48,", "{\"value\": \"48\",",
	  "g.mps.max_clients.value", "expected a whole number" },
	{ 0, "\"65T\"", "\"-65T\"", "g.tflops.fp16.value",
	  "must be more than 0" },
	{ 0, "\"fp16\"", "\"fp12\"", "g.tflops.fp12", "unknown key \"fp12\"" },
	{ 0, "\"max\": 2}", "\"max\": 3}", "g.mig.profiles[\"1g.8gb\"].max",
	  "from 1 to 2" },
	{ 0, "\"memory_slices\": 1,", "\"memory_slices\": 2,",
	  "g.mig.profiles[\"1g.8gb\"]", "more than the card's" },
	{ 0, "\"c\":", "\"c d\":", "[\"c d\"]", "not a valid id" },
	{ 0, "\"s5\"}}\n", "\"s5\"}},\n", "", "invalid JSON" },
	{ 1, "\"duplex\": true", "\"duplex\": \"yes\"", "l.duplex",
	  "expected true or false" },
	{ 1, "\"duplex\": true", "\"duplex\": true, \"effective_bandwidth\": {\"value\": \"20GB/s\", \"source\": \"m\"}",
	  "l.effective_bandwidth", "effective bandwidth 20GB/s is more than "
	  "the nominal 10GB/s" },
	{ 1, "\"1us\"", "\"1 us \"", "l.latency.value", "is not a duration" },
	{ 1, "    \"duplex\": true}", "    \"duplex\": true, \"pcie\": 1}",
	  "l.pcie", "unknown key \"pcie\"" },
	{ 2, "\"devices\": {\"a\": {\"type\": \"c\"}, \"b\": {\"type\": \"g\"}},", "",
	  "p.hardware", "missing required key \"devices\"" },
	{ 2, "{\"type\": \"c\"}", "{\"type\": \"zz\"}",
	  "p.hardware.devices.a.type", "no device type \"zz\"" },
	{ 2, "[\"a\", \"b\"]", "[\"a\", \"q\"]",
	  "p.hardware.links.x.between[1]", "no device \"q\" in this preset" },
	{ 2, "[\"a\", \"b\"]", "[\"a\", \"a\"]", "p.hardware.links.x.between",
	  "two different devices" },
	{ 2, "[\"a\", \"b\"]", "[\"a\"]", "p.hardware.links.x.between",
	  "a list of two device names" },
	{ 2, "{\"type\": \"c\"}", "{\"type\": \"c\", \"cores\": \"many\"}",
	  "p.hardware.devices.a.cores", "expected a whole number" },
	{ 2, "{\"type\": \"c\"}", "{\"type\": \"c\", \"mps\": 3}",
	  "p.hardware.devices.a.mps", "a cpu's overrides: cores clock" },
	{ 2, "\"between\"", "\"latency\": \"fast\", \"between\"",
	  "p.hardware.links.x.latency", "is not a duration" },
	{ 2, "\"type\": \"l\"", "\"type\": \"pcie9\"",
	  "p.hardware.links.x.type", "no link type \"pcie9\"" },
	{ 2, "\"source\": \"s8\",", "", "p", "missing required key \"source\"" },
	{ 2, "\"hardware\": {\"devices\"", "\"hardware\": {\"preset\": 1, \"devices\"",
	  "p.hardware.preset", "unknown key \"preset\"" },
};

START_TEST(bad_catalog)
{
	const bad *b = &bads[_i];
	const char *good[3] = { good_devices, good_links, good_presets };
	static const char *const names[3] = {
		"devices.json", "links.json", "presets.json",
	};
	char *broken = tu_replace(good[b->file], b->from, b->to);
	const char *t[3] = { good[0], good[1], good[2] };
	cat *c = (cat *)&c;	/* not NULL: the failure must clear it */
	diag d;

	t[b->file] = broken;
	ck_assert_int_eq(load3(t[0], t[1], t[2], &c, &d), -1);
	ck_assert_ptr_null(c);
	tu_check_diag(&d, _i, names[b->file], b->path, b->msg);
	hb_free(broken);
}
END_TEST

/* The real data broken on one line: the report names that line. */
START_TEST(bad_real_data_line)
{
	const char *dev = NULL, *lnk = NULL, *pre = NULL;
	char *broken;
	const char *at;
	int line = 1;
	cat *c;
	diag d;

	for (int i = 0; i < embed_nfiles; i++) {
		if (!strcmp(embed_files[i].name, "devices.json"))
			dev = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "links.json"))
			lnk = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "presets.json"))
			pre = embed_files[i].text;
	}
	ck_assert(dev && lnk && pre);
	broken = tu_replace(dev, "\"3.35TB/s\"", "\"3.35 parsecs\"");
	for (at = broken; at < strstr(broken, "parsecs"); at++)
		line += *at == '\n';
	ck_assert_int_eq(load3(broken, lnk, pre, &c, &d), -1);
	ck_assert_int_eq(d.line, line);
	ck_assert_str_eq(d.path, "h100-sxm.memory_bandwidth.value");
	hb_free(broken);
	/* A preset whose machine refers to a device type the catalog lost. */
	broken = tu_replace(dev, "\"connectx-7\":", "\"connectx-7x\":");
	ck_assert_int_eq(load3(broken, lnk, pre, &c, &d), -1);
	ck_assert_str_eq(d.file, "presets.json");
	ck_assert_ptr_nonnull(strstr(d.msg, "no device type \"connectx-7\""));
	hb_free(broken);
}
END_TEST

START_TEST(missing_and_repeated_files)
{
	const struct embed_file two[] = {
		{ "devices.json", good_devices }, { "links.json", good_links },
	};
	const struct embed_file twice[] = {
		{ "devices.json", good_devices }, { "links.json", good_links },
		{ "presets.json", good_presets }, { "links.json", good_links },
	};
	cat *c;
	diag d;

	ck_assert_int_eq(cat_load_files(&c, two, 2, &d), -1);
	ck_assert_ptr_null(c);
	ck_assert_str_eq(d.msg, "catalog file presets.json is missing");
	ck_assert_int_eq(cat_load_files(&c, twice, 4, &d), -1);
	ck_assert_str_eq(d.msg, "catalog file links.json is there twice");
}
END_TEST

/* Fail each allocation in turn, from the first until a load needs no
 * more: every failure is reported as such and leaks nothing (the SAN
 * build checks the leaks). The small catalog keeps this quick; the real
 * one is sampled every 37th allocation. */
static void oom_walk(const char *dev, const char *lnk, const char *pre,
		     int step)
{
	int k, ok = 0;

	for (k = 1; k < 100000 && !ok; k += step) {
		cat *c;
		diag d;
		int rc;

		hb_fail_after(k);
		rc = load3(dev, lnk, pre, &c, &d);
		hb_fail_after(0);
		if (rc == 0) {
			ok = 1;
			cat_free(c);
			break;
		}
		ck_assert_ptr_null(c);
		ck_assert_msg(!strcmp(d.msg, "out of memory"), "allocation %d: "
			      "%s", k, d.msg);
	}
	ck_assert_msg(ok, "never loaded");
	ck_assert_int_gt(k, 1);
}

START_TEST(out_of_memory)
{
	const char *t[3] = { NULL, NULL, NULL };

	oom_walk(good_devices, good_links, good_presets, 1);
	for (int i = 0; i < embed_nfiles; i++) {
		if (!strcmp(embed_files[i].name, "devices.json"))
			t[0] = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "links.json"))
			t[1] = embed_files[i].text;
		if (!strcmp(embed_files[i].name, "presets.json"))
			t[2] = embed_files[i].text;
	}
	oom_walk(t[0], t[1], t[2], 37);
}
END_TEST

Suite *cat_suite(void)
{
	Suite *s = suite_create("cat");
	TCase *data = tcase_create("data");
	TCase *presets = tcase_create("presets");
	TCase *migs = tcase_create("mig");
	TCase *bads_tc = tcase_create("bad");

	tcase_add_test(data, required_entries);
	tcase_add_test(data, every_figure_has_a_source);
	tcase_add_test(data, gpu_ranges);
	tcase_add_test(data, cpu_ranges);
	tcase_add_test(data, link_ranges);
	tcase_add_test(data, mig_tables);
	suite_add_tcase(s, data);
	tcase_add_test(presets, presets_name_what_exists);
	tcase_add_test(presets, dgx_h100_layout);
	tcase_add_test(presets, cloud_vm_overheads);
	suite_add_tcase(s, presets);
	tcase_add_test(migs, mig_valid);
	tcase_add_test(migs, mig_invalid);
	suite_add_tcase(s, migs);
	tcase_add_test(bads_tc, small_catalog_loads);
	tcase_add_loop_test(bads_tc, bad_catalog, 0, (int)(sizeof bads /
						       sizeof bads[0]));
	tcase_add_test(bads_tc, bad_real_data_line);
	tcase_add_test(bads_tc, missing_and_repeated_files);
	tcase_add_test(bads_tc, out_of_memory);
	tcase_set_timeout(bads_tc, 60);
	suite_add_tcase(s, bads_tc);
	return s;
}
