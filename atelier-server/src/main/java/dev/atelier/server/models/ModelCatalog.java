package dev.atelier.server.models;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.pipeline.PipelineOptions;
import dev.atelier.engine.pipeline.Generator;
import dev.atelier.engine.text.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The installed models: folders under one directory that hold a {@code model_index.json}. Requests name a model;
 * a name is looked up in the listing, never resolved as a path. Packages, tokenizers and generators are opened
 * once per model and shared.
 */
public final class ModelCatalog implements AutoCloseable {
    /**
     * The model used when a request names none: the one place this is decided, for {@code atelier generate},
     * {@code serve}, the API and the studio ({@code --model} and {@code ServerConfig.withDefaultModel} override it).
     */
    public static final String DEFAULT_MODEL = "atelier-image-2";

    private static final System.Logger LOG = System.getLogger(ModelCatalog.class.getName());

    private final Path dir;
    private final String defaultModel;
    private final PipelineOptions options;
    private final Map<String, ModelPackage> packages = new ConcurrentHashMap<>();
    private final Map<String, Tokenizer> tokenizers = new ConcurrentHashMap<>();
    private final Map<String, Generator> generators = new ConcurrentHashMap<>();
    private final Map<String, dev.atelier.engine.upscale.Upscaler> upscalers = new ConcurrentHashMap<>();
    private int opening;
    private boolean closed;

    public ModelCatalog(Path dir, String defaultModel, PipelineOptions options) {
        this.dir = dir.toAbsolutePath().normalize();
        this.defaultModel = defaultModel;
        this.options = options;
    }

    public Path dir() {
        return dir;
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** Names of the installed models, sorted. */
    public List<String> names() {
        return ModelPackage.installedIn(dir);
    }

    /** The package of an installed model, loaded once; empty if no installed model has this name. */
    public Optional<ModelPackage> find(String name) {
        if (name == null || !names().contains(name)) return Optional.empty();
        return Optional.of(packages.computeIfAbsent(name, n -> Architectures.load(dir.resolve(n))));
    }

    public Tokenizer tokenizer(String name) {
        return tokenizers.computeIfAbsent(name, n -> find(n).orElseThrow().loadTokenizer());
    }

    /** The generator of an installed model, opened on first use by its architecture. */
    public Generator generator(String name) {
        Generator open = generators.get(name);
        if (open != null) return open;
        enter();
        try {
            return generators.computeIfAbsent(name, n -> {
                ModelPackage pkg = find(n).orElseThrow(() -> new IllegalArgumentException("model '" + n + "' is not installed"));
                LOG.log(System.Logger.Level.INFO, "loading model {0}", n);
                return Architectures.open(pkg, options);
            });
        } finally {
            leave();
        }
    }

    // opening sessions cannot be interrupted; close waits for the opens under way, so that none is left running in
    // ONNX Runtime while the process exits (which crashes it) and none is opened after
    private synchronized void enter() {
        if (closed) throw new IllegalStateException("the model catalog is closed: the process is shutting down");
        opening++;
    }

    private synchronized void leave() {
        opening--;
        notifyAll();
    }

    /** Models whose generator (their ONNX sessions) is open in this process, sorted. */
    public List<String> opened() {
        return generators.keySet().stream().sorted().toList();
    }

    /** The upscaler of an installed model, opened on first use; a hires fix runs on {@link #generator}'s. */
    public dev.atelier.engine.upscale.Upscaler upscaler(String name) {
        var open = upscalers.get(name);
        if (open != null) return open;
        enter();
        try {
            return upscalers.computeIfAbsent(name, n -> dev.atelier.engine.upscale.Upscaler.sharing(generator(n), options));
        } finally {
            leave();
        }
    }

    /** Waits for models being opened, then closes every open session; call it once no generation is running. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            while (opening > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        upscalers.values().forEach(dev.atelier.engine.upscale.Upscaler::close);
        upscalers.clear();
        generators.values().forEach(Generator::close);
        generators.clear();
    }
}
