/* df-user.c - placeholder; rows are added by the family's author. */
#include "registry.h"

const cs_rule_family cs_family_df_user = { "df-user", NULL, 0 };
