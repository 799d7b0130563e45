/*
 * cmd_catalog.c: `herbie catalog [<id>]`, the hardware catalog as tables,
 * or one entry with every figure and the source it comes from.
 *
 * Everything shown comes from models/cat.h; this file only lays it out.
 * Numbers go through unit_format (or a fixed scale for FLOP/s and hertz,
 * which unit.h has no unit for), so the output is the same in any locale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cat.h"
#include "cli.h"
#include "input/names.h"
#include "input/unit.h"


/* How a figure is written. */
enum show { SH_COUNT, SH_HZ, SH_TFLOPS, SH_TOPS, SH_GFLOPS, SH_SIZE, SH_BW,
	    SH_TIME };

static void fmt(enum show s, double v, char *buf, size_t n)
{
	switch (s) {
	case SH_COUNT:
		snprintf(buf, n, "%.0f", v);
		break;
	case SH_HZ:
		snprintf(buf, n, "%.4g GHz", v / 1e9);
		break;
	case SH_TFLOPS:
		snprintf(buf, n, "%.5g TFLOPS", v / 1e12);
		break;
	case SH_TOPS:
		snprintf(buf, n, "%.5g TOPS", v / 1e12);
		break;
	case SH_GFLOPS:
		snprintf(buf, n, "%.4g GFLOPS", v / 1e9);
		break;
	case SH_SIZE:
		unit_format(UNIT_SIZE, v, buf, n);
		break;
	case SH_BW: {
		/* Networks are quoted in bits: show both, up to the rates
		 * that networks have. */
		char b[32];

		unit_format(UNIT_BANDWIDTH, v, b, sizeof b);
		if (v < 1e12)
			snprintf(buf, n, "%s (%.4g Gb/s)", b, v * 8 / 1e9);
		else
			snprintf(buf, n, "%s", b);
		break;
	}
	case SH_TIME:
		unit_format(UNIT_DURATION, v, buf, n);
		break;
	}
}

/* A figure for a table cell: "-" when absent. */
static const char *cell(enum show s, cat_fig f, char *buf, size_t n)
{
	if (isnan(f.v))
		return "-";
	if (s == SH_BW)
		unit_format(UNIT_BANDWIDTH, f.v, buf, n);
	else
		fmt(s, f.v, buf, n);
	return buf;
}

