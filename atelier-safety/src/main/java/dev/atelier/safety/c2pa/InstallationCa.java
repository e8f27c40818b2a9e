package dev.atelier.safety.c2pa;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * Makes an installation's own certificate authority and the signing certificate it issues, following the C2PA
 * specification's certificate profile ("Trust model: certificate profile"): X.509 v3, ECDSA P-256 with SHA-256,
 * subject and authority key identifiers, a critical key usage (the signer's {@code digitalSignature} only), and for the
 * signer a critical non-CA basic constraint and the extended key usages {@code id-kp-emailProtection} and
 * {@code id-kp-documentSigning} (both on C2PA's list; no {@code anyExtendedKeyUsage}).
 *
 * @param ca     the self-signed root, the trust anchor to give verifiers
 * @param signer the end-entity certificate, issued by {@code ca}
 * @param key    the signer's key pair
 */
record InstallationCa(X509Certificate ca, X509Certificate signer, KeyPair key) {
    private static final ASN1ObjectIdentifier DOCUMENT_SIGNING = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36");
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    private static final Duration SIGNER_VALIDITY = Duration.ofDays(10 * 365);
    // Back-dates notBefore so that a verifier whose clock is a little behind still accepts a fresh certificate.
    private static final Duration SKEW = Duration.ofHours(1);

    /** A new CA and signer; the CA's private key is used once, to issue the signer, and then forgotten. */
    static InstallationCa create(Instant now) {
        try {
            byte[] id = new byte[4];
            new SecureRandom().nextBytes(id);
            String installation = HexFormat.of().formatHex(id);
            KeyPair caKey = ecKey();
            KeyPair signerKey = ecKey();
            var utils = new JcaX509ExtensionUtils();
            var caName = new X500Name("CN=Atelier installation CA " + installation + ",O=Atelier");
            var signerName = new X500Name("CN=Atelier content credentials " + installation + ",O=Atelier");

            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(SKEW)),
                    Date.from(now.plus(CA_VALIDITY)), caName, caKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(caKey.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caKey.getPublic()));
            X509Certificate caCert = sign(ca, caKey);

            X509v3CertificateBuilder signer = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minus(SKEW)),
                    Date.from(now.plus(SIGNER_VALIDITY)), signerName, signerKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[]{
                            KeyPurposeId.id_kp_emailProtection, KeyPurposeId.getInstance(DOCUMENT_SIGNING)}))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(signerKey.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
            return new InstallationCa(caCert, sign(signer, caKey), signerKey);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the installation's signing certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    // Positive, at most 20 octets (RFC 5280, 4.1.2.2).
    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
