package dev.atelier.server.arena;

/**
 * A battle as stored. {@code contestantA} is shown on the left as "A".
 *
 * @param vote         null until voted
 * @param source       {@code web} or {@code simulated}
 * @param votedAt      epoch milliseconds, or null
 * @param shownAt      epoch milliseconds when both images had been delivered to the user, or null
 * @param voterAddress the voter's client address as limits group it ({@code service.Visitor}), or null (in-process)
 */
public record Battle(String id, String userId, String prompt, long seed, String contestantA, String contestantB, String jobA,
                     String jobB, Vote vote, String source, long createdAt, Long votedAt, Long shownAt, String voterAddress) {
}
