/*
 * hb.h: what every module of herbie needs: bugs that abort with their
 * place, and the allocator that tests can make fail.
 *
 * Three error classes (STYLE.md): bad input fills a `diag` and returns -1;
 * a system failure returns -1 with errno kept, or an hb_rc below; a bug
 * calls HB_BUG and aborts, "to ensure that bugs get fixed rather than
 * handled".
 */
#ifndef HB_H
#define HB_H

#include <stddef.h>
#include <stdint.h>

/* One result code for the whole library (SQLite's SQLITE_OK, ...): 0 ok,
 * HB_STOPPED when a stop flag rose (Ctrl-C; not an error: what was done
 * is kept), and errors below 0, so that callers test `< 0`. The values
 * are those the modules returned before they shared them: -1 bad input,
 * -2 out of memory (run.h's RUN_*, line_new, tl_collect, trace_write). A
 * diag carries one too (input/diag.h), and the command line maps them to
 * exit statuses in one function (tools/cli.h, cli_exit). */
enum hb_rc {
	HB_OK = 0,
	HB_STOPPED = 1,		/* stopped on request: partial or nothing */
	HB_BAD_INPUT = -1,	/* the input asks for what cannot be: a diag says why */
	HB_NOMEM = -2,		/* out of memory */
	HB_IO = -3,		/* a read or a write failed: errno says why */
};

#define HB_BUG(...) hb_bug(__FILE__, __LINE__, __VA_ARGS__)
/* The expression must have no side effects: it is always evaluated. */
#define HB_ASSERT(c) \
	((c) ? (void)0 : hb_bug(__FILE__, __LINE__, "assertion failed: %s", #c))

_Noreturn void hb_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * All of herbie's heap memory goes through these, like Lua's lua_Alloc, so a
 * test can fail the Nth allocation (hb_fail_after) and check that every
 * caller backs out cleanly. They return NULL on failure and never abort.
 */
void *hb_malloc(size_t n);
void *hb_calloc(size_t count, size_t size);
void *hb_realloc(void *p, size_t n);
void hb_free(void *p);
char *hb_strdup(const char *s);

/* Fill err (errlen bytes; either may be 0) with the message and return -1:
 * the failure contract of library functions that explain in a buffer. */
int hb_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The engine's hot path (line_run's loop) is a few small steps per event;
 * a call that does not inline costs about as much as the step. HB_INLINE
 * asks for the step to be inlined whatever the compiler's size heuristics
 * say, HB_COLD keeps a rare path out of its caller's way. */
#define HB_INLINE static inline __attribute__((always_inline))
#define HB_COLD __attribute__((cold, noinline))
#define HB_LIKELY(c) __builtin_expect(!!(c), 1)
#define HB_UNLIKELY(c) __builtin_expect(!!(c), 0)

/* Test hook: allocation number n from now (1 = the next) and all after it
 * fail; n <= 0 turns failures off. hb_alloc_count counts successes. */
void hb_fail_after(long n);
long hb_alloc_count(void);

#endif
