package dev.atelier.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.server.service.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    private static byte[] body(String... parts) {
        var out = new ByteArrayOutputStream();
        for (String p : parts) out.writeBytes(("--XyZ\r\n" + p + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void readsFieldsAndFilesInOrder() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nein Hund 🐶\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"in.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(png);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        List<Multipart.Part> parts = Multipart.parse(out.toByteArray(), TYPE, 8);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("prompt");
        assertThat(parts.get(0).isFile()).isFalse();
        assertThat(parts.get(0).text()).isEqualTo("ein Hund 🐶");
        assertThat(parts.get(1).name()).isEqualTo("image");
        assertThat(parts.get(1).filename()).isEqualTo("in.png");
        assertThat(parts.get(1).contentType()).isEqualTo("image/png");
        assertThat(parts.get(1).data()).isEqualTo(png);
    }

    @Test
    void refusesWhatIsNotMultipartWithAMessage() {
        assertThatThrownBy(() -> Multipart.parse(new byte[0], "application/json", 8))
                .isInstanceOf(ApiException.class).hasMessageContaining("multipart/form-data, got 'application/json'");
        assertThatThrownBy(() -> Multipart.parse(new byte[0], null, 8))
                .isInstanceOf(ApiException.class).hasMessageContaining("no Content-Type");
        assertThatThrownBy(() -> Multipart.parse(new byte[0], "multipart/form-data", 8))
                .isInstanceOf(ApiException.class).hasMessageContaining("no boundary");
    }

    @Test
    void refusesMalformedAndOversizedBodies() {
        byte[] truncated = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Multipart.parse(truncated, TYPE, 8))
                .isInstanceOf(ApiException.class).hasMessageContaining("malformed");
        byte[] three = body("Content-Disposition: form-data; name=\"a\"\r\n\r\n1",
                "Content-Disposition: form-data; name=\"b\"\r\n\r\n2",
                "Content-Disposition: form-data; name=\"c\"\r\n\r\n3");
        assertThat(Multipart.parse(three, TYPE, 3)).hasSize(3);
        assertThatThrownBy(() -> Multipart.parse(three, TYPE, 2)).isInstanceOf(ApiException.class);
        // a part without a field name carries nothing a form can use: the parser skips it
        byte[] nameless = body("Content-Disposition: form-data\r\n\r\nx", "Content-Disposition: form-data; name=\"n\"\r\n\r\n1");
        assertThat(Multipart.parse(nameless, TYPE, 8)).extracting(Multipart.Part::name).containsExactly("n");
    }
}
