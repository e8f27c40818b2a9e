package dev.atelier.safety.c2pa;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** PEM files (RFC 7468) of certificates and private keys, through BouncyCastle's parser and writer. */
final class Pem {
    private Pem() {
    }

    /** The certificates in a PEM file, in file order. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        var out = new ArrayList<X509Certificate>();
        try (var parser = new PEMParser(new StringReader(Files.readString(file)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) out.add(new JcaX509CertificateConverter().getCertificate(holder));
            }
        } catch (CertificateException e) {
            throw new IOException(file + ": unreadable certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IOException(file + ": no CERTIFICATE block");
        return out;
    }

    /** The private key in a PEM file: PKCS#8 ({@code PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}), unencrypted. */
    static PrivateKey privateKey(Path file) throws IOException {
        var converter = new JcaPEMKeyConverter();
        try (var parser = new PEMParser(new StringReader(Files.readString(file)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                switch (o) {
                    case PrivateKeyInfo info -> { return converter.getPrivateKey(info); }
                    case PEMKeyPair pair -> { return converter.getPrivateKey(pair.getPrivateKeyInfo()); }
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
                    case PEMEncryptedKeyPair ignored -> throw encrypted(file);
                    default -> { }
                }
            }
        }
        throw new IOException(file + ": no PRIVATE KEY or EC PRIVATE KEY block");
    }

    private static IOException encrypted(Path file) {
        return new IOException(file + ": the private key is encrypted; give an unencrypted PEM key (openssl pkcs8 -nocrypt) or a PKCS#12 file with its password");
    }

    /** PEM text of a private key in PKCS#8 ({@code PRIVATE KEY}). */
    static String encodePkcs8(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException("PKCS#8 encoding failed: " + e.getMessage(), e);
        }
    }

    /** PEM text of certificates and keys, one block each. */
    static String encode(Object... objects) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            for (Object o : objects) writer.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
