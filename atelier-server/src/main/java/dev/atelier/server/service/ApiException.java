package dev.atelier.server.service;

import dev.atelier.engine.request.InvalidRequestException;

/** Ends a request with an {@link ApiError}; thrown by handlers, turned into the response by the router. */
public final class ApiException extends RuntimeException {
    private final transient ApiError error;

    public ApiException(ApiError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    public static ApiException invalid(String message, String param) {
        return new ApiException(new ApiError.InvalidRequest(message, param));
    }

    /** The 400 for a request the engine's resolver refused: its message, and its field by the API's name. */
    public static ApiException invalid(InvalidRequestException e) {
        return invalid(e.getMessage() + ".", e.field().apiName());
    }
}
