/*
 * stat.h: streaming mean and variance (Welford), merged exactly (Chan et
 * al.), and the Student-t 95% interval across replications.
 *
 * Used twice: per item inside a replication (waits, latencies), and per
 * replication for every figure of the results (one value per replication,
 * then the mean and its ci95 half-width).
 */
#ifndef STAT_H
#define STAT_H

#include <stdint.h>

typedef struct stat_acc {
	int64_t n;
	double mean;
	double m2;		/* sum of squared deviations from the mean */
	double min, max;
} stat_acc;

void stat_init(stat_acc *s);
void stat_add(stat_acc *s, double x);
/* Fold b into a, as if a had seen b's values too (b unchanged). */
void stat_merge(stat_acc *a, const stat_acc *b);

double stat_mean(const stat_acc *s);	/* 0 when empty */
double stat_var(const stat_acc *s);		/* sample variance (n - 1); 0 when n < 2 */
double stat_sd(const stat_acc *s);
/* Half-width of the 95% interval of the mean: t(0.975, n-1) sd / sqrt(n);
 * 0 when n < 2. */
double stat_ci95(const stat_acc *s);

/* The 0.975 quantile of Student's t with df >= 1 degrees of freedom, to at
 * least 6 significant digits (exact table to 30, then the Cornish-Fisher
 * expansion in 1/df). */
double stat_t975(int64_t df);

#endif
