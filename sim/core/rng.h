/*
 * rng.h: random streams. xoshiro256** (Blackman & Vigna), seeded through
 * SplitMix64 from a strong mix of (seed, replication, name, purpose).
 *
 * Every station and source owns its streams, one per purpose ("service",
 * "route", "transport", ...). Adding a station does not change the draws of
 * the others, so a before/after comparison uses common random numbers.
 * Seeding replication k with the plain number k is a known trap; the mix
 * makes neighbouring (seed, rep) pairs unrelated.
 *
 * The state is shown because streams are embedded in stations (hot path).
 */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>

typedef struct rng {
	uint64_t s[4];
} rng;

/* 64-bit FNV-1a of a NUL-terminated string, then finalized by SplitMix64's
 * mixer: the name part of a stream's key. */
uint64_t rng_hash(const char *s);

/* Seed r for (seed, rep, name, purpose). Never leaves the all-zero state. */
void rng_seed(rng *r, uint64_t seed, uint64_t rep, const char *name,
	      const char *purpose);

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
static inline uint64_t rng_next(rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return out;
}

/* Uniform on (0, 1): never 0 and never 1, so log() of it is always finite.
 * 52 random bits offset by half a step: with 53 bits the +0.5 would not be
 * exact and the top value would round up to exactly 1. */
static inline double rng_u01(rng *r)
{
	return ((double)(rng_next(r) >> 12) + 0.5) * 0x1.0p-52;
}

/* Uniform integer in [0, n), unbiased (Lemire's method); n >= 1. */
uint64_t rng_below(rng *r, uint64_t n);

#endif
