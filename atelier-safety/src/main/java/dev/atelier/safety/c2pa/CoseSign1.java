package dev.atelier.safety.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A C2PA claim signature: a tagged COSE_Sign1 (RFC 9052) with a detached payload (the claim's CBOR), algorithm ES256
 * (-7) and the signer's certificate chain as {@code x5chain} (label 33, RFC 9360) in the protected header, as the C2PA
 * specification's "Digital signatures" chapter requires. The signature is ECDSA P-256 over SHA-256 in the raw
 * {@code r || s} form COSE uses. The unprotected header is empty (no time stamp: signing needs no network).
 *
 * @param protectedHeader the protected header's bytes, as signed
 * @param algorithm       the COSE algorithm identifier ({@link #ES256})
 * @param chain           the signer's certificate first, then its issuers
 * @param signature       the raw signature
 */
record CoseSign1(byte[] protectedHeader, int algorithm, List<X509Certificate> chain, byte[] signature) {
    /** COSE's ECDSA with SHA-256. */
    static final int ES256 = -7;
    private static final int ES256_SIGNATURE_BYTES = 64;
    private static final int ALG = 1;
    private static final int X5CHAIN = 33;
    private static final int SIGN1_TAG = 18;
    private static final String JCA_ES256 = "SHA256withECDSAinP1363Format";
    private static final CBORFactory FACTORY = new CBORFactory();

    CoseSign1 {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("a COSE signature needs the signer's certificate");
    }

    /** Signs {@code claim} with {@code key}, whose certificate is {@code chain}'s first. */
    static CoseSign1 sign(byte[] claim, PrivateKey key, List<X509Certificate> chain) {
        byte[] header = protectedHeader(chain);
        try {
            Signature s = Signature.getInstance(JCA_ES256);
            s.initSign(key);
            s.update(toBeSigned(header, claim));
            return new CoseSign1(header, ES256, chain, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed: " + e.getMessage(), e);
        }
    }

    /** A signature of the right size whose bytes are all zero: for sizing a manifest before signing it. */
    static CoseSign1 placeholder(List<X509Certificate> chain) {
        return new CoseSign1(protectedHeader(chain), ES256, chain, new byte[ES256_SIGNATURE_BYTES]);
    }

    /** Whether the signature is ES256 and verifies over {@code claim} with the first certificate's key. */
    boolean verifies(byte[] claim) {
        if (algorithm != ES256) return false;
        try {
            PublicKey key = chain.getFirst().getPublicKey();
            Signature s = Signature.getInstance(JCA_ES256);
            s.initVerify(key);
            s.update(toBeSigned(protectedHeader, claim));
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The tagged COSE_Sign1: [protected, unprotected {}, nil payload, signature]. */
    byte[] encode() {
        return write(g -> {
            g.writeTag(SIGN1_TAG);
            g.writeStartArray(null, 4);
            g.writeBinary(protectedHeader);
            g.writeStartObject(null, 0);
            g.writeEndObject();
            g.writeNull();
            g.writeBinary(signature);
            g.writeEndArray();
        });
    }

    /**
     * Reads a COSE_Sign1 (tagged or not) with {@code alg} and {@code x5chain} in its protected header (or, as older
     * signers put it, {@code x5chain} in the unprotected one).
     *
     * @throws IllegalArgumentException where the structure is not a COSE_Sign1 with a certificate chain
     */
    static CoseSign1 decode(byte[] cose) {
        JsonNode sign1 = Cbor.decode(cose);
        if (!sign1.isArray() || sign1.size() != 4 || !sign1.get(0).isBinary() || !sign1.get(3).isBinary()) {
            throw new IllegalArgumentException("not a COSE_Sign1 array of 4 items");
        }
        try {
            byte[] header = sign1.get(0).binaryValue();
            JsonNode protectedMap = header.length == 0 ? Cbor.decode(new byte[]{(byte) 0xa0}) : Cbor.decode(header);
            JsonNode alg = protectedMap.get(String.valueOf(ALG));
            JsonNode x5chain = protectedMap.has(String.valueOf(X5CHAIN))
                    ? protectedMap.get(String.valueOf(X5CHAIN)) : sign1.get(1).get(String.valueOf(X5CHAIN));
            if (alg == null || !alg.isInt()) throw new IllegalArgumentException("COSE protected header has no integer 'alg'");
            if (x5chain == null) throw new IllegalArgumentException("COSE header has no x5chain");
            return new CoseSign1(header, alg.asInt(), certificates(x5chain), sign1.get(3).binaryValue());
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable COSE_Sign1: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(JsonNode x5chain) throws IOException {
        var ders = new ArrayList<byte[]>();
        if (x5chain.isBinary()) ders.add(x5chain.binaryValue());
        else for (JsonNode n : x5chain) ders.add(n.binaryValue());
        var out = new ArrayList<X509Certificate>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : ders) out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("x5chain holds an unreadable certificate: " + e.getMessage(), e);
        }
        return out;
    }

    // {1: -7, 33: der} for one certificate, {1: -7, 33: [der, ...]} for a chain (RFC 9360).
    private static byte[] protectedHeader(List<X509Certificate> chain) {
        return write(g -> {
            g.writeStartObject(null, 2);
            g.writeFieldId(ALG);
            g.writeNumber(ES256);
            g.writeFieldId(X5CHAIN);
            if (chain.size() == 1) {
                g.writeBinary(der(chain.getFirst()));
            } else {
                g.writeStartArray(null, chain.size());
                for (X509Certificate c : chain) g.writeBinary(der(c));
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    // Sig_structure = ["Signature1", protected, external_aad = h'', payload] (RFC 9052, section 4.4).
    private static byte[] toBeSigned(byte[] header, byte[] payload) {
        return write(g -> {
            g.writeStartArray(null, 4);
            g.writeString("Signature1");
            g.writeBinary(header);
            g.writeBinary(new byte[0]);
            g.writeBinary(payload);
            g.writeEndArray();
        });
    }

    private static byte[] der(X509Certificate c) throws IOException {
        try {
            return c.getEncoded();
        } catch (CertificateException e) {
            throw new IOException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    private interface Writing {
        void to(CBORGenerator g) throws IOException;
    }

    private static byte[] write(Writing writing) {
        var out = new ByteArrayOutputStream();
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            writing.to(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
