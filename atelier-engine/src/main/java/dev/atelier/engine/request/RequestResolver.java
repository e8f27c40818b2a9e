package dev.atelier.engine.request;

import dev.atelier.engine.image.RgbImage;
import dev.atelier.engine.model.ModelDefaults;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.sched.Scheduler;
import dev.atelier.engine.sched.SchedulerConfig;
import dev.atelier.engine.sched.SchedulerKind;
import dev.atelier.engine.sched.Schedulers;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The one place where a request meets a model: applies the package's defaults and every check, with messages that
 * name the field and what is allowed (diffusers' {@code check_inputs} is the model). Every front end calls this;
 * nothing else applies defaults or checks sizes.
 */
public final class RequestResolver {
    /** Largest seed a request may name (A1111's range); image {@code i} uses {@code seed + i}. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;
    /** Largest guidance scale a request may name. */
    public static final double MAX_GUIDANCE = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestResolver() {
    }

    /**
     * Resolves {@code r} for {@code pkg} within {@code limits}.
     *
     * @throws InvalidRequestException naming the first field that the model or the limits cannot honour
     */
    public static GenerationRequest resolve(ModelPackage pkg, ImageRequest r, RequestLimits limits) {
        ModelDefaults geo = pkg.defaults();
        String prompt = text(RequestField.PROMPT, r.prompt(), limits);
        if (prompt == null || prompt.isBlank()) throw new InvalidRequestException(RequestField.PROMPT, "is required and must not be empty");
        String negative = r.negativePrompt() == null ? "" : text(RequestField.NEGATIVE_PROMPT, r.negativePrompt(), limits);
        int[] size = size(pkg, r, limits);
        int count = r.count() == null ? 1 : range(RequestField.COUNT, r.count(), 1, limits.maxCount());
        int steps = r.steps() != null ? range(RequestField.STEPS, r.steps(), 1, limits.maxSteps())
                : Math.min(limits.maxSteps(), (r.quality() == null ? Quality.AUTO : r.quality()).steps(geo.steps()));
        double guidance = geo.guidance();
        if (r.guidance() != null) {
            guidance = r.guidance();
            if (!(guidance >= 0 && guidance <= MAX_GUIDANCE)) {
                throw new InvalidRequestException(RequestField.GUIDANCE, "must be between 0 and " + (int) MAX_GUIDANCE + ", got " + r.guidance());
            }
        }
        long seed = r.seed() != null ? seed(r.seed()) : randomSeed();
        if (r.init() != null && !pkg.capabilities().imageToImage()) {
            throw new InvalidRequestException(RequestField.INIT_IMAGE, "cannot be used with " + pkg.name()
                    + ": it generates from text only");
        }
        InitImage init = r.init() == null ? null : init(r.init(), size, steps);
        references(pkg, r);
        if (r.latents() != null) {
            long[] expected = {count, geo.latentChannels(), size[1] / geo.vaeScaleFactor(), size[0] / geo.vaeScaleFactor()};
            if (!Arrays.equals(r.latents().shape(), expected)) {
                throw new InvalidRequestException(RequestField.LATENTS, "must have shape " + Arrays.toString(expected)
                        + " for this request, got " + Arrays.toString(r.latents().shape()));
            }
        }
        return new GenerationRequest(prompt, negative, size[0], size[1], steps, guidance, seed, count,
                scheduler(pkg, r), r.latents(), init, transparent(pkg, r, prompt), r.references());
    }

    // a model draws from as many reference pictures as it has slots for; the message says how many pictures in all
    // an edit may send (the edited one and the references), as the Images API counts its image[] files
    private static void references(ModelPackage pkg, ImageRequest r) {
        int given = r.references().size();
        int slots = pkg.capabilities().references();
        if (given > slots) {
            int edited = r.init() == null ? 0 : 1;
            String got = "got " + (given + edited) + (given + edited == 1 ? " picture" : " pictures") + ", but " + pkg.name();
            if (slots == 0) {
                throw new InvalidRequestException(RequestField.REFERENCES, got + " cannot draw from reference pictures"
                        + (edited == 1 ? ": it takes 1 image (the one it edits)" : ""));
            }
            throw new InvalidRequestException(RequestField.REFERENCES, got + " takes at most " + (slots + edited)
                    + (edited == 1 ? " (the image it edits and " + slots + " reference pictures)" : " reference pictures"));
        }
        for (int k = 0; k < given; k++) {
            if (nothingDrawn(r.references().get(k))) {
                throw new InvalidRequestException(RequestField.REFERENCES, "reference picture " + (k + 1)
                        + " is fully transparent: there is nothing to draw from");
            }
        }
    }

    // as the sprite framing sees it (SpriteFit): no pixel above alpha 8
    private static boolean nothingDrawn(RgbImage picture) {
        if (!picture.hasAlpha()) return false;
        for (int p = 0; p < picture.width() * picture.height(); p++) if (picture.alphaByteAt(p) > 8) return false;
        return true;
    }

    // The edit's pictures at the request's size (the models have fixed sizes; the Images API would keep the image's),
    // its default strength, and at least one denoising step left (diffusers' get_timesteps: int(steps * strength)).
    private static InitImage init(InitImage given, int[] size, int steps) {
        InitImage init = given.resolved(size[0], size[1]);
        if ((int) (steps * init.strength()) < 1) {
            throw new InvalidRequestException(RequestField.STRENGTH, "of " + init.strength() + " with " + steps
                    + " steps leaves no step to denoise: it must be at least 1/steps = " + 1.0 / steps);
        }
        return init;
    }

    // auto is transparent where the model draws alpha and the prompt asks for it ("as a sticker"); else opaque
    private static boolean transparent(ModelPackage pkg, ImageRequest r, String prompt) {
        boolean alpha = pkg.capabilities().transparency();
        return switch (r.background() == null ? Background.AUTO : r.background()) {
            case OPAQUE -> false;
            case AUTO -> alpha && Background.promptAsksForTransparency(prompt);
            case TRANSPARENT -> {
                if (!alpha) {
                    throw new InvalidRequestException(RequestField.BACKGROUND, "'transparent' cannot be used with "
                            + pkg.name() + ": it draws opaque images only; allowed: auto, opaque");
                }
                yield true;
            }
        };
    }

    /** The sizes {@code pkg} accepts within {@code limits}, as a sentence fragment for messages and help. */
    public static String sizesText(ModelPackage pkg, RequestLimits limits) {
        ModelDefaults geo = pkg.defaults();
        if (!geo.sizes().isEmpty()) return geo.sizes().stream().map(s -> s[0] + "x" + s[1]).collect(Collectors.joining(", "));
        return "multiples of " + geo.sizeMultiple() + " from " + geo.sizeMultiple() + " to " + limits.maxSide();
    }

    /** A seed for a request that names none: uniform in 0..{@link #MAX_SEED}. */
    public static long randomSeed() {
        return RANDOM.nextLong(MAX_SEED + 1);
    }

    /** The model's default {@code [width, height]}. */
    public static int[] defaultSize(ModelDefaults geo) {
        return geo.sizes().isEmpty() ? new int[] {geo.sampleSize(), geo.sampleSize()} : geo.sizes().getFirst().clone();
    }

    private static String text(RequestField f, String s, RequestLimits limits) {
        if (s == null) return null;
        if (s.length() > limits.maxPromptChars()) {
            throw new InvalidRequestException(f, "is too long: " + s.length() + " characters, the limit is " + limits.maxPromptChars());
        }
        if (s.indexOf('\u0000') >= 0) throw new InvalidRequestException(f, "must not contain NUL characters (U+0000)");
        return s;
    }

    private static int[] size(ModelPackage pkg, ImageRequest r, RequestLimits limits) {
        ModelDefaults geo = pkg.defaults();
        int[] d = defaultSize(geo);
        if (r.width() == null && r.height() == null && r.init() != null) {
            int[] own = {r.init().image().width(), r.init().image().height()};
            if (supported(pkg, own[0], own[1], limits)) return own;
        }
        int w = r.width() != null ? r.width() : d[0];
        int h = r.height() != null ? r.height() : d[1];
        if (!supported(pkg, w, h, limits)) {
            throw new InvalidRequestException(RequestField.SIZE, w + "x" + h + " is not supported by " + pkg.name()
                    + "; supported: auto, " + sizesText(pkg, limits));
        }
        return new int[] {w, h};
    }

    private static boolean supported(ModelPackage pkg, int w, int h, RequestLimits limits) {
        ModelDefaults geo = pkg.defaults();
        int m = geo.sizeMultiple();
        return geo.sizes().isEmpty()
                ? w >= m && h >= m && w % m == 0 && h % m == 0 && w <= limits.maxSide() && h <= limits.maxSide()
                : geo.sizes().stream().anyMatch(s -> s[0] == w && s[1] == h);
    }

    private static int range(RequestField f, int v, int min, int max) {
        if (v < min || v > max) throw new InvalidRequestException(f, "must be between " + min + " and " + max + ", got " + v);
        return v;
    }

    private static long seed(long v) {
        if (v < 0 || v > MAX_SEED) throw new InvalidRequestException(RequestField.SEED, "must be between 0 and " + MAX_SEED + ", got " + v);
        return v;
    }

    // As diffusers' from_config: the config (given, else the model's) supplies the noise schedule, the name picks the
    // algorithm; with neither the package's own scheduler runs (null).
    private static Scheduler scheduler(ModelPackage pkg, ImageRequest r) {
        if (r.scheduler() == null && !r.karras() && r.schedulerConfig() == null) return null;
        SchedulerConfig config = r.schedulerConfig() != null ? r.schedulerConfig() : SchedulerConfig.read(pkg.schedulerConfig());
        SchedulerKind kind;
        if (r.scheduler() != null) {
            try {
                kind = SchedulerKind.lookup(r.scheduler());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(RequestField.SCHEDULER, "must be one of " + SchedulerKind.names()
                        + ", got '" + r.scheduler() + "'");
            }
        } else {
            String cls = config.className() != null ? config.className() : SchedulerConfig.read(pkg.schedulerConfig()).className();
            try {
                kind = SchedulerKind.forClassName(String.valueOf(cls));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(RequestField.SCHEDULER, "config is not usable: " + e.getMessage());
            }
        }
        if (r.karras() && !kind.hasKarrasSigmas()) {
            throw new InvalidRequestException(RequestField.SCHEDULER, "must be one of " + SchedulerKind.karrasNames()
                    + " for Karras sigmas, got " + kind.cliName());
        }
        try {
            return Schedulers.create(kind, config, r.karras() ? Boolean.TRUE : null);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(RequestField.SCHEDULER, "cannot be configured: " + e.getMessage());
        }
    }
}
