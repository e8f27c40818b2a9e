package dev.atelier.safety.c2pa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parts of a C2PA manifest store as Atelier writes them (C2PA specification 2.x, claim v2): a store
 * ({@code c2pa}) with one manifest ({@code urn:c2pa:UUID}) holding an assertion store with {@code c2pa.actions.v2}
 * and {@code c2pa.hash.data}, the claim {@code c2pa.claim.v2}, and the signature {@code c2pa.signature}.
 */
final class Manifests {
    static final String ACTIONS = "c2pa.actions.v2";
    static final String DATA_HASH = "c2pa.hash.data";
    static final String ASSERTIONS = "c2pa.assertions";
    static final String CLAIM = "c2pa.claim.v2";
    static final String SIGNATURE = "c2pa.signature";
    static final String CREATED = "c2pa.created";
    /** IPTC's digital source type for media made by a trained model. */
    static final String TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
    /** The action parameter that names the model (a reverse-domain key, as C2PA asks of custom fields). */
    static final String MODEL_PARAMETER = "dev.atelier.model";

    private Manifests() {
    }

    /** A fresh manifest label. */
    static String newLabel() {
        return "urn:c2pa:" + UUID.randomUUID();
    }

    /** The {@code c2pa.actions.v2} assertion's CBOR: one {@code c2pa.created} action. */
    static byte[] actions(CreationInfo info) {
        var action = new LinkedHashMap<String, Object>();
        action.put("action", CREATED);
        action.put("when", DateTimeFormatter.ISO_INSTANT.format(info.created()));
        action.put("softwareAgent", generatorInfo(info.agent()));
        action.put("digitalSourceType", TRAINED_ALGORITHMIC_MEDIA);
        if (info.model() != null) action.put("parameters", Map.of(MODEL_PARAMETER, info.model()));
        return Cbor.encode(Map.of("actions", List.of(action)));
    }

    /**
     * The {@code c2pa.hash.data} assertion's CBOR: SHA-256 of the file without {@code [start, start + length)}, and
     * {@code pad} zero bytes in its {@code pad} field (which lets the signer set the manifest's length).
     */
    static byte[] dataHash(byte[] sha256, long start, long length, int pad) {
        var hash = new LinkedHashMap<String, Object>();
        hash.put("exclusions", List.of(Map.of("start", start, "length", length)));
        hash.put("name", "jumbf manifest");
        hash.put("alg", "sha256");
        hash.put("hash", sha256);
        hash.put("pad", new byte[pad]);
        return Cbor.encode(hash);
    }

    /** An assertion's superbox: a CBOR content box labelled with the assertion's label. */
    static byte[] assertionBox(String label, byte[] cbor) {
        return Jumbf.superBox(Jumbf.CBOR, label, Jumbf.box("cbor", cbor));
    }

    /** The hashed URI of an assertion box: its URL and SHA-256 over the box's payload (the bytes after its header). */
    static Map<String, Object> hashedUri(String assertionLabel, byte[] assertionBox) {
        var uri = new LinkedHashMap<String, Object>();
        uri.put("url", "self#jumbf=" + ASSERTIONS + "/" + assertionLabel);
        uri.put("hash", sha256(assertionBox, 8, assertionBox.length - 8));
        return uri;
    }

    /** The claim's CBOR (v2 fields). */
    static byte[] claim(CreationInfo info, String manifestLabel, List<Map<String, Object>> createdAssertions) {
        var claim = new LinkedHashMap<String, Object>();
        claim.put("instanceID", "xmp:iid:" + UUID.randomUUID());
        claim.put("claim_generator_info", generatorInfo(info.agent()));
        claim.put("signature", "self#jumbf=/c2pa/" + manifestLabel + "/" + SIGNATURE);
        claim.put("created_assertions", createdAssertions);
        if (info.title() != null) claim.put("dc:title", info.title());
        claim.put("alg", "sha256");
        return Cbor.encode(claim);
    }

    /** The manifest store around one manifest. */
    static byte[] store(String manifestLabel, List<byte[]> assertionBoxes, byte[] claim, byte[] signature) {
        byte[] assertions = Jumbf.superBox(Jumbf.ASSERTION_STORE, ASSERTIONS, assertionBoxes.toArray(byte[][]::new));
        byte[] claimBox = Jumbf.superBox(Jumbf.CLAIM, CLAIM, Jumbf.box("cbor", claim));
        byte[] signatureBox = Jumbf.superBox(Jumbf.SIGNATURE, SIGNATURE, Jumbf.box("cbor", signature));
        byte[] manifest = Jumbf.superBox(Jumbf.MANIFEST, manifestLabel, assertions, claimBox, signatureBox);
        return Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", manifest);
    }

    static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Map<String, Object> generatorInfo(SoftwareAgent agent) {
        var info = new LinkedHashMap<String, Object>();
        info.put("name", agent.name());
        info.put("version", agent.version());
        return info;
    }
}
