package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningIdentityTest {
    @TempDir
    Path folder;

    @Test
    void loadOrCreateMakesAnIdentityOnceAndReusesIt() {
        SigningIdentity first = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
        SigningIdentity second = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.trustAnchor()).isEqualTo(first.trustAnchor());
        assertThat(second.describe()).contains("installation identity", "Atelier content credentials", "Atelier installation CA");
    }

    @Test
    void theInstallationFilesAreReadableByTheOwnerOnly() throws Exception {
        Path c2pa = folder.resolve("c2pa");
        SigningIdentity.loadOrCreate(c2pa);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c2pa))).isEqualTo("rwx------");
        for (String file : List.of(SigningIdentity.CA_FILE, SigningIdentity.CHAIN_FILE, SigningIdentity.KEY_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c2pa.resolve(file)))).as(file).isEqualTo("rw-------");
        }
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c2pa");  // no staging left behind
        }
    }

    @Test
    void theInstallationSignerFollowsTheC2paCertificateProfile() throws Exception {
        SigningIdentity identity = SigningIdentity.loadOrCreate(folder.resolve("c2pa"));
        X509Certificate signer = identity.certificate();
        X509Certificate ca = identity.trustAnchor().orElseThrow();

        assertThat(identity.chain()).containsExactly(signer);  // the root is the verifier's to supply
        assertThat(signer.getVersion()).isEqualTo(3);
        assertThat(signer.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(signer.getBasicConstraints()).isEqualTo(-1);
        assertThat(signer.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(signer.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(signer.getCriticalExtensionOIDs()).contains("2.5.29.15", "2.5.29.19");
        assertThat(signer.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36");
        assertThat(signer.getNonCriticalExtensionOIDs()).contains("2.5.29.14", "2.5.29.35");  // SKI, AKI
        signer.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(identity.trustAnchorPem().orElseThrow()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void anOperatorsPemKeyAndChainLoadWithTheSelfSignedRootAsTrustAnchor() throws Exception {
        OperatorPki pki = OperatorPki.create();
        Path key = write("key.pem", new JcaPKCS8Generator(pki.signerKey().getPrivate(), null));
        Path chain = write("chain.pem", pki.fullChain().toArray());

        SigningIdentity identity = SigningIdentity.fromPem(key, chain);

        assertThat(identity.chain()).containsExactly(pki.signer(), pki.intermediate());
        assertThat(identity.trustAnchor()).contains(pki.root());
        assertThat(identity.describe()).contains("operator certificate", "Example Studio images");
    }

    @Test
    void anOperatorsPkcs12FileLoadsWithItsPassword() throws Exception {
        OperatorPki pki = OperatorPki.create();
        char[] password = "correct horse".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("images", pki.signerKey().getPrivate(), password, pki.fullChain().toArray(Certificate[]::new));
        Path p12 = folder.resolve("operator.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, password);
        }

        SigningIdentity identity = SigningIdentity.fromPkcs12(p12, password);

        assertThat(identity.certificate()).isEqualTo(pki.signer());
        assertThat(identity.trustAnchor()).contains(pki.root());
        assertThatThrownBy(() -> SigningIdentity.fromPkcs12(p12, "wrong".toCharArray())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("operator.p12");
    }

    @Test
    void anOperatorKeyThatIsNotTheCertificatesIsRefusedNamingTheFile() throws Exception {
        OperatorPki pki = OperatorPki.create();
        OperatorPki other = OperatorPki.create();
        Path key = write("key.pem", new JcaPKCS8Generator(other.signerKey().getPrivate(), null));
        Path chain = write("chain.pem", pki.fullChain().toArray());

        assertThatThrownBy(() -> SigningIdentity.fromPem(key, chain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chain.pem").hasMessageContaining("does not belong");
    }

    @Test
    void anOperatorsChainSignsImagesThatTheReferenceImplementationTrustsUnderTheOperatorsRoot() throws Exception {
        OperatorPki pki = OperatorPki.create();
        SigningIdentity identity = SigningIdentity.fromPem(write("key.pem", new JcaPKCS8Generator(pki.signerKey().getPrivate(), null)),
                write("chain.pem", pki.fullChain().toArray()));
        byte[] signed = new ContentCredentials(identity).sign(TestImages.encode(TestImages.gradient(), ImageFormat.PNG),
                ImageFormat.PNG, TestImages.INFO);

        C2paWasm.Report report = C2paWasm.verify(signed, pki.root(), folder);

        assertThat(report.failures()).as(report.raw()).isEmpty();
        assertThat(report.state()).isEqualTo("Trusted");
        assertThat(new CredentialReader(List.of(pki.root())).read(signed).valid()).isTrue();
    }

    private Path write(String name, Object... objects) throws Exception {
        var text = new StringWriter();
        try (var pem = new JcaPEMWriter(text)) {
            for (Object o : objects) pem.writeObject(o);
        }
        return Files.writeString(folder.resolve(name), text.toString());
    }
}
