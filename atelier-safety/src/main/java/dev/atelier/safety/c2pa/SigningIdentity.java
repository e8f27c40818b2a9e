package dev.atelier.safety.c2pa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Who signs content credentials: an ECDSA P-256 private key and its X.509 chain (signer first, then intermediates; the
 * root is left out, as verifiers take it from their trust list), and, where known, the root that verifiers should
 * trust. Either an installation's own identity, made on first start by {@link #loadOrCreate}, or an operator's
 * certificate ({@link #fromPem}, {@link #fromPkcs12}).
 */
public final class SigningIdentity {
    /** The installation CA's certificate in {@link #loadOrCreate}'s folder: the trust anchor to give verifiers. */
    public static final String CA_FILE = "ca.pem";
    /** The signer's certificate in {@link #loadOrCreate}'s folder. */
    public static final String CHAIN_FILE = "signer-chain.pem";
    /** The signer's private key (PKCS#8) in {@link #loadOrCreate}'s folder. */
    public static final String KEY_FILE = "signer-key.pem";

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final X509Certificate anchor;
    private final String source;

    private SigningIdentity(PrivateKey key, List<X509Certificate> chain, X509Certificate anchor, String source) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.anchor = anchor;
        this.source = source;
        checkKeyMatches();
    }

    /**
     * The installation's identity in {@code folder}: made on the first call (a new root CA and a signing certificate
     * it issues; the CA's private key is not kept), read back on later ones. The folder and its files are readable
     * by their owner only.
     *
     * @throws UncheckedIOException where the folder cannot be created or its files read
     */
    public static SigningIdentity loadOrCreate(Path folder) {
        try {
            if (!Files.exists(folder.resolve(KEY_FILE))) create(folder);
            X509Certificate ca = Pem.certificates(folder.resolve(CA_FILE)).getFirst();
            return new SigningIdentity(Pem.privateKey(folder.resolve(KEY_FILE)), Pem.certificates(folder.resolve(CHAIN_FILE)), ca,
                    "installation identity in " + folder);
        } catch (IOException e) {
            throw new UncheckedIOException("content credentials identity in " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * An operator's identity from PEM files: an unencrypted EC P-256 private key (PKCS#8 or SEC 1) and its chain,
     * signer first. A self-signed last certificate is taken as the trust anchor and left out of the signed chain.
     *
     * @throws UncheckedIOException     where a file cannot be read or holds no key or certificate
     * @throws IllegalArgumentException where the key is not P-256 or does not belong to the first certificate
     */
    public static SigningIdentity fromPem(Path key, Path chain) {
        try {
            return operator(Pem.privateKey(key), Pem.certificates(chain), "operator certificate " + chain);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * An operator's identity from a PKCS#12 file: its first private-key entry and that entry's chain.
     *
     * @throws UncheckedIOException     where the file cannot be read or the password is wrong
     * @throws IllegalArgumentException where it holds no private key, or the key is not P-256
     */
    public static SigningIdentity fromPkcs12(Path p12, char[] password) {
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.getKey(alias, password) instanceof PrivateKey key) {
                    var certs = new ArrayList<X509Certificate>();
                    for (Certificate c : store.getCertificateChain(alias)) certs.add((X509Certificate) c);
                    return operator(key, certs, "operator certificate " + p12 + " (" + alias + ")");
                }
            }
            throw new IllegalArgumentException(p12 + ": no private key entry");
        } catch (IOException e) {
            throw new UncheckedIOException(p12 + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(p12 + ": " + e.getMessage(), e);
        }
    }

    /** The certificates that go in a signature: the signer's first, then intermediates. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** The root that verifiers should trust (the installation CA), or empty where the operator's chain doesn't end in one. */
    public Optional<X509Certificate> trustAnchor() {
        return Optional.ofNullable(anchor);
    }

    /** {@link #trustAnchor()} as PEM text, to publish or to pass to a verifier's trust list. */
    public Optional<String> trustAnchorPem() {
        return trustAnchor().map(Pem::encode);
    }

    /** One line for logs: where the identity came from, its subject and expiry, and its trust anchor. */
    public String describe() {
        return source + ": " + certificate().getSubjectX500Principal().getName() + ", valid until "
                + certificate().getNotAfter().toInstant() + ", trust anchor "
                + (anchor == null ? "not known" : anchor.getSubjectX500Principal().getName());
    }

    PrivateKey key() {
        return key;
    }

    private static SigningIdentity operator(PrivateKey key, List<X509Certificate> certs, String source) {
        var chain = new ArrayList<>(certs);
        X509Certificate last = chain.getLast();
        X509Certificate anchor = null;
        if (chain.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            anchor = chain.removeLast();
        }
        return new SigningIdentity(key, chain, anchor, source);
    }

    // Fails early, naming the problem, rather than at the first image.
    private void checkKeyMatches() {
        if (!(key instanceof ECKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException(source + ": the private key must be ECDSA P-256 (ES256), got " + key.getAlgorithm());
        }
        try {
            byte[] probe = "atelier".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            s.initVerify(certificate().getPublicKey());
            s.update(probe);
            if (!s.verify(sig)) throw new IllegalArgumentException(source + ": the private key does not belong to the first certificate");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + ": the private key does not belong to the first certificate: " + e.getMessage(), e);
        }
    }

    // Writes into a fresh sibling folder, then moves it into place, so a crash leaves no half-made identity.
    private static void create(Path folder) throws IOException {
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, ".c2pa-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        InstallationCa made = InstallationCa.create(Instant.now());
        write(staging.resolve(CA_FILE), Pem.encode(made.ca()));
        write(staging.resolve(CHAIN_FILE), Pem.encode(made.signer()));
        write(staging.resolve(KEY_FILE), Pem.encodePkcs8(made.key().getPrivate()));
        if (!Files.exists(folder)) {
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // made meanwhile: fill it in below
            }
        }
        // An existing folder without a key holds no complete identity: replace what is there, the key last.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        for (String name : new String[]{CA_FILE, CHAIN_FILE, KEY_FILE}) {
            Files.move(staging.resolve(name), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.delete(staging);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    @Override
    public String toString() {
        return describe();
    }
}
