package dev.atelier.safety.c2pa;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Reads and checks the content credentials of a PNG, JPEG or WebP: finds the manifest store, takes its active (last)
 * manifest, and checks the claim's signature, every assertion's hash, the data hash over the file's current bytes,
 * and the signer's chain up to one of the trust anchors (e.g. the installation CA). Thread-safe.
 */
public final class CredentialReader {
    private final List<X509Certificate> trustAnchors;

    /** A reader that trusts signers whose chain leads to one of {@code trustAnchors}. */
    public CredentialReader(List<X509Certificate> trustAnchors) {
        this.trustAnchors = List.copyOf(trustAnchors);
    }

    /** A reader that trusts {@code identity}'s anchor (none, for an operator chain without a root). */
    public static CredentialReader trusting(SigningIdentity identity) {
        return new CredentialReader(identity.trustAnchor().stream().toList());
    }

    /** The report on {@code file}: {@link CredentialReport.Status#NONE} for a file without a manifest or of another format. */
    public CredentialReport read(byte[] file) {
        Optional<Container.Embedded> embedded = Container.detect(file).flatMap(c -> c.find(file));
        if (embedded.isEmpty()) return CredentialReport.none();
        var problems = new ArrayList<String>();
        try {
            return check(file, embedded.get(), problems);
        } catch (IllegalArgumentException e) {
            problems.add("manifest unreadable: " + e.getMessage());
            return new CredentialReport(CredentialReport.Status.INVALID, problems, null, null, List.of(), null, null);
        }
    }

    private CredentialReport check(byte[] file, Container.Embedded embedded, List<String> problems) {
        Jumbf.SuperBox store = Jumbf.parse(embedded.store());
        List<Jumbf.SuperBox> manifests = store.boxes().stream().filter(b -> b.kind().equals(Jumbf.MANIFEST)).toList();
        if (!store.kind().equals(Jumbf.MANIFEST_STORE) || manifests.isEmpty()) throw new IllegalArgumentException("no manifest in the store");
        Jumbf.SuperBox manifest = manifests.getLast();
        Jumbf.SuperBox claimBox = manifest.boxes().stream().filter(b -> b.kind().equals(Jumbf.CLAIM)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("manifest has no claim"));
        Jumbf.SuperBox signatureBox = manifest.child(Manifests.SIGNATURE);
        Jumbf.SuperBox assertions = manifest.child(Manifests.ASSERTIONS);
        byte[] claimBytes = claimBox.content("cbor");
        if (signatureBox == null || assertions == null || claimBytes == null) throw new IllegalArgumentException("manifest lacks a signature or assertion store");
        JsonNode claim = Cbor.decode(claimBytes);
        CoseSign1 signature = CoseSign1.decode(signatureBox.content("cbor"));

        if (!signature.verifies(claimBytes)) problems.add("signature invalid");
        checkTrust(signature.chain(), problems);
        checkAssertionHashes(claim, assertions, problems);
        checkDataHash(file, embedded, assertions, problems);

        JsonNode actions = actions(assertions);
        var status = problems.isEmpty() ? CredentialReport.Status.VALID : CredentialReport.Status.INVALID;
        return new CredentialReport(status, problems, text(claim.get("dc:title")), generator(claim), actionList(actions),
                model(actions), signature.chain().getFirst().getSubjectX500Principal().getName());
    }

    private void checkTrust(List<X509Certificate> chain, List<String> problems) {
        Date now = Date.from(Instant.now());
        try {
            for (X509Certificate c : chain) c.checkValidity(now);
        } catch (CertificateException e) {
            problems.add("signing certificate expired or not yet valid");
            return;
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            if (!issued(chain.get(i + 1), chain.get(i))) {
                problems.add("certificate chain broken");
                return;
            }
        }
        X509Certificate top = chain.getLast();
        boolean trusted = trustAnchors.stream().anyMatch(anchor -> issued(anchor, top) || anchor.equals(top));
        if (!trusted) problems.add("untrusted signer");
    }

