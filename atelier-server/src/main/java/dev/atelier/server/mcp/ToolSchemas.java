package dev.atelier.server.mcp;

/** The tools' input schemas (JSON Schema), under the Images API's field names; the server checks them itself. */
final class ToolSchemas {
    private ToolSchemas() {
    }

    // the fields generating and editing share
    private static final String COMMON = """
            "prompt": {"type": "string", "description": "What the image should show."},
            "model": {"type": "string", "description": "An installed model (list_models); the server's default if omitted."},
            "size": {"type": "string", "description": "WIDTHxHEIGHT in pixels, e.g. 512x512; the model's default if omitted (list_models gives its sizes)."},
            "n": {"type": "integer", "minimum": 1, "maximum": 10, "description": "How many images; 1 if omitted."},
            "negative_prompt": {"type": "string", "description": "What the image should not show."},
            "seed": {"type": "integer", "description": "Seed of the first image, for a repeatable result; random if omitted."},
            "steps": {"type": "integer", "minimum": 1, "description": "Denoising steps; the model's default if omitted."},
            "guidance_scale": {"type": "number", "minimum": 0, "description": "How closely to follow the prompt; the model's default if omitted."},
            "scheduler": {"type": "string", "description": "Sampler, e.g. euler or ddim; the model's default if omitted."},
            "background": {"type": "string", "enum": ["auto", "opaque", "transparent"], "description": "transparent needs a model with alpha."}
            """;

    static final String GENERATE = """
            {"type": "object", "additionalProperties": false, "required": ["prompt"], "properties": {
            """ + COMMON + "}}";

    static final String EDIT = """
            {"type": "object", "additionalProperties": false, "required": ["image", "prompt"], "properties": {
            "image": {"type": "string", "description": "The PNG or JPEG to edit: base64-encoded, a data: URL, or the link of an image this server returned (generate_image, edit_image)."},
            "mask": {"type": "string", "description": "Optional PNG of the image's size, base64: fully transparent pixels (alpha 0) mark the area to repaint; the rest is kept."},
            "strength": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "description": "How far to move from the image, (0, 1]; 0.75 (1 with a mask) if omitted."},
            """ + COMMON + "}}";

    static final String NONE = """
            {"type": "object", "additionalProperties": false, "properties": {}}
            """;
}
