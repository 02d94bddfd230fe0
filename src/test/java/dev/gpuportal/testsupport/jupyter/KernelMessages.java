package dev.gpuportal.testsupport.jupyter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jupyter's {@code v1.kernel.websocket.jupyter.org} binary framing: a count of offsets, the offsets (64-bit little
 * endian), then the channel name and the message parts (header, parent header, metadata, content, buffers).
 */
public final class KernelMessages {

    public static final String SUBPROTOCOL = "v1.kernel.websocket.jupyter.org";

    private KernelMessages() {}

    public record Message(String channel, List<String> parts) {}

    public static ByteBuffer encode(String channel, String... parts) {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(channel.getBytes(StandardCharsets.UTF_8));
        for (String part : parts) {
            chunks.add(part.getBytes(StandardCharsets.UTF_8));
        }
        int offsets = chunks.size() + 1;
        int size = 8 * (1 + offsets) + chunks.stream().mapToInt(c -> c.length).sum();
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(offsets);
        long at = 8L * (1 + offsets);
        out.putLong(at);
        for (byte[] chunk : chunks) {
            at += chunk.length;
            out.putLong(at);
        }
        chunks.forEach(out::put);
        return out.flip();
    }

    public static Message decode(ByteBuffer message) {
        ByteBuffer in = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) in.getLong(0);
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = in.getLong(8 * (i + 1));
        }
        String channel = text(in, offsets[0], offsets[1]);
        List<String> parts = new ArrayList<>();
        for (int i = 1; i < count - 1; i++) {
            parts.add(text(in, offsets[i], offsets[i + 1]));
        }
        return new Message(channel, parts);
    }

    private static String text(ByteBuffer in, long from, long to) {
        byte[] bytes = new byte[(int) (to - from)];
        in.get((int) from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
