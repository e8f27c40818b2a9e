package dev.atelier.server.service;

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
}
