package dev.gpuportal.cluster.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.http.AsyncBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadBodyTest {

    /** The client's side: counts how often a chunk is asked for. */
    static final class Chunks implements AsyncBody {
        final AtomicInteger asked = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean cancelled;

        @Override
        public void consume() {
            asked.incrementAndGet();
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void cancel() {
            cancelled = true;
            done.cancel(false);
        }
    }

    private static ByteBuffer bytes(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }

    @Test
    void readsChunksWholeAcrossTheirBordersAndEndsWithTheBody() throws IOException {
        ReadAheadBody body = new ReadAheadBody();
        Chunks chunks = new Chunks();
        body.start(chunks);
        body.consume(List.of(bytes(3, 1), bytes(5, 2)), chunks);
        chunks.done.complete(null);

        byte[] read = new byte[6];
        assertThat(body.read(read, 0, 6)).isEqualTo(6);
        assertThat(read).containsExactly(1, 1, 1, 2, 2, 2);
        assertThat(body.available()).isEqualTo(2);
        assertThat(body.read(read, 0, 6)).isEqualTo(2);
        assertThat(body.read(read, 0, 6)).isEqualTo(-1);
        body.close();
        assertThat(chunks.cancelled)
                .as("a body read to its end keeps its connection")
                .isFalse();
    }

    @Test
    void asksAheadOnlyUpToItsLimitSoASlowReaderSlowsTheWorkload() throws IOException {
        ReadAheadBody body = new ReadAheadBody();
        Chunks chunks = new Chunks();
        body.start(chunks);
        assertThat(chunks.asked).hasValue(1);
        int chunk = 256 * 1024;
        for (int i = 0; i < 3; i++) {
            body.consume(List.of(bytes(chunk, i)), chunks);
        }
        assertThat(chunks.asked)
                .as("each chunk under the limit asks for the next")
                .hasValue(4);
        body.consume(List.of(bytes(chunk, 3)), chunks);
        assertThat(chunks.asked).as("1 MB waits for the reader").hasValue(4);

        byte[] read = new byte[chunk];
        assertThat(body.read(read, 0, chunk)).isEqualTo(chunk);
        assertThat(chunks.asked)
                .as("read below the limit: the next chunk is asked for")
                .hasValue(5);
    }

    @Test
    void closedBeforeItsEndItCancelsSoTheWorkloadStopsSending() throws IOException {
        ReadAheadBody body = new ReadAheadBody();
        Chunks chunks = new Chunks();
        body.start(chunks);
        body.consume(List.of(bytes(10, 1)), chunks);
        body.read(new byte[4], 0, 4);
        body.close();
        assertThat(chunks.cancelled).isTrue();
        assertThatThrownBy(() -> body.read(new byte[4], 0, 4)).isInstanceOf(IOException.class);
    }

    @Test
    void anAnswerThatBreaksOffFailsTheReader() {
        ReadAheadBody body = new ReadAheadBody();
        Chunks chunks = new Chunks();
        body.start(chunks);
        chunks.done.completeExceptionally(new IOException("reset"));
        assertThatThrownBy(() -> body.read(new byte[4], 0, 4))
                .isInstanceOf(IOException.class)
                .hasRootCauseMessage("reset");
    }
}
