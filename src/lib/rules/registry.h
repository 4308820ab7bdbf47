/*
 * registry.h - the list of rule families.
 *
 * Each family file defines one cs_rule_family naming its static table.  To
 * add a family, define it and add one line to the list in registry.c.
 */
#ifndef CS_REGISTRY_H
#define CS_REGISTRY_H

#include "rule.h"

typedef struct cs_rule_family {
	const char *name;          /* "df-user" */
	const cs_rule *rules;
	size_t n;
} cs_rule_family;

#define CS_COUNT(a) (sizeof(a) / sizeof((a)[0]))

#endif
