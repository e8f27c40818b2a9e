package dev.atelier.cli;

import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.request.GenerationRequest;
import dev.atelier.engine.request.ImageRequest;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;
import dev.atelier.engine.request.RequestLimits;
import dev.atelier.engine.request.RequestResolver;

/** The engine's request resolution with its errors worded for the command line (options, not API fields). */
final class CliRequests {
    private CliRequests() {
    }

    static GenerationRequest resolve(ModelPackage pkg, ImageRequest request) {
        try {
            return RequestResolver.resolve(pkg, request, RequestLimits.engine());
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.message(RequestField::cliName), e);
        }
    }
}
