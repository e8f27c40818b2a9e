package dev.atelier.safety.c2pa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** CBOR through Jackson: maps and lists with definite lengths, {@code byte[]} as byte strings. */
final class Cbor {
    private static final CBORMapper MAPPER = new CBORMapper();

    private Cbor() {
    }

    /** The CBOR encoding of a value made of maps, lists, strings, numbers and {@code byte[]}. */
    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The tree of a CBOR item; byte strings are binary nodes, integer map keys become their decimal text, tags are
     * dropped.
     *
     * @throws IllegalArgumentException where the bytes are not CBOR
     */
    static JsonNode decode(byte[] cbor) {
        try {
            JsonNode node = MAPPER.readTree(cbor);
            if (node == null || node.isMissingNode()) throw new IllegalArgumentException("empty CBOR");
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed CBOR: " + e.getMessage(), e);
        }
    }
}
