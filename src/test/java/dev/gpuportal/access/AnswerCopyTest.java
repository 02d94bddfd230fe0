package dev.gpuportal.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnswerCopyTest {

    /** An answer that hands out at most {@code piece} bytes per read and says how much more it has ready. */
    private static final class Answer extends InputStream {
        final List<Integer> asked = new ArrayList<>();
        private final ByteArrayInputStream bytes;
        private final int piece;
        private final boolean moreReady;

        Answer(byte[] bytes, int piece, boolean moreReady) {
            this.bytes = new ByteArrayInputStream(bytes);
            this.piece = piece;
            this.moreReady = moreReady;
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            asked.add(length);
            return bytes.read(buffer, offset, Math.min(length, piece));
        }

        @Override
        public int available() {
            return moreReady ? bytes.available() : 0;
        }
    }

    /** Counts the flushes, which send what was written on to the browser. */
    private static final class Browser extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(14).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aLargeAnswerIsReadInLargePiecesOnceTheFirstReadFillsTheSmallBuffer() throws Exception {
        byte[] body = random(3 * 1024 * 1024 + 5);
        Answer answer = new Answer(body, Integer.MAX_VALUE, true);
        Browser browser = new Browser();

        AnswerCopy.copy(answer, browser);

        assertThat(browser.toByteArray()).isEqualTo(body);
        assertThat(answer.asked.getFirst()).isEqualTo(AnswerCopy.FIRST_CHUNK);
        assertThat(answer.asked.subList(1, answer.asked.size())).containsOnly(AnswerCopy.CHUNK);
        assertThat(answer.asked).hasSizeLessThanOrEqualTo(2 + body.length / AnswerCopy.CHUNK + 1);
    }

    @Test
    void aSmallAnswerNeverAllocatesTheLargeBuffer() throws Exception {
        byte[] body = random(AnswerCopy.FIRST_CHUNK - 1);
        Answer answer = new Answer(body, Integer.MAX_VALUE, true);
        Browser browser = new Browser();

        AnswerCopy.copy(answer, browser);

        assertThat(browser.toByteArray()).isEqualTo(body);
        assertThat(answer.asked).containsOnly(AnswerCopy.FIRST_CHUNK);
    }

    @Test
    void whatWasReadIsFlushedWheneverTheWorkloadHasNothingMoreReady() throws Exception {
        // Server-sent events: each event a short read, nothing more ready until the next one is sent.
        byte[] events = random(10 * 100);
        Browser browser = new Browser();

        AnswerCopy.copy(new Answer(events, 100, false), browser);

        assertThat(browser.toByteArray()).isEqualTo(events);
        assertThat(browser.flushes).isEqualTo(10);
    }

    @Test
    void whileMoreIsReadyNothingIsFlushedInBetween() throws Exception {
        byte[] body = random(10 * 100);
        Browser browser = new Browser();

        AnswerCopy.copy(new Answer(body, 100, true), browser);

        assertThat(browser.toByteArray()).isEqualTo(body);
        assertThat(browser.flushes).isEqualTo(1); // after the last piece, when nothing is left
    }

    @Test
    void noBodyWritesNothing() throws Exception {
        Browser browser = new Browser();

        AnswerCopy.copy(null, browser);

        assertThat(browser.size()).isZero();
        assertThat(browser.flushes).isZero();
    }
}
