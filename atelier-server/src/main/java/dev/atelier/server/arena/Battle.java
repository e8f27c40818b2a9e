package dev.atelier.server.arena;

/**
 * A battle as stored. {@code contestantA} is shown on the left as "A".
 *
 * @param vote    null until voted
 * @param source  {@code web} or {@code simulated}
 * @param votedAt epoch milliseconds, or null
 */
public record Battle(String id, String userId, String prompt, long seed, String contestantA, String contestantB, String jobA,
                     String jobB, Vote vote, String source, long createdAt, Long votedAt) {
}
