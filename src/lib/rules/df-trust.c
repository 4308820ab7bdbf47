/* df-trust.c - placeholder; rows are added by the family's author. */
#include "registry.h"

const cs_rule_family cs_family_df_trust = { "df-trust", NULL, 0 };
