/*
 * catalogue.c - the rule catalogue, rendered from the rule table.
 *
 * `customs rules`, docs/rules/README.md, docs/rules/ID.md and
 * docs/migration.md (via the JSON form) all come from here, so the
 * documentation cannot drift from the rows the engine runs; a test
 * regenerates them and fails when the committed copies differ.  Rules come
 * in cs_rules_all() order (sorted by id) and nothing here depends on the
 * environment, so the output is byte-for-byte stable.
 */
#include "report-priv.h"

#include <string.h>

#define WRAP 78

static const struct {
	unsigned bit;
	const char *key;    /* JSON */
	const char *label;  /* prose */
} targets[] = {
	{CS_TARGET_DOCKERFILE, "dockerfile", "Dockerfile"},
	{CS_TARGET_COMPOSE, "compose", "Compose"},
	{CS_TARGET_K8S, "kubernetes", "Kubernetes"},
	{CS_TARGET_IMAGE, "image", "images"},
	{CS_TARGET_INPUT, "input", "any input (read and parse errors)"},
};

#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

static const struct {
	const char *label, *key;
} peers[] = {
	{"hadolint", "hadolint"},
	{"Trivy", "trivy"},
	{"Checkov", "checkov"},
	{"KICS", "kics"},
	{"kube-linter", "kube_linter"},
	{"Dockle", "dockle"},
};

static const char *peer_ids(const cs_rule *r, size_t i)
{
	const char *v[] = {r->hadolint, r->trivy, r->checkov, r->kics,
			   r->kube_linter, r->dockle};
	return v[i] ? v[i] : "";
}

/* The references of a rule, as printed: its Pod Security Standards level
 * reads "Pod Security Standards: restricted". */
static size_t rule_refs(const cs_rule *r, const char *out[4], cs_buf *pss)
{
	size_t n = 0;
	const char *v[] = {r->cis, r->nist, r->owasp};
	for (size_t i = 0; i < 3; i++)
		if (v[i] && *v[i])
			out[n++] = v[i];
	if (r->pss && *r->pss) {
		cs_buf_printf(pss, "Pod Security Standards: %s", r->pss);
		out[n++] = pss->data;
	}
	return n;
}

static const char *s_or_empty(const char *s)
{
	return s ? s : "";
}

static void add_applies(cs_buf *b, const cs_rule *r)
{
	bool any = false;
	for (size_t i = 0; i < NTARGETS; i++) {
		if (!(r->targets & targets[i].bit))
			continue;
		cs_buf_printf(b, "%s%s", any ? ", " : "", targets[i].label);
		any = true;
	}
	if (!any)
		cs_buf_adds(b, "nothing yet");
}

static const char *scope_phrase(cs_scope s)
{
	switch (s) {
	case CS_SCOPE_FINAL_STAGE:
		return "looks at the final stage";
	case CS_SCOPE_EVERY_STAGE:
		return "looks at every stage";
	case CS_SCOPE_CONTAINER:
		return "looks at each Compose service and Kubernetes container";
	case CS_SCOPE_OBJECT:
		return "looks at each Kubernetes object";
	case CS_SCOPE_SERVICE:
		return "looks at each Compose service";
	case CS_SCOPE_SCAN_SET:
		return "looks at each object against every file scanned";
	case CS_SCOPE_IMAGE:
		return "looks at an image: its config, build history and files";
	case CS_SCOPE_FILE:
		break;
	}
	return "looks at the whole file";
}

static const char *fence_lang(const cs_rule *r)
{
	if (r->targets & CS_TARGET_DOCKERFILE)
		return "dockerfile";
	if (r->targets & (CS_TARGET_COMPOSE | CS_TARGET_K8S))
		return "yaml";
	return "";
}

/* ---- customs rules (text) ------------------------------------------------ */

bool cs_rules_write_text(cs_buf *out)
{
	size_t n, idw = 0;
	const cs_rule *const *all = cs_rules_all(&n);
	for (size_t i = 0; i < n; i++)
		if (strlen(all[i]->id) > idw)
			idw = strlen(all[i]->id);
	for (size_t i = 0; i < n; i++) {
		const cs_rule *r = all[i];
		cs_buf_printf(out, "%-*s  %-8s  %-11s  %s\n", (int)idw, r->id,
			      cs_severity_name(r->severity),
			      cs_scope_name(r->scope), s_or_empty(r->title));
	}
	return !out->failed;
}

/* ---- customs rules --format json ----------------------------------------- */