    private static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) return false;
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void checkAssertionHashes(JsonNode claim, Jumbf.SuperBox assertions, List<String> problems) {
        var uris = new ArrayList<JsonNode>();
        for (String field : List.of("created_assertions", "gathered_assertions", "assertions")) {
            if (claim.has(field)) claim.get(field).forEach(uris::add);
        }
        for (JsonNode uri : uris) {
            String url = text(uri.get("url"));
            String label = url == null ? "" : url.substring(url.lastIndexOf('/') + 1);
            Jumbf.SuperBox box = assertions.child(label);
            if (box == null) {
                problems.add("assertion missing: " + label);
            } else if (!Arrays.equals(bytes(uri.get("hash")), Manifests.sha256(box.payload(), 0, box.payload().length))) {
                problems.add("assertion hash mismatch: " + label);
            }
        }
    }

    private static void checkDataHash(byte[] file, Container.Embedded embedded, Jumbf.SuperBox assertions, List<String> problems) {
        Jumbf.SuperBox box = assertions.child(Manifests.DATA_HASH);
        if (box == null) {
            problems.add("no data hash (c2pa.hash.data) assertion");
            return;
        }
        JsonNode hash = Cbor.decode(box.content("cbor"));
        var excluded = new ArrayList<long[]>();
        if (hash.has("exclusions")) {
            for (JsonNode e : hash.get("exclusions")) excluded.add(new long[]{e.path("start").asLong(), e.path("length").asLong()});
        }
        excluded.sort((a, b) -> Long.compare(a[0], b[0]));
        boolean coversManifest = excluded.stream()
                .anyMatch(e -> e[0] <= embedded.start() && e[0] + e[1] >= embedded.start() + embedded.length());
        if (!coversManifest) problems.add("data hash exclusion does not cover the manifest");
        MessageDigest digest = Manifests.sha256();
        long at = 0;
        for (long[] e : excluded) {
            if (e[0] < at || e[0] + e[1] > file.length) {
                problems.add("data hash exclusions out of range");
                return;
            }
            digest.update(file, (int) at, (int) (e[0] - at));
            at = e[0] + e[1];
        }
        digest.update(file, (int) at, (int) (file.length - at));
        if (!Arrays.equals(digest.digest(), bytes(hash.get("hash")))) problems.add("data hash mismatch");
    }

    private static JsonNode actions(Jumbf.SuperBox assertions) {
        for (String label : List.of(Manifests.ACTIONS, "c2pa.actions")) {
            Jumbf.SuperBox box = assertions.child(label);
            if (box != null && box.content("cbor") != null) return Cbor.decode(box.content("cbor")).path("actions");
        }
        return null;
    }

    private static List<CredentialReport.Action> actionList(JsonNode actions) {
        var out = new ArrayList<CredentialReport.Action>();
        if (actions == null) return out;
        for (JsonNode a : actions) {
            if (text(a.get("action")) == null) continue;
            JsonNode agent = a.get("softwareAgent");
            String agentText = agent == null ? null : agent.isTextual() ? agent.asText() : join(agent);
            out.add(new CredentialReport.Action(a.get("action").asText(), text(a.get("digitalSourceType")), agentText));
        }
        return out;
    }

    private static String model(JsonNode actions) {
        if (actions == null) return null;
        for (JsonNode a : actions) {
            if (Manifests.CREATED.equals(text(a.get("action")))) return text(a.path("parameters").get(Manifests.MODEL_PARAMETER));
        }
        return null;
    }

    private static String generator(JsonNode claim) {
        JsonNode info = claim.get("claim_generator_info");
        if (info != null && info.isArray() && !info.isEmpty()) info = info.get(0);
        if (info != null && info.isObject()) return join(info);
        return text(claim.get("claim_generator"));
    }

    private static String join(JsonNode generatorInfo) {
        String name = text(generatorInfo.get("name"));
        String version = text(generatorInfo.get("version"));
        return version == null ? name : name + " " + version;
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node == null ? new byte[0] : node.binaryValue();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
