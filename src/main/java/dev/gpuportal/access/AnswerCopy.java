package dev.gpuportal.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a workload's answer to the browser as it comes. An answer is read in pieces of {@link #FIRST_CHUNK} and, once
 * a read fills that (a large answer), of {@link #CHUNK}: a download then takes whatever the kernel holds, up to
 * 512 kB, per read (a third of the reads, and of the acknowledgements they send, that 128 kB pieces took), while the
 * many small answers of a page do not each allocate the large buffer (the JDK keeps a native buffer of the largest
 * read's size per thread: at most 512 kB per request thread that passed a large answer). What was read is flushed to
 * the browser whenever the workload has nothing more ready, so server-sent events and long polls arrive as they are
 * sent.
 */
final class AnswerCopy {

    static final int FIRST_CHUNK = 16 * 1024;
    static final int CHUNK = 512 * 1024;

    private AnswerCopy() {}

    static void copy(InputStream in, OutputStream out) throws IOException {
        if (in == null) {
            return;
        }
        byte[] buffer = new byte[FIRST_CHUNK];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (n == buffer.length && buffer.length < CHUNK) {
                buffer = new byte[CHUNK];
            }
            if (in.available() == 0) {
                out.flush();
            }
        }
    }
}
