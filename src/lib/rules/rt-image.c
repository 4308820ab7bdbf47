/*
 * rt-image.c - which image a container runs: its tag, its digest, its pull
 * policy and the registry it comes from.
 *
 * A container is only as trustworthy as the bytes it starts from, and a
 * reference that can move (no tag, `latest`, any tag at all without a
 * digest) lets those bytes change between two starts without a change to
 * the file.  References are split by the same helper as the Dockerfile's
 * FROM (image-ref.h), so `localhost:5000/app` is an untagged image on a
 * local registry, not the tag 5000 of `localhost`.
 *
 * A Compose service that builds (`build:`) names its own output with
 * `image:`; what it runs comes from the Dockerfile, whose FROM lines the
 * DF-FROM-* rules judge, so these rules do not apply to it.  Kubernetes
 * images are judged for every container: init and ephemeral containers run
 * code too.
 *
 * A reference still holding an unresolved Compose `${VAR}` in the part a
 * rule looks at (the tag for RT-IMAGE-TAG, the registry for RT-REGISTRY) is
 * "cannot tell": no finding.
 */
#include "registry.h"

#include <string.h>

#include "../config.h"
#include "image-ref.h"
#include "rt-util.h"

/* The image a rule can judge, or NULL: none written, or one that a
 * Compose service builds itself. */
static const char *judged_image(const cs_rt_spec *s)
{
	if (!s->image.v || !*s->image.v)
		return NULL;
	if (cs_rtu_compose(s) && s->builds)
		return NULL;
	return s->image.v;
}

/* The last path component of a reference, where the tag is. */
static const char *last_component(const char *ref)
{
	const char *at = strchr(ref, '@');
	const char *end = at ? at : ref + strlen(ref);
	const char *last = ref;
	for (const char *p = ref; p < end; p++)
		if (*p == '/')
			last = p + 1;
	return last;
}

/* Does the first component (the registry, when there is one) hold an
 * unresolved variable?  A reference without '/' is all first component. */
static bool registry_unresolved(const char *ref)
{
	const char *slash = strchr(ref, '/');
	for (const char *p = ref; *p && p != slash; p++)
		if (*p == '$')
			return true;
	return false;
}

/* ---- RT-IMAGE-TAG -------------------------------------------------------- */

static bool check_image_tag(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const char *ref = judged_image(s);
	if (!ref)
		return false;
	cs_image_ref r;
	if (strchr(ref, '@') || cs_rtu_unresolved(last_component(ref)) ||
	    !cs_image_ref_parse(ref, &r))
		return true;
	if (!r.tag || r.tag_len == 0)
		cs_rt_report(c, &s->image.loc, ref,
			     CS_RTU_WHO " runs image '%s' without a tag: it "
			     "gets whatever 'latest' is when it is pulled",
			     CS_RTU_WHO_ARGS(s), ref);
	else if (r.tag_len == 6 && strncmp(r.tag, "latest", 6) == 0)
		cs_rt_report(c, &s->image.loc, ref,
			     CS_RTU_WHO " runs image '%s': the 'latest' tag "
			     "moves",
			     CS_RTU_WHO_ARGS(s), ref);
	return true;
}

/* ---- RT-IMAGE-DIGEST ----------------------------------------------------- */

static bool check_image_digest(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const char *ref = judged_image(s);
	if (!ref)
		return false;
	/* A variable in the last component could hold "@sha256:...". */
	if (strchr(ref, '@') || cs_rtu_unresolved(last_component(ref)))
		return true;
	cs_rt_report(c, &s->image.loc, ref,
		     CS_RTU_WHO " runs image '%s', which is not pinned by "
		     "digest (@sha256:...)",
		     CS_RTU_WHO_ARGS(s), ref);
	return true;
}

/* ---- RT-PULL-POLICY ------------------------------------------------------ */

static bool check_pull_policy(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const char *ref = judged_image(s);
	if (!cs_rtu_k8s(s) || !ref)
		return false;
	/* Pinned by digest, the image on the node is the one written here,
	 * whatever the policy. */
	cs_image_ref r;
	if (strchr(ref, '@') || !cs_image_ref_parse(ref, &r))
		return true;
	const cs_rt_text *pp = &s->pull_policy;
	if (pp->v) {
		if (strcmp(pp->v, "Always") != 0)
			cs_rt_report(c, &pp->loc, pp->v,
				     CS_RTU_WHO " sets imagePullPolicy: %s: a "
				     "node may run a stale or unvetted copy "
				     "of '%s'",
				     CS_RTU_WHO_ARGS(s), pp->v, ref);
		return true;
	}
	/* Unset: Kubernetes defaults to Always for no tag or :latest (which
	 * RT-IMAGE-TAG reports), else to IfNotPresent. */
	bool latest = !r.tag || r.tag_len == 0 ||
		      (r.tag_len == 6 && strncmp(r.tag, "latest", 6) == 0);
	if (latest)
		return true;
	cs_rt_report(c, NULL, "imagePullPolicy",
		     CS_RTU_WHO " sets no imagePullPolicy: for the tagged "
		     "image '%s' Kubernetes defaults to IfNotPresent",
		     CS_RTU_WHO_ARGS(s), ref);
	return true;
}

