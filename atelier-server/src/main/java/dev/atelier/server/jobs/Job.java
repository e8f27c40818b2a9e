package dev.atelier.server.jobs;

import dev.atelier.safety.moderation.FilterResults;
import dev.atelier.server.store.StoredImage;
import java.util.List;

/**
 * A job as stored.
 *
 * @param id            public id, {@code job_...}
 * @param keyId         the API key that submitted it
 * @param spec          what it makes
 * @param state         where it is
 * @param attempts      times a worker claimed it
 * @param progressStep  denoising steps done in the current attempt
 * @param progressTotal steps in the run (0 before it starts)
 * @param seed          seed of image 0 once a worker chose it, else null
 * @param errorCode     why it failed, else null
 * @param errorMessage  a sentence for the client, else null
 * @param createdAt     epoch milliseconds
 * @param startedAt     epoch milliseconds of the first claim, or null
 * @param finishedAt    epoch milliseconds, or null
 * @param images        the stored images once succeeded, in order
 * @param errorFilter   for a job failed with {@code image_withheld}, the image content filter's results for the
 *                      withheld image; else null
 */
public record Job(String id, String keyId, JobSpec spec, JobState state, int attempts, int progressStep,
                  int progressTotal, Long seed, String errorCode, String errorMessage, long createdAt,
                  Long startedAt, Long finishedAt, List<StoredImage> images, FilterResults errorFilter) {
    public Job {
        images = List.copyOf(images);
    }

    public Job withImages(List<StoredImage> list) {
        return new Job(id, keyId, spec, state, attempts, progressStep, progressTotal, seed, errorCode, errorMessage,
                createdAt, startedAt, finishedAt, list, errorFilter);
    }
}
