/* error.c - filling a cs_error; see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void cs_error_set(cs_error *e, cs_errcode code, cs_mark mark,
		  const char *context, const char *fmt, ...)
{
	if (!e)
		return;
	e->code = code;
	e->mark = mark;
	snprintf(e->context, sizeof(e->context), "%s", context ? context : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
}
