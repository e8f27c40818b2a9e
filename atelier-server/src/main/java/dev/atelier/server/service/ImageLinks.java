package dev.atelier.server.service;

import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.StoredImage;
import dev.atelier.server.store.UrlSigner;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a signed image link ({@code /v1/images/files/{id}.png?expires=..&sig=..}): the file name, expiry and
 * signature checked, the image looked up by id. Nothing from the link reaches the file system. The files endpoint
 * serves what it opens; the MCP edit tool takes such a link as its picture.
 */
public final class ImageLinks {
    /** The path of the files endpoint, before the file name. */
    public static final String FILES_PATH = "/v1/images/files/";
    private static final Pattern NAME = Pattern.compile("(img_[0-9a-f]{32})\\.(png|jpg|webp)");

    private final ImageStore images;
    private final UrlSigner signer;

    public ImageLinks(ImageStore images, UrlSigner signer) {
        this.images = images;
        this.signer = signer;
    }

    /**
     * The image a link's file name, {@code expires} and {@code sig} query values name, if the signature is right
     * and has not expired; empty for anything else (the caller cannot tell a forged link from an expired one).
     */
    public Optional<StoredImage> open(String name, String expires, String sig) {
        Matcher m = NAME.matcher(name == null ? "" : name);
        if (!m.matches()) return Optional.empty();
        long until;
        try {
            until = Long.parseLong(expires == null ? "" : expires);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!signer.verify(m.group(1), until, sig, System.currentTimeMillis() / 1000)) return Optional.empty();
        return images.find(m.group(1));
    }

    /** The stored file's bytes. */
    public byte[] bytes(StoredImage image) {
        return images.bytes(image);
    }
}
