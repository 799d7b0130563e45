/*
 * cli.c: option parsing, scenario loading and messages shared by the
 * subcommands.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/hb.h"

/* A scenario file larger than this is refused before it is read. */
#define CLI_MAX_FILE (64L << 20)

static const struct usage {
	const char *cmd;
	const char *text;
} usages[] = {
	{ "run",
	  "usage: herbie run <scenario.json> [options]\n\n"
	  "Run the scenario's replications and print, per station, throughput,\n"
	  "utilization, the split of its time into working, starved and blocked,\n"
	  "mean queue and wait; then the line's throughput, latency (mean, p50,\n"
	  "p90, p99), work in progress and dropped items, each with its 95%\n"
	  "interval when there is more than one replication.\n\n"
	  "options:\n"
	  "  --json               print the results as JSON (the spec's results object)\n"
	  "  --reps N             run N replications instead of the scenario's\n"
	  "  --seed N             use seed N instead of the scenario's\n"
	  "  --set PATH=VALUE     override a field, e.g. --set stations.detect.servers=2\n"
	  "                       (repeatable; VALUE is JSON, or else a string)\n"
	  "  --timeline FILE      also write replication 0 over time, per bucket: each\n"
	  "                       station's working/starved/blocked/waiting shares,\n"
	  "                       queue, WIP, throughput; devices' and links'\n"
	  "                       utilization (CSV, or JSON when FILE ends in .json)\n"
	  "  --bucket TIME        the bucket of the timeline and the report, e.g. 100ms\n"
	  "                       (default: about 200 buckets of a round width)\n"
	  "  --trace FILE         also write replication 0 as a Chrome trace to open\n"
	  "                       in ui.perfetto.dev: a slice per service, arrows\n"
	  "                       following items, queue and link counters\n"
	  "  --trace-items N      trace the first N items (default 1000): the file\n"
	  "                       stays under about N x (8 x (stations + links) + 16)\n"
	  "                       events\n"
	  "  --report FILE.html   also write a self-contained HTML report: the line\n"
	  "                       drawn with its constraint, the results, and charts\n"
	  "                       over time of replication 0 (stations' states,\n"
	  "                       devices, links, queues, the latency distribution)\n\n"
	  "When stderr is a terminal a progress line shows the replication, the\n"
	  "simulated time reached, events per second and the time left. Ctrl-C\n"
	  "stops at once and prints the results so far, marked partial: the\n"
	  "replication cut short is dropped unless it is the only one. Output\n"
	  "files are then not written.\n\n"
	  "exit status: 0 ran (partial results too), 2 bad usage or bad scenario,\n"
	  "1 any other failure\n" },
	{ "check",
	  "usage: herbie check <scenario.json> [--set PATH=VALUE]...\n\n"
	  "Read and check the scenario without running it: every error is\n"
	  "reported with its file:line:column, its JSON path and what was\n"
	  "expected. Exit status 0 when it is valid, 2 when it is not.\n" },
	{ "catalog",
	  "usage: herbie catalog [<id>]\n\n"
	  "Without an id, list the hardware catalog that a scenario's \"hardware\"\n"
	  "section draws on: devices (memory, bandwidth, fp16/bf16 TFLOPS, cores),\n"
	  "links (nominal and measured bandwidth per direction, latency) and\n"
	  "presets (whole machines such as dgx-h100). With the id of a device, a\n"
	  "link or a preset, show every figure of that entry with the document or\n"
	  "measurement it comes from; for a preset, its devices and links.\n\n"
	  "exit status: 0 shown, 2 bad usage or no such entry, 1 any other failure\n" },
	{ "size",
	  "usage: herbie size (--params N | --model ID) [options]\n"
	  "       herbie size --table [--gpu ID] [--json]\n\n"
	  "The GPU memory a model needs, term by term (weights, gradients,\n"
	  "optimizer state, LoRA adapters, KV cache), each with its rule and the\n"
	  "source of the rule, the total, and how many GPUs of a type hold it.\n"
	  "--table prints the seed's table for 1B, 175B and 500B parameters.\n\n"
	  "options:\n"
	  "  --params N           parameter count: 7B, 110M, 6.7e9\n"
	  "  --model ID           a catalog model (its params and shape): resnet50,\n"
	  "                       bert-base, llama-7b-decode, llama-70b-decode, ...\n"
	  "  --mode train|infer   default infer\n"
	  "  --precision P        fp32 (default) tf32 bf16 fp16 fp8 int8 int4\n"
	  "  --optimizer O        adam (default), adamw, sgd (with momentum)\n"
	  "  --fp32-grads         mixed precision with fp32 gradients (18 bytes/param)\n"
	  "  --lora-rank R        train LoRA adapters of rank R on a frozen base\n"
	  "  --context N          size a KV cache of N tokens per sequence ...\n"
	  "  --batch N            ... for N sequences (default 1)\n"
	  "  --kv-precision P     the KV cache's precision (default: the weights',\n"
	  "                       fp16 for int8/int4 weights)\n"
	  "  --layers N, --kv-heads N, --head-dim N, --hidden N\n"
	  "                       the transformer's shape, when not from --model\n"
	  "  --gpu ID             count the GPUs of this catalog type it takes\n"
	  "  --json               print the same as JSON\n\n"
	  "exit status: 0 shown, 2 bad usage or a question no rule answers,\n"
	  "1 any other failure\n" },
	{ "diff",
	  "usage: herbie diff <before.json> [<after.json>] [options]\n\n"
	  "Run two lines over the same replications with common random numbers\n"
	  "(stations and sources with the same names draw the same numbers) and\n"
	  "print, for the line and for each station both have, every figure\n"
	  "before and after and its change with the 95% interval of the paired\n"
	  "differences; '*' marks a significant change. Stations are paired by\n"
	  "name, in any order; one only a line has is shown as removed (only\n"
	  "before) or added (only after). Without <after.json>, the second line\n"
	  "is the first with the --set overrides.\n\n"
	  "options:\n"
	  "  --set PATH=VALUE     override a field of the second line (repeatable)\n"
	  "  --reps N             paired replications (default: the first line's)\n"
	  "  --seed N             the seed of both\n"
	  "  --json               print the comparison as JSON\n"
	  "  --report FILE.html   also write an HTML page: the changes, both lines'\n"
	  "                       diagrams, results and charts over time side by side\n\n"
	  "exit status: 0 ran, 2 bad usage or bad scenario, 1 any other failure\n" },
	{ "live",
	  "usage: herbie live <scenario.json> [options]\n\n"
	  "Play one replication of the line in the terminal at a chosen speed:\n"
	  "stations as boxes in line order, their buffers as bars filling and\n"
	  "emptying, each server working (#), blocked (B), waiting for its device\n"
	  "(w) or idle (.), the current constraint (the station whose active\n"
	  "period under way is the longest) highlighted, and the running\n"
	  "throughput, work in progress and simulated time. At the end it prints\n"
	  "the replication's measured figures (those of 'herbie run --reps 1'; with\n"
	  "warm-up \"auto\" it runs no pilot and measures from time 0).\n"
	  "When stdout is not a terminal it prints one status line a second\n"
	  "instead.\n\n"
	  "keys: space pause/resume, + faster (x2), - slower (/2), q quit\n\n"
	  "options:\n"
	  "  --speed S            simulated seconds per wall second (default: the\n"
	  "                       slowest station serves an item in a quarter second)\n"
	  "  --for S              stop after S wall seconds (default: at the end of\n"
	  "                       the replication)\n"
	  "  --seed N             use seed N instead of the scenario's\n"
	  "  --set PATH=VALUE     override a field (repeatable)\n\n"
	  "exit status: 0 played (to the end, or stopped by q, --for, Ctrl-C),\n"
	  "2 bad usage or bad scenario, 1 any other failure\n" },
	{ "watch",
	  "usage: herbie watch <scenario.json> [options]\n\n"
	  "Run the scenario and print a short summary (throughput, latency p50\n"
	  "and p99, work in progress, constraint); then watch the file and, about\n"
	  "0.3 s after it last changed, run it again and print each figure before\n"
	  "and after with the change. A scenario that turns bad prints its error\n"
	  "and the watch goes on. Ctrl-C ends it (status 0).\n\n"
	  "options:\n"
	  "  --reps N             run N replications instead of the scenario's\n"
	  "  --seed N             use seed N instead of the scenario's\n"
	  "  --set PATH=VALUE     override a field (repeatable)\n"
	  "  --runs N             stop after N runs, the first included (a run that\n"
	  "                       finds the scenario bad counts); for scripts and tests\n\n"
	  "exit status: 0 ended (Ctrl-C or --runs), 2 bad usage or a scenario file\n"
	  "that cannot be read, 1 any other failure\n" },
	{ "toc",
	  "usage: herbie toc <scenario.json> [options]\n\n"
	  "Goldratt's five focusing steps, each measured by runs of the line:\n"
	  "1 identify the constraint (active-period method) and say plainly\n"
	  "whether it is one station, device or link, a shifting set, or outside\n"
	  "the line; 2 exploit it: the time it lost and what that was worth, and\n"
	  "the smallest protective buffer in front of it; 3 subordinate: work in\n"
	  "progress around it and the shortest rope (drum-buffer-rope) that keeps\n"
	  "the throughput; 4 elevate: every value of the scenario's \"levers\" (or\n"
	  "one more server and a buffer at the constraint) run against the line\n"
	  "with common random numbers, ranked by gain per cost; 5 repeat with the\n"
	  "best one applied, printing the chain of constraints, until the goal is\n"
	  "met, no lever helps, or the constraint leaves the line.\n\n"
	  "options:\n"
	  "  --steps N            at most N lines in the chain (default 3, at most 100)\n"
	  "  --until-goal         go on until the scenario's \"goal\" is met (at most 20)\n"
	  "  --reps N             replications of every run (default: the scenario's)\n"
	  "  --seed N             the seed of every run\n"
	  "  --set PATH=VALUE     override a field of the line (repeatable)\n"
	  "  --json               print the steps as JSON\n"
	  "  --quiet              no progress on stderr (shown only on a terminal)\n"
	  "  --report FILE.html   also write the steps as a self-contained HTML page:\n"
	  "                       each line's diagram, the paragraphs, the levers, the\n"
	  "                       timelines\n\n"
	  "exit status: 0 ran, 2 bad usage, bad scenario or a lever that does not\n"
	  "apply, 1 any other failure\n" },
	{ "help",
	  "usage: herbie help [<command>]\n\nList the commands, or explain one.\n" },
};

