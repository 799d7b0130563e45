/*
 * page.c: what every part of the HTML pages shares (page.h).
 *
 * Nothing here allocates or keeps state: the table of states and the
 * style sheet are constants, and every writer writes straight to the
 * FILE. Numbers are printed in the C locale, which herbie never changes:
 * the same results give the same bytes on every machine.
 *
 * The style sheet only sets fonts, text colors, grid lines and the page's
 * layout (the meaning's colors are on the shapes, page.h). It uses no '>'
 * (no child combinator), which keeps the page checkable by a plain tag
 * scanner (t_html.c).
 */
#include "view/page.h"

#include <string.h>

#include "input/unit.h"
#include "report/rtext.h"

const struct page_state page_states[PAGE_NSTATES] = {
	{ TL_WORKING, SF_WORKING, "working", PAGE_COL_WORKING },
	{ TL_STARVED, SF_STARVED, "starved", PAGE_COL_STARVED },
	{ TL_BLOCKED, SF_BLOCKED, "blocked", PAGE_COL_BLOCKED },
	{ TL_WAITING, SF_WAITING, "waiting", PAGE_COL_WAITING },
};

static const char style[] =
	"body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
	"Helvetica,Arial,sans-serif;color:#222;background:#fff}\n"
	"main{max-width:1200px;margin:0 auto;padding:12px 20px 40px}\n"
	"main.wide{max-width:2600px}\n"
	"h1{font-size:24px;margin:10px 0 2px}\n"
	"h2{font-size:19px;margin:30px 0 8px;border-bottom:1px solid #ddd;"
	"padding-bottom:4px}\n"
	"h3{font-size:15px;margin:18px 0 6px}\n"
	"p{margin:6px 0;max-width:80em}\n"
	".label{color:#555;font-family:ui-monospace,Menlo,Consolas,monospace;"
	"font-size:13px;overflow-wrap:anywhere}\n"
	".description{font-size:16px}\n"
	".notes{color:#333;white-space:pre-line}\n"
	".meta,.caption,.note{color:#555}\n"
	".warn{color:#7a4200;background:#fff3dc;padding:4px 8px;border-radius:4px}\n"
	".constraint-sentence strong{color:" PAGE_COL_CONSTRAINT "}\n"
	".scroll{overflow-x:auto}\n"
	".cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);"
	"gap:28px}\n"
	".pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(760px,100%),1fr));"
	"gap:8px 28px}\n"
	".col{min-width:0}\n"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(min(500px,100%),1fr));gap:10px 24px}\n"
	".cols .charts{grid-template-columns:minmax(0,1fr)}\n"
	"svg.chart{display:block;max-width:100%;height:auto}\n"
	"svg text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
	"Helvetica,Arial,sans-serif;font-size:11px;fill:#333}\n"
	"svg .name{font-weight:600;font-size:12px;fill:#111}\n"
	"svg .sub{fill:#555;font-size:10.5px}\n"
	"svg .tick{fill:#666;font-size:10px}\n"
	"svg .tag{fill:#666;font-size:10px;font-style:italic}\n"
	"svg .ctag{fill:" PAGE_COL_CONSTRAINT ";font-weight:700;"
	"font-size:11px}\n"
	"svg .elab{font-size:10px;fill:#444;paint-order:stroke;stroke:#fff;"
	"stroke-width:3px;stroke-linejoin:round}\n"
	"svg .grid{stroke:#e8e8e8}\n"
	"svg .axis{stroke:#888}\n"
	"table{border-collapse:collapse;margin:6px 0 16px;font-size:13px;"
	"font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:600;padding:4px 0}\n"
	"th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;"
	"white-space:nowrap}\n"
	"th[scope=row],th.left{text-align:left}\n"
	"thead th{border-bottom:2px solid #ccc;font-weight:600}\n"
	"tr.constraint th,tr.constraint td{background:#fdecef}\n"
	"tr.constraint th[scope=row]{box-shadow:inset 3px 0 "
	PAGE_COL_CONSTRAINT "}\n"
	"tr.group th{background:#f5f5f5;text-align:left}\n"
	"td.sig{color:" PAGE_COL_CONSTRAINT ";font-weight:700;"
	"text-align:left}\n"
	"tr.significant td{font-weight:600}\n"
	"footer{margin-top:36px;color:#777;font-size:12px}\n";

/*
 * Text and figures.
 */

static void esc_bytes(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			/* control characters are not allowed in HTML text */
			if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
				fputs("&#xFFFD;", f);
			else
				fputc(c, f);
		}
	}
}

void page_text(FILE *f, const char *s)
{
	esc_bytes(f, s, strlen(s));
}

void page_text_cut(FILE *f, const char *s, int max)
{
	size_t i, cut = 0;
	int nch = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;	/* inside a character */
		if (nch == max - 1)
			cut = i;
		nch++;
	}
	if (nch <= max) {
		esc_bytes(f, s, i);
		return;
	}
	esc_bytes(f, s, cut);
	fputs("\xe2\x80\xa6", f);	/* U+2026 */
}

void page_pct(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.1f%%", 100 * v);
}

void page_fig(char *buf, size_t n, const stat_acc *s, int64_t reps, int dur)
{
	rtext_value(buf, n, stat_mean(s), reps < 2 ? 0 : stat_ci95(s), dur);
}

void page_dur(char *buf, size_t n, double s)
{
	unit_format(UNIT_DURATION, s, buf, n);
}

enum page_mark page_mark(const res *r, int e)
{
	enum res_verdict v = res_verdict(r);
	int c = res_constraint(r);

	if (e < 0 || c < 0 || (v != RES_ONE && v != RES_SHIFTING))
		return PAGE_MARK_NONE;
	if (v == RES_ONE)
		return e == c ? PAGE_MARK_SOLE : PAGE_MARK_NONE;
	return e == c || res_constraint_peer(r, c, e) ? PAGE_MARK_SHIFTING :
	       PAGE_MARK_NONE;
}

const char *page_mark_label(enum page_mark m)
{
	return m == PAGE_MARK_SOLE ? "constraint" : m == PAGE_MARK_MARKET ?
	       "constraint: the market" : "shifting constraint";
}

/*
 * The page's head and foot.
 */

void page_begin(FILE *f, const char *title, int wide)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"herbie\">\n<title>", f);
	page_text(f, title);
	fputs("</title>\n<style>\n", f);
	fputs(style, f);
	fprintf(f, "</style>\n</head>\n<body>\n<main%s>\n", wide ? " class=\"wide\"" : "");
}

int page_end(FILE *f)
{
	fputs("<footer>Written by herbie, a discrete-event simulator of lines. "
	      "This page is self-contained: it needs no network.</footer>\n"
	      "</main>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}

