/*
 * page.h: what every part of herbie's HTML pages shares (html.h's pages
 * and pieces, chart.h's charts, diagram.h's drawing, htoc.h's page): the
 * head with the style sheet, and the foot; user text escaped; the colors;
 * a station's four states; figures as text; and which entities the
 * constraint outlines.
 *
 * A page is page_begin, any pieces, page_end. Sections a piece writes
 * carry no id, so a piece may appear twice on one page. Every chart is
 * one <svg> with a <title>; the colors mean the same everywhere (working
 * green, starved amber, blocked red, waiting blue). All user text (names,
 * notes, labels) goes through page_text or page_text_cut. The bytes
 * depend only on the arguments: same results, same page.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "run/res.h"
#include "view/tl.h"

/* One meaning, one color, on every chart of every page. Colors go on the
 * shapes as attributes, not through the style sheet, so that a chart
 * copied out of the page keeps its meaning. */
#define PAGE_COL_WORKING "#2e9e4f"
#define PAGE_COL_STARVED "#e0a32e"
#define PAGE_COL_BLOCKED "#d64541"
#define PAGE_COL_WAITING "#3b7dd8"
#define PAGE_COL_QUEUE "#7a5cc4"
#define PAGE_COL_FLOW "#17808a"
#define PAGE_COL_CONSTRAINT "#c0143c"
#define PAGE_COL_BEFORE "#8a8a8a"
#define PAGE_COL_AFTER "#1f5fbf"

/* A station's time, in the order the stacked charts pile it up (working,
 * starved, blocked, waiting): the timeline's field, res.h's figure, its
 * name and color. A constant table, shared read-only. */
struct page_state {
	enum tl_field tf;
	int sf;
	const char *name, *color;
};
#define PAGE_NSTATES 4
extern const struct page_state page_states[PAGE_NSTATES];

/* doctype, head, style sheet, <main>; wide: a page of pairs (a
 * comparison) may use a wide window's whole width */
void page_begin(FILE *f, const char *title, int wide);
int page_end(FILE *f);				/* 0, or -1: f's error flag */

void page_text(FILE *f, const char *s);		/* s escaped for HTML */
/* s escaped and cut to at most max characters (UTF-8), the last one an
 * ellipsis when it was cut: a box in the diagram holds about so many. */
void page_text_cut(FILE *f, const char *s, int max);

/* Figures into buf (n bytes), in the C locale: a fraction as "12.3%";
 * a mean with its interval as `herbie run` prints it (rtext_value; no
 * interval from fewer than 2 replications), dur: a duration; seconds as
 * a duration ("120ms"). */
void page_pct(char *buf, size_t n, double v);
void page_fig(char *buf, size_t n, const stat_acc *s, int64_t reps, int dur);
void page_dur(char *buf, size_t n, double s);

/*
 * The constraint: which entities (res.h's numbering: stations, devices,
 * links) to outline, and how. Only a verdict that names one inside the
 * line outlines anything: when the line keeps up with its sources the
 * constraint is the market (the sources are outlined instead), and a
 * balanced line loses to fluctuations, not to one station.
 */
enum page_mark {
	PAGE_MARK_NONE,		/* 0: not outlined */
	PAGE_MARK_SOLE,
	PAGE_MARK_SHIFTING,
	PAGE_MARK_MARKET	/* the sources; page_mark never returns it */
};

enum page_mark page_mark(const res *r, int e);	/* e < 0: PAGE_MARK_NONE */
/* "constraint", "shifting constraint", "constraint: the market" */
const char *page_mark_label(enum page_mark m);

#endif