static void rule_json(cs_jw *w, const cs_rule *r)
{
	cs_jw_object(w, NULL);
	cs_jw_str(w, "id", cs_rep_str(r->id));
	cs_jw_str(w, "title", cs_rep_str(r->title));
	cs_jw_str(w, "severity", cs_severity_name(r->severity));
	cs_jw_array(w, "targets");
	for (size_t i = 0; i < NTARGETS; i++)
		if (r->targets & targets[i].bit)
			cs_jw_str(w, NULL, targets[i].key);
	cs_jw_end(w);
	cs_jw_str(w, "scope", cs_scope_name(r->scope));
	cs_jw_str(w, "rationale", cs_rep_str(r->rationale));
	cs_jw_str(w, "remediation", cs_rep_str(r->remediation));
	cs_jw_str(w, "example", cs_rep_str(r->example));
	cs_jw_object(w, "references");
	cs_jw_str(w, "cis", cs_rep_str(r->cis));
	cs_jw_str(w, "nist", cs_rep_str(r->nist));
	cs_jw_str(w, "owasp", cs_rep_str(r->owasp));
	cs_jw_str(w, "pss", cs_rep_str(r->pss));
	cs_jw_end(w);
	cs_jw_object(w, "equivalents");
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++)
		cs_jw_str(w, peers[i].key, cs_rep_str(peer_ids(r, i)));
	cs_jw_end(w);
	cs_jw_strf(w, "help_uri", "%s%s", CS_DOCS_BASE, r->id);
	cs_jw_end(w);
}

bool cs_rules_write_json(cs_buf *out)
{
	size_t n;
	const cs_rule *const *all = cs_rules_all(&n);
	cs_jw w;
	cs_jw_init(&w, out);
	cs_jw_array(&w, NULL);
	for (size_t i = 0; i < n; i++)
		rule_json(&w, all[i]);
	cs_jw_end(&w);
	cs_buf_addc(out, '\n');
	return cs_jw_ok(&w) && !out->failed;
}

/* ---- docs/rules/README.md ----------------------------------------------- */

/* A table cell: one line, pipes escaped. */
static void add_cell(cs_buf *b, const char *s)
{
	for (const char *p = s_or_empty(s); *p; p++) {
		if (*p == '|')
			cs_buf_adds(b, "\\|");
		else if (*p == '\n' || *p == '\r' || *p == '\t')
			cs_buf_addc(b, ' ');
		else
			cs_buf_addc(b, *p);
	}
}

bool cs_rules_write_markdown(cs_buf *out)
{
	size_t n;
	const cs_rule *const *all = cs_rules_all(&n);
	cs_buf_adds(out,
		    "# Rules\n\n"
		    "Generated from the rule table by `make docs`; do not "
		    "edit.\n\n");
	cs_buf_printf(out,
		      "%zu rule%s.  Each page says why the rule matters, how "
		      "to fix what it finds,\nand which hadolint, Trivy, "
		      "Checkov and KICS checks it replaces.\n\n",
		      n, n == 1 ? "" : "s");
	cs_buf_adds(out, "| rule | severity | applies to | scope | title |\n"
			 "|---|---|---|---|---|\n");
	cs_buf tmp;
	cs_buf_init(&tmp, 0);
	for (size_t i = 0; i < n; i++) {
		const cs_rule *r = all[i];
		cs_buf_adds(out, "| [");
		add_cell(out, r->id);
		cs_buf_adds(out, "](");
		add_cell(out, r->id);
		cs_buf_printf(out, ".md) | %s | ",
			      cs_severity_name(r->severity));
		cs_buf_reset(&tmp);
		add_applies(&tmp, r);
		add_cell(out, tmp.data);
		cs_buf_printf(out, " | %s | ", cs_scope_name(r->scope));
		add_cell(out, r->title);
		cs_buf_adds(out, " |\n");
	}
	if (tmp.failed)
		out->failed = true;
	cs_buf_free(&tmp);
	return !out->failed;
}

/* ---- one rule's page ---------------------------------------------------- */

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Fill a paragraph to WRAP columns after `indent` spaces.  A blank line in
 * the source starts a new paragraph; other whitespace runs fold to one
 * space.  A word longer than the line gets a line of its own.
 */
