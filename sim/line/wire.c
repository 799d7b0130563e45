/*
 * wire.c: a barrier's collective on the links (issue 11). The transfers
 * the scenario planned (scen_station.ar_xfer, scoll.c) run stage by
 * stage, each a job on its link direction's processor-sharing channel
 * beside the transports' items: the collective shares their bandwidth and
 * they share its, the link's bytes and busy time count it, and the
 * active-period tracker and the observers see the link move bytes. When
 * the last stage is over the barrier's server finishes after the
 * collective's latency (its EV_DONE), as a kernel would.
 *
 * Workload: a collective costs its transfers' completions (N x 2 for a
 * ring over NVSwitch) and one EV_DONE, whatever its bytes. Nothing is
 * allocated after wire_build, which gives each barrier its jobs and
 * reserves room for them on the links' channels.
 *
 * A collective's job owns itself (job.owner == &job): an item's job is
 * owned by its item, in which the job is not the first member, so dev.c
 * tells the two apart without a field of its own (wire_owns).
 *
 * Ownership: the line owns each barrier's wire (station.wire), freed by
 * wire_free; the scenario owns the plan it reads.
 */
#include "line/line_impl.h"

typedef struct wire_job {
	ps_job job;		/* first: a ps_job * is a wire_job * */
	struct wire *w;
	const scen_xfer *x;
} wire_job;

struct wire {
	station *b;
	server *sv;		/* the barrier's server, while it runs */
	int stage;		/* under way */
	int at;			/* the stage's first job */
	int left;		/* its jobs not yet done */
	int njob;
	wire_job job[];		/* sc->ar_xfer's, in order (by stage) */
};

static void stage_start(line *ln, wire *w);

static void finish(line *ln, wire *w)
{
	simtime now = eq_now(ln->q);

	eq_push(ln->q, &w->sv->ev, st_after(now, w->b->sc->ar_latency));
	w->sv = NULL;
}

/* Start the jobs of w->stage (from w->at); a stage with none (a
 * hierarchical all-reduce on one node has nothing to do across nodes) is
 * over at once. */
static void stage_start(line *ln, wire *w)
{
	const scen_station *sc = w->b->sc;

	for (; w->stage < sc->ar_nstages; w->stage++) {
		int k = w->at;

		for (; k < w->njob && w->job[k].x->stage == w->stage; k++) {
			wire_job *j = &w->job[k];

			j->job.pos = -1;
			j->job.owner = &j->job;
			dev_link_add(ln, &ln->lk[j->x->link], j->x->dir, &j->job,
				     j->x->bytes);
		}
		w->left = k - w->at;
		w->at = k;
		if (w->left > 0)
			return;
	}
	finish(ln, w);
}

/* The barrier b's collective starts on sv, at now: sv works (as
 * run_kernel's private server) until wire_job_done ends the last stage. */
void wire_start(line *ln, station *b, server *sv, simtime now)
{
	wire *w = b->wire;

	HB_ASSERT(w && !w->sv);
	b->batches++;
	b->nheld++;
	sv->t0 = now;
	sv->state = SRV_BUSY;
	tw_add(&b->busy, now, 1);
	activity(ln, b);
	w->sv = sv;
	w->stage = 0;
	w->at = 0;
	stage_start(ln, w);
}

double wire_job_bytes(const ps_job *j)
{
	return ((const wire_job *)j)->x->bytes;
}

/* A transfer of a collective is over (dev_link_done took it off its
 * link): the last of its stage starts the next. */
void wire_job_done(line *ln, ps_job *j)
{
	wire *w = ((wire_job *)j)->w;

	HB_ASSERT(w->sv && w->left > 0);
	if (--w->left == 0) {
		w->stage++;
		stage_start(ln, w);
	}
}

/* ---- building ------------------------------------------------------ */

static int build_one(station *st)
{
	const scen_station *sc = st->sc;
	wire *w = hb_calloc(1, sizeof *w + (size_t)sc->nar_xfer * sizeof w->job[0]);

	if (!w)
		return -1;
	st->wire = w;
	w->b = st;
	w->njob = sc->nar_xfer;
	for (int k = 0; k < w->njob; k++) {
		w->job[k].w = w;
		w->job[k].x = &sc->ar_xfer[k];
		w->job[k].job.pos = -1;
		w->job[k].job.owner = &w->job[k].job;
	}
	return 0;
}

/* Every barrier on the wire gets its jobs, and every link direction room
 * for all the collectives' jobs that cross it (they may all be under way
 * at once) beside its transports'. */
int wire_build(line *ln)
{
	size_t *need = hb_calloc(2 * (size_t)ln->nlk + 1, sizeof *need);

	if (!need)
		return -1;
	for (int i = 0; i < ln->nst; i++) {
		const scen_station *sc = ln->st[i].sc;

		if (sc->kind != SCEN_STN_BARRIER || sc->nar_xfer == 0)
			continue;
		if (build_one(&ln->st[i]) < 0) {
			hb_free(need);
			return -1;
		}
		for (int k = 0; k < sc->nar_xfer; k++)
			need[2 * sc->ar_xfer[k].link + sc->ar_xfer[k].dir]++;
	}
	for (int k = 0; k < 2 * ln->nlk; k++)
		if (need[k] && ps_reserve(&ln->lk[k / 2].ch[k % 2], need[k] + 16) < 0) {
			hb_free(need);
			return -1;
		}
	hb_free(need);
	return 0;
}

/* A new replication: no collective under way (dev_reset cleared the
 * channels their jobs were on). */
void wire_reset(line *ln)
{
	for (int i = 0; i < ln->nst; i++) {
		wire *w = ln->st[i].wire;

		if (!w)
			continue;
		w->sv = NULL;
		w->left = 0;
		for (int k = 0; k < w->njob; k++)
			w->job[k].job.pos = -1;
	}
}

void wire_free(line *ln)
{
	for (int i = 0; ln->st && i < ln->nst; i++) {
		hb_free(ln->st[i].wire);
		ln->st[i].wire = NULL;
	}
}