/* ---- RT-REGISTRY --------------------------------------------------------- */

static bool check_registry(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_config *cfg = c->config;
	if (!cfg || cfg->ntrusted == 0)
		return false;
	const char *ref = judged_image(s);
	if (!ref)
		return false;
	cs_image_ref r;
	if (registry_unresolved(ref) || !cs_image_ref_parse(ref, &r) ||
	    cs_image_ref_trusted_by(&r, cfg))
		return true;
	cs_rt_report(c, &s->image.loc, ref,
		     CS_RTU_WHO " runs image '%s' from '%s/%s', which is not "
		     "in trusted-registries",
		     CS_RTU_WHO_ARGS(s), ref, r.registry, r.path);
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-IMAGE-TAG",
		.title = "Container image without a tag or with :latest",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"An untagged reference means `latest`, and `latest` "
			"is whatever was pushed last: two nodes, or two "
			"restarts, can run different code from the same "
			"file, a rollback has nothing to roll back to, and "
			"a compromised push is picked up silently.  A "
			"reference pinned by digest passes whatever its "
			"tag.  The registry part is told from the tag the "
			"way docker does (`localhost:5000/app` has no "
			"tag).  Compose services that build their image "
			"are left to the DF-FROM-* rules; a tag left to an "
			"unset ${VAR} is not judged.",
		.remediation =
			"Pin a specific version tag, and better a digest "
			"(RT-IMAGE-DIGEST).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2",
		.cis = "CIS Docker 1.6 4.2",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "",
		.trivy = "KSV-0013",
		.checkov = "CKV_K8S_14",
		.kics = "Invalid Image",
		.kube_linter = "latest-tag",
		.pss = "",
		.check_rt = check_image_tag,
	},
	{
		.id = "RT-IMAGE-DIGEST",
		.title = "Container image not pinned by digest",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A tag is a pointer that the registry, or whoever "
			"can push to it, can move; only a digest "
			"(`@sha256:...`) names fixed bytes, and admission "
			"policies that verify signatures need one.  Low "
			"because a well-run registry with immutable tags "
			"gives most of the benefit, and digests need a "
			"tool (Renovate, Dependabot) to keep them current.  "
			"Compose services that build their image are left "
			"to DF-FROM-DIGEST.",
		.remediation =
			"Reference the image by digest, keeping the tag for "
			"readers: `app:1.4.2@sha256:<digest>`.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2@sha256:"
			"<digest>\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2@sha256:"
			"<digest>",
		.cis = "CIS Kubernetes 1.8 5.5.1",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_43",
		.kics = "Image Without Digest",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_image_digest,
	},
	{
		.id = "RT-PULL-POLICY",
		.title = "Kubernetes imagePullPolicy is not Always",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"With IfNotPresent or Never a node runs whatever "
			"copy of the tag it has cached: a moved tag is not "
			"picked up, and a pod can start a private image "
			"another tenant pulled without presenting pull "
			"credentials.  Always asks the registry on every "
			"start (only the manifest is fetched when the image "
			"is current).  The rule is disputed (it adds a "
			"registry dependency to every start), hence low, "
			"and a reference pinned by digest passes whatever "
			"its policy, since the node cannot run other bytes; "
			"cluster-wide, the AlwaysPullImages admission "
			"plugin is the stronger control.  An unset policy "
			"is reported only when Kubernetes would default it "
			"to IfNotPresent (a tag other than latest).",
		.remediation =
			"Set `imagePullPolicy: Always`, or pin the image by "
			"digest.",
		.example =
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    imagePullPolicy: Always",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_15",
		.kics = "Image Pull Policy Of The Container Is Not Set To "
			"Always",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_pull_policy,
	},
	{
		.id = "RT-REGISTRY",
		.title = "Container image from a registry that is not trusted",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Images pulled from registries nobody vetted are "
			"code from strangers: typo-squatted names, "
			"abandoned repositories and compromised accounts "
			"on public registries are a known supply-chain "
			"path.  The rule applies only when the project "
			"lists its registries (`trusted-registries` in "
			".customs.yaml, as for DF-FROM-REGISTRY); an entry "
			"is a registry host (docker.io, a glob such as "
			"*.gcr.io) or a host/path prefix (ghcr.io/acme).  "
			"References are normalized as docker does "
			"(`nginx` is docker.io/library/nginx).  Compose "
			"services that build their image are left to "
			"DF-FROM-REGISTRY; a registry left to an unset "
			"${VAR} is not judged.",
		.remediation =
			"Mirror the image into a trusted registry and "
			"reference it there, or add the registry to "
			"trusted-registries after review.",
		.example =
			"# .customs.yaml: trusted-registries: "
			"[registry.example.com]\n"
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2",
		.cis = "CIS Docker 1.6 4.2",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "",
		.trivy = "KSV-0125,KSV-0034",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_registry,
	},
};

const cs_rule_family cs_family_rt_image = {"rt-image", rows, CS_COUNT(rows)};
