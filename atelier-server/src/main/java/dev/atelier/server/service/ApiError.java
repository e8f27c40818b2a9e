package dev.atelier.server.service;

/**
 * Every error the API returns, in OpenAI's shape {@code {"error": {"message", "type", "param", "code"}}}.
 * Client mistakes are 4xx; 5xx only for the server's own trouble.
 */
public sealed interface ApiError {
    String message();

    /** A request the server will not process; {@code param} names the field or parameter at fault, or is null. */
    record InvalidRequest(String message, String param, String code) implements ApiError {
        public InvalidRequest(String message, String param) {
            this(message, param, param == null ? "invalid_request" : "invalid_value");
        }
    }

    /**
     * A prompt or an image the content filter blocked: a 400 with {@code code} ({@code moderation_blocked} for a
     * prompt, {@code image_withheld} for an image); {@code results} (may be null) says per category what was rated
     * and filtered, for the Azure route's {@code content_filter_results}.
     */
    record ContentFiltered(String message, String code, dev.atelier.safety.moderation.FilterResults results) implements ApiError {
    }

    record InvalidApiKey(String message) implements ApiError {
    }

    record NotFound(String message, String param, String code) implements ApiError {
        public NotFound(String message) {
            this(message, null, "not_found");
        }
    }

    record MethodNotAllowed(String message) implements ApiError {
    }

    /** The caller may not do this (e.g. a cross-site form post to the studio). */
    record Forbidden(String message, String code) implements ApiError {
    }

    /** The request conflicts with the resource's state (e.g. a second vote on a battle). */
    record Conflict(String message, String code) implements ApiError {
    }

    record PayloadTooLarge(long limitBytes) implements ApiError {
        public String message() {
            return "the request body is larger than " + limitBytes + " bytes";
        }
    }

    /**
     * A request the HTTP layer refused before any handler saw it (malformed framing, a timeout, headers too large,
     * an unsupported HTTP version); {@code status} is the 4xx (or 5xx) it gets.
     */
    record Protocol(int status, String message, String code) implements ApiError {
        public Protocol {
            if (status < 400 || status > 599) throw new IllegalArgumentException("an error status must be 4xx or 5xx, got " + status);
        }
    }

    /** Too many images this minute, or too many streams at once. */
    record RateLimited(String message, long retryAfterSeconds) implements ApiError {
    }

    /** The key's daily images are used up. */
    record QuotaExceeded(String message, long retryAfterSeconds) implements ApiError {
    }

    /** The queue is full or the server is stopping. */
    record Unavailable(String message, String code, long retryAfterSeconds) implements ApiError {
    }

    /** The server's own failure. */
    record ServerError(String message, String code) implements ApiError {
    }

    default int status() {
        return switch (this) {
            case InvalidRequest e -> 400;
            case ContentFiltered e -> 400;
            case InvalidApiKey e -> 401;
            case NotFound e -> 404;
            case MethodNotAllowed e -> 405;
            case Forbidden e -> 403;
            case Conflict e -> 409;
            case PayloadTooLarge e -> 413;
            case Protocol e -> e.status();
            case RateLimited e -> 429;
            case QuotaExceeded e -> 429;
            case Unavailable e -> 503;
            case ServerError e -> 500;
        };
    }

    default String type() {
        return switch (this) {
            case InvalidRequest e -> "invalid_request_error";
            case ContentFiltered e -> "invalid_request_error";
            case InvalidApiKey e -> "invalid_request_error";
            case NotFound e -> "invalid_request_error";
            case MethodNotAllowed e -> "invalid_request_error";
            case Forbidden e -> "invalid_request_error";
            case Conflict e -> "invalid_request_error";
            case PayloadTooLarge e -> "invalid_request_error";
            case Protocol e -> e.status() >= 500 ? "server_error" : "invalid_request_error";
            case RateLimited e -> "rate_limit_error";
            case QuotaExceeded e -> "insufficient_quota";
            case Unavailable e -> "server_error";
            case ServerError e -> "server_error";
        };
    }

    default String code() {
        return switch (this) {
            case InvalidRequest e -> e.code();
            case ContentFiltered e -> e.code();
            case InvalidApiKey e -> "invalid_api_key";
            case NotFound e -> e.code();
            case MethodNotAllowed e -> "method_not_allowed";
            case Forbidden e -> e.code();
            case Conflict e -> e.code();
            case PayloadTooLarge e -> "request_too_large";
            case Protocol e -> e.code();
            case RateLimited e -> "rate_limit_exceeded";
            case QuotaExceeded e -> "insufficient_quota";
            case Unavailable e -> e.code();
            case ServerError e -> e.code();
        };
    }

    default String param() {
        return switch (this) {
            case InvalidRequest e -> e.param();
            case ContentFiltered e -> e.code().equals("moderation_blocked") ? "prompt" : null;
            case NotFound e -> e.param();
            default -> null;
        };
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    default long retryAfter() {
        return switch (this) {
            case RateLimited e -> e.retryAfterSeconds();
            case QuotaExceeded e -> e.retryAfterSeconds();
            case Unavailable e -> e.retryAfterSeconds();
            default -> 0;
        };
    }
}