const char *cli_usage(const char *cmd)
{
	for (size_t i = 0; i < sizeof usages / sizeof usages[0]; i++)
		if (!strcmp(usages[i].cmd, cmd))
			return usages[i].text;
	return NULL;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("herbie: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void cli_print_diag(const diag *d)
{
	char buf[2048];

	diag_format(d, buf, sizeof buf);
	fputs(buf, stderr);
}

static int allowed_opt(const char *allowed, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = allowed; (p = strstr(p, name)); p += n)
		if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

int64_t cli_whole(const char *s, int64_t max)
{
	char *end;
	long long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

static int value_of(int argc, char **argv, int *i, const char *cmd,
		    const char **out)
{
	const char *a = argv[*i], *eq = strchr(a, '=');

	if (eq) {
		*out = eq + 1;
		return 0;
	}
	if (*i + 1 >= argc)
		return cli_error(CLI_USAGE, "%s: %s needs a value", cmd, a);
	*out = argv[++*i];
	return 0;
}

/* The options that take a value: a file, a time, a count, a speed. */
static int value_option(const char *name, const char *v, const char *cmd,
		       cli_opts *o)
{
	const char **path = !strcmp(name, "timeline") ? &o->timeline :
			    !strcmp(name, "bucket") ? &o->bucket :
			    !strcmp(name, "trace") ? &o->trace :
			    !strcmp(name, "report") ? &o->report : NULL;
	int64_t x;
	char *end;

	if (path) {
		if (!*v)
			return cli_error(CLI_USAGE, "%s: --%s needs a value", cmd, name);
		*path = v;
		return 0;
	}
	if (!strcmp(name, "trace-items") || !strcmp(name, "steps")) {
		if ((x = cli_whole(v, 1000000)) < 1)
			return cli_error(CLI_USAGE, "%s: --%s wants a whole number from 1 to 1000000, not '%s'", cmd, name, v);
		*(name[0] == 't' ? &o->trace_items : &o->steps) = x;
		return 0;
	}
	if (!strcmp(name, "for")) {
		errno = 0;
		o->for_s = strtod(v, &end);
		if (errno || *end || !*v || !(o->for_s > 0) || o->for_s > 1e6)
			return cli_error(CLI_USAGE, "%s: --for wants wall seconds, a number above 0 and at most 1e6, not '%s'", cmd, v);
		return 0;
	}
	if (!strcmp(name, "runs")) {
		if ((x = cli_whole(v, 1000000)) < 1)
			return cli_error(CLI_USAGE, "%s: --runs wants a whole number from 1 to 1000000, not '%s'", cmd, v);
		o->runs = x;
		return 0;
	}
	if (!strcmp(name, "speed")) {
		errno = 0;
		o->speed = strtod(v, &end);
		if (errno || *end || !*v || !(o->speed > 0) || o->speed > 1e12)
			return cli_error(CLI_USAGE, "%s: --speed wants simulated seconds per wall second, a number above 0, not '%s'", cmd, v);
		return 0;
	}
	HB_BUG("option %s allowed but not handled", name);
}

static int option(int argc, char **argv, int *i, const char *cmd,
		  const char *allowed, cli_opts *o)
{
	const char *a = argv[*i] + 2, *v = NULL;
	char name[32];
	size_t n = strcspn(a, "=");
	int64_t x;

	if (n >= sizeof name)
		n = sizeof name - 1;
	memcpy(name, a, n);
	name[n] = 0;
	if (!allowed_opt(allowed, name))
		return cli_error(CLI_USAGE, "%s: unknown option '--%s' (see 'herbie help %s')", cmd, name, cmd);
	if (!strcmp(name, "json") || !strcmp(name, "quiet") ||
	    !strcmp(name, "until-goal")) {
		if (a[n] == '=')
			return cli_error(CLI_USAGE, "%s: --%s takes no value", cmd, name);
		*(name[0] == 'j' ? &o->json : name[0] == 'q' ? &o->quiet :
		  &o->until_goal) = 1;
		return 0;
	}
	if (value_of(argc, argv, i, cmd, &v))
		return CLI_USAGE;
	if (!strcmp(name, "set")) {
		o->sets[o->nsets++] = v;
		return 0;
	}
	if (!strcmp(name, "reps")) {
		if ((x = cli_whole(v, 1000000)) < 1)
			return cli_error(CLI_USAGE, "%s: --reps wants a whole number from 1 to 1000000, not '%s'", cmd, v);
		o->reps = x;
		return 0;
	}
	if (!strcmp(name, "seed")) {
		if ((x = cli_whole(v, INT64_C(9007199254740992))) < 0)
			return cli_error(CLI_USAGE, "%s: --seed wants a whole number from 0 to 2^53, not '%s'", cmd, v);
		o->have_seed = 1;
		o->seed = (uint64_t)x;
		return 0;
	}
	return value_option(name, v, cmd, o);
}

int cli_parse(int argc, char **argv, const char *cmd, const char *allowed,
	      cli_opts *o)
{
	memset(o, 0, sizeof *o);
	o->sets = hb_calloc((size_t)argc + 1, sizeof *o->sets);
	if (!o->sets)
		return cli_error(CLI_FAIL, "out of memory");
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--", 2) && argv[i][2]) {
			if (option(argc, argv, &i, cmd, allowed, o))
				return CLI_USAGE;
		} else if (!o->file) {
			o->file = argv[i];
		} else if (!o->file2 && allowed_opt(allowed, "file2")) {
			o->file2 = argv[i];
		} else {
			return cli_error(CLI_USAGE, "%s: one scenario at a time ('%s' is extra)", cmd, argv[i]);
		}
	}
	if (!o->file)
		return cli_error(CLI_USAGE, "%s: which scenario? (usage: herbie %s <scenario.json>)", cmd, cmd);
	return 0;
}

void cli_opts_free(cli_opts *o)
{
	hb_free(o->sets);
	o->sets = NULL;
}

/* 2 for what the user named wrongly, 1 for the system. */
int cli_slurp(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	struct stat st;
	int rc;

	*out = NULL;
	if (!f)
		return cli_error(errno == ENOENT || errno == EACCES ? CLI_USAGE : CLI_FAIL,
				 "cannot open %s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cli_error(CLI_USAGE, "%s is a directory, not a scenario", path);
		goto fail;
	}
	do {
		if (cap - n < 65536) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > (size_t)CLI_MAX_FILE + 65536) {
				rc = cli_error(CLI_USAGE, "%s: larger than %ld MiB; is it a scenario?", path, CLI_MAX_FILE >> 20);
				goto fail;
			}
			if (!(nb = hb_realloc(buf, cap + 1))) {
				rc = cli_error(CLI_FAIL, "out of memory reading %s", path);
				goto fail;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		rc = cli_error(CLI_FAIL, "cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
fail:
	fclose(f);
	hb_free(buf);
	return rc;
}

int cli_load(const cli_opts *o, scen **out)
{
	return cli_load_file(o->file, o->sets, o->nsets, out);
}

int cli_load_file(const char *path, const char *const *sets, int nsets,
		  scen **out)
{
	size_t len = 0;
	char *text;
	diag d;
	int rc;

	*out = NULL;
	if ((rc = cli_slurp(path, &text, &len)))
		return rc;
	diag_clear(&d);
	rc = scen_parse(path, text, len, sets, nsets, out, &d);
	hb_free(text);
	if (rc < 0) {
		cli_print_diag(&d);
		return strcmp(d.msg, "out of memory") ? CLI_USAGE : CLI_FAIL;
	}
	return 0;
}

/* Columns of wrapped text: sources and rules in `catalog` and `size`. */
#define CLI_WRAP 78

void cli_wrap(const char *label, const char *text, int indent)
{
	int col;

	printf("%*s%s", indent, "", label);
	indent += (int)strlen(label);
	col = indent;
	while (*text) {
		const char *sp = strchr(text, ' ');
		int w = sp ? (int)(sp - text) : (int)strlen(text);

		if (col > indent && col + 1 + w > CLI_WRAP) {
			printf("\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		printf("%.*s", w, text);
		col += w;
		text += w;
		while (*text == ' ')
			text++;
	}
	putchar('\n');
}
