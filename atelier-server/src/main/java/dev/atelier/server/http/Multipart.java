package dev.atelier.server.http;

import dev.atelier.server.service.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * {@code multipart/form-data} bodies (RFC 7578), parsed by Apache Commons FileUpload's streaming parser: the
 * parts in order, each read into memory within the request's body limit (parts without a form field name are
 * skipped by the parser). A body that is not multipart, has no
 * boundary, is truncated or has more than {@code maxParts} parts is a 400 that says which.
 */
public final class Multipart {
    /** One part: its form field name, the file name a file part carries (else null), its type and bytes. */
    public record Part(String name, String filename, String contentType, byte[] data) {
        public boolean isFile() {
            return filename != null;
        }

        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    /** True when the Content-Type header says multipart/form-data. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    public static List<Part> parse(byte[] body, String contentType, int maxParts) {
        if (!isMultipart(contentType)) {
            throw ApiException.invalid("the request body must be multipart/form-data, got "
                    + (contentType == null ? "no Content-Type" : "'" + contentType + "'"), null);
        }
        Upload upload = new Upload();
        if (upload.getBoundary(contentType) == null) {
            throw ApiException.invalid("the multipart/form-data Content-Type has no boundary parameter", null);
        }
        upload.setFileCountMax(maxParts);
        List<Part> parts = new ArrayList<>();
        try {
            FileItemInputIterator it = upload.getItemIterator(new Bytes(body, contentType));
            while (it.hasNext()) {
                FileItemInput item = it.next();
                if (parts.size() == maxParts) {
                    throw ApiException.invalid("the multipart body has more than " + maxParts + " parts", null);
                }
                byte[] data;
                try (InputStream in = item.getInputStream()) {
                    data = in.readAllBytes();
                }
                parts.add(new Part(item.getFieldName(), item.isFormField() ? null : item.getName(),
                        item.getContentType(), data));
            }
        } catch (IOException e) {  // FileUploadException is one
            throw ApiException.invalid("the multipart body is malformed: " + e.getMessage(), null);
        }
        return parts;
    }

    /** The upload object: only its streaming item iterator is used, over a body already in memory. */
    private static final class Upload extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(RequestContext request) throws FileUploadException {
            return super.parseParameterMap(request);
        }

        @Override
        public List<DiskFileItem> parseRequest(RequestContext request) throws FileUploadException {
            return super.parseRequest(request);
        }
    }

    private record Bytes(byte[] body, String contentType) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
