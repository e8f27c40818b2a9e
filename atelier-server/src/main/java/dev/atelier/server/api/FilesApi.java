package dev.atelier.server.api;

import dev.atelier.engine.image.ImageFormat;
import dev.atelier.server.service.ApiException;
import dev.atelier.server.service.ApiError;
import dev.atelier.server.http.HttpCall;
import dev.atelier.server.http.Router;
import dev.atelier.server.store.StoredImage;
import dev.atelier.server.service.ImageLinks;
import java.io.IOException;

/**
 * {@code GET /v1/images/files/{name}?expires=..&sig=..}: an image by signed, expiring link; no key needed. The
 * name is an image id looked up in the database; nothing from the request reaches the file system.
 */
public final class FilesApi {
    private final ImageLinks links;

    public FilesApi(ImageLinks links) {
        this.links = links;
    }

    public void register(Router r) {
        r.open("GET", ImageLinks.FILES_PATH + "{name}", this::file);
    }

    private void file(HttpCall call) throws IOException {
        StoredImage im = links.open(call.pathParam("name"), call.query("expires"), call.query("sig")).orElseThrow(() ->
                new ApiException(new ApiError.NotFound("This image link is invalid or has expired.", null, "url_expired")));
        long expires = Long.parseLong(call.query("expires"));
        call.setHeader("Cache-Control", "private, max-age=" + Math.max(0, expires - System.currentTimeMillis() / 1000));
        call.send(200, ImageFormat.lookup(im.format()).mediaType(), links.bytes(im));
    }
}
