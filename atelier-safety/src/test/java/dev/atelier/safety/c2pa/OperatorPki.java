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
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * An operator's PKI made with BouncyCastle for the tests, as a company CA would issue it: a root, an intermediate,
 * and a document-signing certificate.
 *
 * @param root         the self-signed root
 * @param intermediate the CA the root issued
 * @param signer       the end-entity certificate the intermediate issued
 * @param signerKey    the signer's key pair
 */
record OperatorPki(X509Certificate root, X509Certificate intermediate, X509Certificate signer, KeyPair signerKey) {

    static OperatorPki create() throws Exception {
        Instant now = Instant.now();
        KeyPair rootKey = ecKey();
        KeyPair intermediateKey = ecKey();
        KeyPair signerKey = ecKey();
        var utils = new JcaX509ExtensionUtils();
        var rootName = new X500Name("CN=Example Root,O=Example Studio");
        var intermediateName = new X500Name("CN=Example Issuing CA,O=Example Studio");

        X509Certificate root = sign(new JcaX509v3CertificateBuilder(rootName, BigInteger.valueOf(1), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(365))), rootName, rootKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(rootKey.getPublic())), rootKey);
        X509Certificate intermediate = sign(new JcaX509v3CertificateBuilder(root, BigInteger.valueOf(2), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(365))), intermediateName, intermediateKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(intermediateKey.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(root)), rootKey);
        X509Certificate signer = sign(new JcaX509v3CertificateBuilder(intermediate, BigInteger.valueOf(3), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=Example Studio images,O=Example Studio"), signerKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.3.36"))))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(signerKey.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(intermediate)), intermediateKey);
        return new OperatorPki(root, intermediate, signer, signerKey);
    }

    /** The chain as an operator's PEM file would list it: signer, intermediate, root. */
    List<X509Certificate> fullChain() {
        return List.of(signer, intermediate, root);
    }

    private static KeyPair ecKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }
}
