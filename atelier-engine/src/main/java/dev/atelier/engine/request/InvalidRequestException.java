package dev.atelier.engine.request;

import java.util.function.Function;

/**
 * A request the model cannot honour: names the field and what is allowed. {@link #getMessage()} words it with the
 * API's field names; {@link #message(Function)} with another front end's (the CLI's options, the studio's labels).
 */
public final class InvalidRequestException extends IllegalArgumentException {
    private final RequestField field;
    private final String problem;

    /**
     * @param field   the field at fault
     * @param problem what is wrong and what is allowed, worded to follow the field's name: "must be between 1 and
     *                100, got 500"
     */
    public InvalidRequestException(RequestField field, String problem) {
        super("'" + field.apiName() + "' " + problem);
        this.field = field;
        this.problem = problem;
    }

    public RequestField field() {
        return field;
    }

    /** What is wrong, without the field's name. */
    public String problem() {
        return problem;
    }

    /** The message with the field named as {@code naming} names it, e.g. {@code RequestField::cliName}. */
    public String message(Function<RequestField, String> naming) {
        return naming.apply(field) + " " + problem;
    }
}