static void add_wrapped(cs_buf *b, const char *text, size_t indent)
{
	const char *p = s_or_empty(text);
	size_t col = 0;
	while (*p) {
		size_t newlines = 0;
		while (ws(*p))
			newlines += *p++ == '\n';
		if (!*p)
			break;
		const char *w = p;
		while (*p && !ws(*p))
			p++;
		size_t wl = (size_t)(p - w);
		if (col > 0 && newlines >= 2) {
			cs_buf_adds(b, "\n\n");
			col = 0;
		} else if (col > 0 && col + 1 + wl > WRAP) {
			cs_buf_addc(b, '\n');
			col = 0;
		} else if (col > 0) {
			cs_buf_addc(b, ' ');
			col++;
		}
		if (col == 0) {
			cs_buf_printf(b, "%*s", (int)indent, "");
			col = indent;
		}
		cs_buf_add(b, w, wl);
		col += wl;
	}
	if (col > 0)
		cs_buf_addc(b, '\n');
}

/* Verbatim lines, each indented (the plain-text form of a code block). */
static void add_indented(cs_buf *b, const char *text, size_t indent)
{
	const char *p = s_or_empty(text);
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n)
			cs_buf_printf(b, "%*s", (int)indent, "");
		cs_buf_add(b, p, n);
		cs_buf_addc(b, '\n');
		p += n + (e != NULL);
	}
}

static void doc_markdown(cs_buf *b, const cs_rule *r)
{
	cs_buf_printf(b, "# %s: %s\n\n", r->id, s_or_empty(r->title));
	cs_buf_printf(b, "- Severity: **%s**\n- Applies to: ",
		      cs_severity_name(r->severity));
	add_applies(b, r);
	cs_buf_printf(b, "\n- Scope: %s\n\n", scope_phrase(r->scope));
	cs_buf_printf(b, "## Rationale\n\n%s\n\n", s_or_empty(r->rationale));
	cs_buf_printf(b, "## Remediation\n\n%s\n\n",
		      s_or_empty(r->remediation));
	if (r->example && *r->example) {
		cs_buf_adds(b, "## Example\n\n");
		cs_rep_add_fenced(b, r->example, fence_lang(r));
		cs_buf_adds(b, "\n\n");
	}
	cs_buf_adds(b, "## References\n\n");
	const char *refs[4];
	cs_buf pss;
	cs_buf_init(&pss, 256);
	size_t nrefs = rule_refs(r, refs, &pss);
	for (size_t i = 0; i < nrefs; i++)
		cs_buf_printf(b, "- %s\n", refs[i]);
	cs_buf_free(&pss);
	bool any;
	cs_buf_adds(b, nrefs ? "\n" : "None.\n\n");
	cs_buf_adds(b, "## Equivalent rules\n\n");
	any = false;
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		const char *ids = peer_ids(r, i);
		if (*ids) {
			cs_buf_printf(b, "- %s: %s\n", peers[i].label, ids);
			any = true;
		}
	}
	cs_buf_adds(b, any ? "" : "None.\n");
}

static void doc_text(cs_buf *b, const cs_rule *r)
{
	cs_buf_printf(b, "%s: %s\n\n", r->id, s_or_empty(r->title));
	cs_buf_printf(b, "Severity:    %s\nApplies to:  ",
		      cs_severity_name(r->severity));
	add_applies(b, r);
	cs_buf_printf(b, "\nScope:       %s\nHelp:        %s%s\n",
		      scope_phrase(r->scope), CS_DOCS_BASE, r->id);
	cs_buf_adds(b, "\nRationale\n");
	add_wrapped(b, r->rationale, 2);
	cs_buf_adds(b, "\nRemediation\n");
	add_wrapped(b, r->remediation, 2);
	if (r->example && *r->example) {
		cs_buf_adds(b, "\nExample\n");
		add_indented(b, r->example, 4);
	}
	cs_buf_adds(b, "\nReferences\n");
	const char *refs[4];
	cs_buf pss;
	cs_buf_init(&pss, 256);
	size_t nrefs = rule_refs(r, refs, &pss);
	for (size_t i = 0; i < nrefs; i++)
		cs_buf_printf(b, "  %s\n", refs[i]);
	cs_buf_free(&pss);
	bool any;
	if (!nrefs)
		cs_buf_adds(b, "  none\n");
	cs_buf_adds(b, "\nEquivalent rules\n");
	any = false;
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		const char *ids = peer_ids(r, i);
		if (*ids) {
			cs_buf_printf(b, "  %-11s %s\n", peers[i].label, ids);
			any = true;
		}
	}
	if (!any)
		cs_buf_adds(b, "  none\n");
}

bool cs_rule_write_doc(cs_buf *out, const cs_rule *r, bool markdown)
{
	if (!r) {
		out->failed = true;
		return false;
	}
	if (markdown)
		doc_markdown(out, r);
	else
		doc_text(out, r);
	return !out->failed;
}
