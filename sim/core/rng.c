/*
 * rng.c: seeding and bounded draws for the xoshiro256** streams of rng.h.
 *
 * A stream's key is (seed, rep, name, purpose). The key is folded into one
 * 64-bit word, with SplitMix64's finalizer applied after every part, so a
 * one-bit change anywhere (seed 1 vs 2, rep 7 vs 8, "m1" vs "m2") flips
 * about half the bits of the word; SplitMix64 then expands the word into
 * the 256-bit state, as Blackman & Vigna recommend for seeding xoshiro.
 *
 * Invariant: a seeded state is never all zero (the one state xoshiro
 * cannot leave). SplitMix64 feeds four distinct inputs x+g, x+2g, x+3g,
 * x+4g (g odd) to a bijection, so at most one of the four words is zero.
 *
 * Workload: rng_seed runs once per stream while a line is built;
 * rng_below runs in the hot path (uniform_int and empirical draws), so it
 * avoids the division except on the rare rejection path.
 */
#include "core/rng.h"

#include "core/hb.h"

/* SplitMix64's increment, 2^64 / golden ratio (odd). */
#define RNG_GOLDEN 0x9e3779b97f4a7c15u

/* SplitMix64's finalizer (Stafford's Mix13): a bijection on 64-bit words
 * with full avalanche. */
static uint64_t rng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* One SplitMix64 step: advances *x and returns the next output. */
static uint64_t rng_splitmix(uint64_t *x)
{
	*x += RNG_GOLDEN;
	return rng_mix(*x);
}

/* FNV-1a alone is weak in its high bits for short strings that differ in
 * their last byte; the finalizer spreads that difference over all 64. */
uint64_t rng_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a 64 offset basis */

	if (!s)
		s = "";
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3u;		/* FNV-1a 64 prime */
	}
	return rng_mix(h);
}

/* Mixing after each part (rather than xoring the four parts once) makes
 * the order matter: (name "a", purpose "b") and ("b", "a") get unrelated
 * keys, and so do (seed 1, rep 2) and (seed 2, rep 1). */
void rng_seed(rng *r, uint64_t seed, uint64_t rep, const char *name,
	      const char *purpose)
{
	uint64_t key = rng_mix(seed + RNG_GOLDEN);

	key = rng_mix(key ^ rep);
	key = rng_mix(key ^ rng_hash(name));
	key = rng_mix(key ^ rng_hash(purpose));
	for (int i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&key);
	HB_ASSERT((r->s[0] | r->s[1] | r->s[2] | r->s[3]) != 0);
}

/* The high and low words of the 128-bit product x * n. */
static inline uint64_t rng_mul128(uint64_t x, uint64_t n, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
	unsigned __int128 m = (unsigned __int128)x * n;

	*lo = (uint64_t)m;
	return (uint64_t)(m >> 64);
#else
	/* Schoolbook on 32-bit halves, for compilers without __int128. */
	uint64_t x0 = x & 0xffffffffu, x1 = x >> 32;
	uint64_t n0 = n & 0xffffffffu, n1 = n >> 32;
	uint64_t p00 = x0 * n0, p01 = x0 * n1, p10 = x1 * n0, p11 = x1 * n1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);

	*lo = (mid << 32) | (p00 & 0xffffffffu);
	return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

/*
 * Lemire, "Fast random integer generation in an interval" (2019): the high
 * word of x * n is uniform on [0, n) once the products whose low word
 * falls below 2^64 mod n are rejected. That threshold needs a division,
 * but it is only computed when the low word is already below n, which
 * happens with probability n / 2^64. Rejection keeps it exactly unbiased,
 * unlike x % n or a plain multiply-high.
 */
uint64_t rng_below(rng *r, uint64_t n)
{
	uint64_t lo, hi;

	HB_ASSERT(n >= 1);
	hi = rng_mul128(rng_next(r), n, &lo);
	if (lo < n) {
		uint64_t t = (0 - n) % n;	/* 2^64 mod n */

		while (lo < t)
			hi = rng_mul128(rng_next(r), n, &lo);
	}
	return hi;
}