static void figure(const char *label, enum show s, cat_fig f)
{
	char buf[64];

	if (isnan(f.v))
		return;
	fmt(s, f.v, buf, sizeof buf);
	printf("  %-20s %s\n", label, buf);
	cli_wrap("", f.source, 6);
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */

/* "989.4 / 989.4": dense fp16 and bf16 peaks in TFLOPS, "-" if absent. */
static void tf_cell(const cat_device *dv, char *buf, size_t n)
{
	double f16 = dv->tflops[CAT_FP16].v, bf16 = dv->tflops[CAT_BF16].v;
	char a[24] = "-", b[24] = "-";

	if (isnan(f16) && isnan(bf16)) {
		snprintf(buf, n, "-");
		return;
	}
	if (!isnan(f16))
		snprintf(a, sizeof a, "%.5g", f16 / 1e12);
	if (!isnan(bf16))
		snprintf(b, sizeof b, "%.5g", bf16 / 1e12);
	snprintf(buf, n, "%s / %s", a, b);
}

static void list_devices(const cat *c)
{
	char m[32], b[32], tf[64], cores[32];

	printf("devices (%d)\n", cat_ndevices(c));
	printf("  %-16s %-8s %-8s %-10s %-17s %5s  %s\n", "id", "kind",
	       "memory", "bandwidth", "fp16/bf16 TFLOPS", "cores", "name");
	for (int i = 0; i < cat_ndevices(c); i++) {
		const cat_device *dv = cat_device_at(c, i);
		/* A drive's "memory" is its capacity; a CPU's or GPU's
		 * bandwidth is its memory's, the others' their own. */
		cat_fig mem = dv->kind == CAT_STORAGE ? dv->capacity :
			      dv->memory;
		cat_fig bw = dv->kind == CAT_CPU || dv->kind == CAT_GPU ?
			     dv->memory_bandwidth : dv->bandwidth;

		tf_cell(dv, tf, sizeof tf);
		printf("  %-16s %-8s %-8s %-10s %-17s %5s  %s\n", dv->id,
		       cat_kind_name(dv->kind), cell(SH_SIZE, mem, m, sizeof m),
		       cell(SH_BW, bw, b, sizeof b), tf,
		       cell(SH_COUNT, dv->cores, cores, sizeof cores),
		       dv->name);
	}
}

static void list_links(const cat *c)
{
	char b[32], e[32], l[32];

	printf("links (%d)\n", cat_nlinks(c));
	printf("  %-17s %-10s %-10s %-8s %-6s  %s\n", "id", "bandwidth",
	       "effective", "latency", "duplex", "name");
	for (int i = 0; i < cat_nlinks(c); i++) {
		const cat_link *lk = cat_link_at(c, i);

		printf("  %-17s %-10s %-10s %-8s %-6s  %s\n", lk->id,
		       cell(SH_BW, lk->bandwidth, b, sizeof b),
		       cell(SH_BW, lk->effective_bandwidth, e, sizeof e),
		       cell(SH_TIME, lk->latency, l, sizeof l),
		       lk->duplex ? "yes" : "no", lk->name);
	}
}

static void list_presets(const cat *c)
{
	printf("presets (%d)\n", cat_npresets(c));
	printf("  %-16s %7s %5s  %s\n", "id", "devices", "links", "name");
	for (int i = 0; i < cat_npresets(c); i++) {
		const cat_preset *p = cat_preset_at(c, i);

		printf("  %-16s %7d %5d  %s\n", p->id, p->ndevices, p->nlinks,
		       p->name);
	}
}

/* ------------------------------------------------------------------ */
/* One entry                                                           */

static void show_mig(const cat_device *dv)
{
	figure("mig.max_partitions", SH_COUNT, dv->mig_max);
	printf("  MIG profiles (%d compute slices, %d memory slices)\n",
	       dv->mig_compute_slices, dv->mig_memory_slices);
	cli_wrap("", dv->mig_source, 6);
	printf("    %-12s %-14s %-8s %-8s %s\n", "profile", "compute",
	       "memory", "slices", "max");
	for (int i = 0; i < dv->nmig; i++) {
		const cat_mig *m = &dv->mig[i];
		char comp[32], mem[32], sl[16];

		snprintf(comp, sizeof comp, "%d/%d (%.3f)", m->compute_slices,
			 dv->mig_compute_slices, m->compute);
		unit_format(UNIT_SIZE, m->memory, mem, sizeof mem);
		snprintf(sl, sizeof sl, "%d/%d", m->memory_slices,
			 dv->mig_memory_slices);
		printf("    %-12s %-14s %-8s %-8s %d\n", m->name, comp, mem, sl,
		       m->max);
	}
}

static void show_device(const cat_device *dv)
{
	printf("%s: %s\n", dv->id, dv->name);
	printf("  %-20s %s\n", "kind", cat_kind_name(dv->kind));
	figure("cores", SH_COUNT, dv->cores);
	figure("clock", SH_HZ, dv->clock);
	figure("memory", SH_SIZE, dv->memory);
	figure("memory_bandwidth", SH_BW, dv->memory_bandwidth);
	figure("gflops_per_core", SH_GFLOPS, dv->gflops_per_core);
	for (int p = 0; p < CAT_NPREC; p++) {
		char label[32];

		snprintf(label, sizeof label, "tflops.%s", cat_prec_name(p));
		figure(label, p >= CAT_INT8 ? SH_TOPS : SH_TFLOPS,
		       dv->tflops[p]);
	}
	figure("bandwidth", SH_BW, dv->bandwidth);
	figure("capacity", SH_SIZE, dv->capacity);
	figure("mps.max_clients", SH_COUNT, dv->mps_clients);
	if (dv->nmig)
		show_mig(dv);
}

static void show_link(const cat_link *lk)
{
	printf("%s: %s\n", lk->id, lk->name);
	figure("bandwidth", SH_BW, lk->bandwidth);
	figure("effective_bandwidth", SH_BW, lk->effective_bandwidth);
	figure("latency", SH_TIME, lk->latency);
	printf("  %-20s %s\n", "duplex", lk->duplex ?
	       "yes (each direction at full rate)" : "no (one shared rate)");
}

static void show_preset(const cat_preset *p)
{
	printf("%s: %s\n", p->id, p->name);
	printf("  source\n");
	cli_wrap("", p->source, 6);
	printf("  devices (%d)\n", p->ndevices);
	for (int i = 0; i < p->ndevices; i++) {
		const cat_pdev *d = &p->devices[i];

		if (strcmp(d->overrides, "{}"))
			printf("    %-12s %-18s %s\n", d->name, d->type,
			       d->overrides);
		else
			printf("    %-12s %s\n", d->name, d->type);
	}
	printf("  links (%d)\n", p->nlinks);
	for (int i = 0; i < p->nlinks; i++) {
		const cat_plink *l = &p->links[i];

		printf("    %-12s %-18s %s -- %s", l->name, l->type, l->from,
		       l->to);
		if (strcmp(l->overrides, "{}"))
			printf(" %s", l->overrides);
		putchar('\n');
	}
}

/* ------------------------------------------------------------------ */
/* Did you mean                                                        */

/* The id closest to typed among devices, links and presets (names.h's
 * rule), or NULL. */
static const char *closest(const cat *c, const char *typed)
{
	names_near nn;

	names_near_init(&nn, typed);
	for (int i = 0; i < cat_ndevices(c); i++)
		names_near_add(&nn, cat_device_at(c, i)->id);
	for (int i = 0; i < cat_nlinks(c); i++)
		names_near_add(&nn, cat_link_at(c, i)->id);
	for (int i = 0; i < cat_npresets(c); i++)
		names_near_add(&nn, cat_preset_at(c, i)->id);
	return names_near_best(&nn);
}

/* ------------------------------------------------------------------ */

/* Every entry with this id (ids are unique within devices, links and
 * presets, not across them). Returns how many were shown. */
static int show(const cat *c, const char *id)
{
	const cat_device *dv = cat_device_find(c, id);
	const cat_link *lk = cat_link_find(c, id);
	const cat_preset *p = cat_preset_find(c, id);
	int n = 0;

	if (dv) {
		show_device(dv);
		n++;
	}
	if (lk) {
		if (n++)
			putchar('\n');
		show_link(lk);
	}
	if (p) {
		if (n++)
			putchar('\n');
		show_preset(p);
	}
	return n;
}

/* No options: the table gives the help, and refuses any option. */
const opt_cmd cmd_catalog_opts = {
	"catalog",
	"usage: herbie catalog [<id>]\n\n"
	"Without an id, list the hardware catalog that a scenario's \"hardware\"\n"
	"section draws on: devices (memory, bandwidth, fp16/bf16 TFLOPS, cores),\n"
	"links (nominal and measured bandwidth per direction, latency) and\n"
	"presets (whole machines such as dgx-h100). With the id of a device, a\n"
	"link or a preset, show every figure of that entry with the document or\n"
	"measurement it comes from; for a preset, its devices and links.\n\n"
	"exit status: 0 shown, 2 bad usage or no such entry, 1 any other failure\n",
	NULL, NULL, 1,
};

int cmd_catalog(int argc, char **argv)
{
	const char *id[2];
	cat *c;
	diag d;
	int n, rc;

	if ((rc = opt_parse(&cmd_catalog_opts, argc, argv, NULL, id, &n)))
		return rc;
	if (n > 1)
		return cli_error(CLI_USAGE, "catalog takes at most one id "
				 "(try 'herbie help catalog')");
	if (cat_load(&c, &d) < 0) {
		cli_print_diag(&d);
		return cli_error(CLI_FAIL, "the built-in catalog does not load "
				 "(a bug in herbie's data)");
	}
	if (n == 0) {
		list_devices(c);
		putchar('\n');
		list_links(c);
		putchar('\n');
		list_presets(c);
		printf("\n'herbie catalog <id>' shows one entry with the source "
		       "of each figure.\n");
	} else if (!show(c, id[0])) {
		const char *near = closest(c, id[0]);

		if (near)
			rc = cli_error(CLI_USAGE, "no catalog entry '%s'; did "
				       "you mean '%s'?", id[0], near);
		else
			rc = cli_error(CLI_USAGE, "no catalog entry '%s' (try "
				       "'herbie catalog' for the list)",
				       id[0]);
	}
	cat_free(c);
	return rc;
}
