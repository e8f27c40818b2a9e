package dev.atelier.safety.c2pa;

import java.util.List;

/**
 * What {@link CredentialReader} found in a file.
 *
 * @param status         whether the file has content credentials and whether they hold
 * @param problems       why they don't hold (e.g. {@code data hash mismatch}, {@code signature invalid},
 *                       {@code untrusted signer}); empty unless {@code status} is {@link Status#INVALID}
 * @param title          the claim's {@code dc:title}, or null
 * @param claimGenerator the claim generator, {@code name version} (e.g. {@code Atelier 0.1.0}), or null
 * @param actions        the actions of the manifest's actions assertion, in order
 * @param model          the model named by the {@code c2pa.created} action, or null where none is named
 * @param signer         the signing certificate's subject (RFC 2253), or null
 */
public record CredentialReport(Status status, List<String> problems, String title, String claimGenerator,
                               List<Action> actions, String model, String signer) {
    public CredentialReport {
        problems = List.copyOf(problems);
        actions = List.copyOf(actions);
        if (status == null) throw new IllegalArgumentException("status must not be null");
        if ((status == Status.INVALID) == problems.isEmpty()) {
            throw new IllegalArgumentException("a report lists problems exactly when it is INVALID, got " + status + " with " + problems);
        }
    }

    /** Whether a file has content credentials and whether they hold. */
    public enum Status {
        /** No C2PA manifest in the file. */
        NONE,
        /** The manifest's signature, hashes and signer all check out. */
        VALID,
        /** There is a manifest, and at least one check failed: see {@link #problems()}. */
        INVALID
    }

    /**
     * One action of the manifest.
     *
     * @param action            e.g. {@code c2pa.created}
     * @param digitalSourceType its digital source type URI, or null
     * @param softwareAgent     the agent that performed it ({@code name version}), or null
     */
    public record Action(String action, String digitalSourceType, String softwareAgent) {
        public Action {
            if (action == null || action.isBlank()) throw new IllegalArgumentException("action must not be blank, got '" + action + "'");
        }
    }

    /** The report for a file without content credentials. */
    public static CredentialReport none() {
        return new CredentialReport(Status.NONE, List.of(), null, null, List.of(), null, null);
    }

    /** Whether the status is {@link Status#VALID}. */
    public boolean valid() {
        return status == Status.VALID;
    }
}
