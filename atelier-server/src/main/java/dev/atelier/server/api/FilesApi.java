package dev.atelier.server.api;

import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.store.StoredImage;
import dev.atelier.server.store.ImageStore;
import dev.atelier.server.store.UrlSigner;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/images/files/{name}?expires=..&sig=..}: an image by signed, expiring link; no key needed. The
 * name is an image id looked up in the database; nothing from the request reaches the file system.
 */
public final class FilesApi {
    private static final Pattern NAME = Pattern.compile("(img_[0-9a-f]{32})\\.(png|jpg|webp)");

    private final ImageStore images;
    private final UrlSigner signer;

    public FilesApi(ImageStore images, UrlSigner signer) {
        this.images = images;
        this.signer = signer;
    }

    public void register(Router r) {
        r.open("GET", "/v1/images/files/{name}", this::file);
    }

    private void file(HttpCall call) throws IOException {
        Matcher m = NAME.matcher(call.pathParam("name"));
        var gone = new ApiException(new ApiError.NotFound("This image link is invalid or has expired.", null, "url_expired"));
        if (!m.matches()) throw gone;
        long expires;
        try {
            expires = Long.parseLong(call.query("expires") == null ? "" : call.query("expires"));
        } catch (NumberFormatException e) {
            throw gone;
        }
        if (!signer.verify(m.group(1), expires, call.query("sig"), System.currentTimeMillis() / 1000)) throw gone;
        StoredImage im = images.find(m.group(1)).orElseThrow(() -> gone);
        call.setHeader("Cache-Control", "private, max-age=" + Math.max(0, expires - System.currentTimeMillis() / 1000));
        call.send(200, dev.atelier.engine.image.ImageFormat.lookup(im.format()).mediaType(), images.bytes(im));
    }
}
