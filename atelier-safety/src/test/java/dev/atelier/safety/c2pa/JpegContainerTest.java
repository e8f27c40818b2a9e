package dev.atelier.safety.c2pa;

import dev.atelier.engine.image.ImageFormat;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class JpegContainerTest {
    private final JpegContainer container = new JpegContainer();

    @Test
    void aStoreLargerThanOneSegmentIsSplitAcrossApp11SegmentsAndReadBackWhole() {
        byte[] payload = new byte[200_000];
        new Random(7).nextBytes(payload);
        byte[] store = Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", Jumbf.box("cbor", payload));
        byte[] jpeg = TestImages.encode(TestImages.gradient(), ImageFormat.JPEG);
        int at = container.insertionPoint(jpeg);
        byte[] wrapped = container.wrap(store);

        var file = new ByteArrayOutputStream();
        file.write(jpeg, 0, at);
        file.writeBytes(wrapped);
        file.write(jpeg, at, jpeg.length - at);
        Container.Embedded found = container.find(file.toByteArray()).orElseThrow();

        assertThat(countApp11(wrapped)).isEqualTo(4);
        assertThat(found.store()).isEqualTo(store);
        assertThat(found.start()).isEqualTo(at);
        assertThat(found.length()).isEqualTo(wrapped.length);
    }

    @Test
    void eachSegmentFitsAJpegMarkerLength() {
        byte[] wrapped = container.wrap(Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", Jumbf.box("cbor", new byte[150_000])));

        for (int at = 0; at < wrapped.length; ) {
            assertThat(Arrays.copyOfRange(wrapped, at, at + 2)).containsExactly(0xFF, 0xEB);
            int length = (wrapped[at + 2] & 0xff) << 8 | wrapped[at + 3] & 0xff;
            assertThat(length).isLessThanOrEqualTo(0xFFFF);
            at += 2 + length;
        }
    }

    private static int countApp11(byte[] wrapped) {
        int count = 0;
        for (int at = 0; at < wrapped.length; count++) at += 2 + ((wrapped[at + 2] & 0xff) << 8 | wrapped[at + 3] & 0xff);
        return count;
    }
}
