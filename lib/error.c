// SPDX-License-Identifier: MIT
/*
 * error.c - the per-thread detail message behind every -errno return.
 */
#include <stdio.h>
#include <string.h>

#include "mxa_priv.h"

static _Thread_local char last_error[512];

int mxa__error(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return -err;
}

void mxa__clear_error(void)
{
	last_error[0] = '\0';
}

MXA_EXPORT const char *mxa_last_error(void)
{
	return last_error;
}
