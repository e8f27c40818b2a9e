package dev.atelier.safety.c2pa;

/**
 * The software that made an image, as C2PA's generator-info map names it ({@code name}, {@code version}).
 *
 * @param name    the product, e.g. {@code Atelier}; not blank
 * @param version its version, e.g. {@code 0.1.0}; not blank
 */
public record SoftwareAgent(String name, String version) {
    public SoftwareAgent {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("software agent name must not be blank, got '" + name + "'");
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("software agent version must not be blank, got '" + version + "'");
        }
    }

    /** {@code name version}, e.g. {@code Atelier 0.1.0}. */
    @Override
    public String toString() {
        return name + " " + version;
    }
}
