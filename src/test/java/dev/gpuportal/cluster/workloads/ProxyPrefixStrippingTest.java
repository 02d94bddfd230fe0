package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyPrefixStrippingTest {

    static final String PREFIX = "/api/v1/namespaces/nlp/services/http:nb:http/proxy";

    static String strip(String html, int chunk) throws IOException {
        InputStream in =
                new ProxyPrefixStripping(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), PREFIX);
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[chunk];
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
            bytes.write(buffer, 0, n);
        }
        out.append(bytes.toString(StandardCharsets.UTF_8));
        return out.toString();
    }

    @Test
    void theApiServersPathBeforeLinksIsTakenOutWhereverTheChunksBreak() throws IOException {
        String rewritten = "<a href=\"" + PREFIX + "/t/nlp/notebooks/nb/tree\">x</a><img src=\"" + PREFIX
                + "/t/nlp/notebooks/nb/static/logo.png\"/>ü";
        String original =
                "<a href=\"/t/nlp/notebooks/nb/tree\">x</a><img src=\"/t/nlp/notebooks/nb/static/logo.png\"/>ü";
        for (int chunk : new int[] {1, 3, 7, 64, 8192}) {
            assertThat(strip(rewritten, chunk)).isEqualTo(original);
        }
    }

    @Test
    void pagesWithoutThePathPassUnchangedIncludingTheirEnd() throws IOException {
        assertThat(strip("", 16)).isEmpty();
        assertThat(strip("/api/v1/namespaces/nlp", 16)).isEqualTo("/api/v1/namespaces/nlp");
        assertThat(strip("plain text that ends short", 5)).isEqualTo("plain text that ends short");
    }
}
