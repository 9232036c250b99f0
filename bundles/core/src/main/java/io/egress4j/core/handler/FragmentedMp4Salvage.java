package io.egress4j.core.handler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes the fragmented MP4 a crashed egress left behind readable. While recording, mp4mux (GStreamer 1.22, fragment
 * mode first-moov-then-finalise) now and then writes a track run whose samples carry no size although the fragment
 * header gives no default size either; ffmpeg then refuses the whole file ("error reading header"). Such runs are
 * emptied in place (sample count 0, same length, nothing moves): a frame or two is lost, the rest plays. A file
 * that was finalised has no movie fragments and is left as it is.
 *
 * <p>Pure JDK: {@code bin/egress} runs {@link #main} on its own when the JVM of {@code egress record} crashes.
 */
public final class FragmentedMp4Salvage {

    private static final int HEADER = 8;
    /** A moof of a one-second fragment is a few kilobytes; anything far larger is not one mp4mux wrote. */
    private static final long MAX_MOOF = 16L << 20;
    private static final int TF_DEFAULT_SAMPLE_SIZE = 0x10;
    private static final int TR_SAMPLE_SIZE = 0x200;

    private FragmentedMp4Salvage() {
    }

    /** Salvages the recordings listed in each crash record folder given, saying on stderr what was mended. */
    public static void main(String[] runDirs) throws IOException {
        for (String dir : runDirs) {
            Path list = Path.of(dir, CrashRecord.RECORDINGS);
            if (Files.exists(list)) {
                // Each line is "<egress ID>\t<path>"; this process ran one egress.
                salvageAll(Files.readAllLines(list).stream().map(line -> line.substring(line.indexOf('\t') + 1))
                        .distinct().toList(), message -> System.err.println("egress: " + message));
            }
        }
    }

    /** Salvages each of {@code recordings}, telling {@code say} about every file mended or not mendable. */
    static void salvageAll(List<String> recordings, Consumer<String> say) {
        for (String recording : recordings) {
            try {
                int emptied = salvage(Path.of(recording));
                if (emptied > 0) {
                    say.accept(recording + ": emptied " + emptied + " track run(s) the muxer wrote without sample"
                            + " sizes, so that the file plays");
                }
            } catch (IOException e) {
                say.accept("cannot salvage " + recording + ": " + e.getMessage());
            }
        }
    }

    /**
     * Empties every track run of {@code file} whose sample sizes are given nowhere; returns how many. Anything
     * but an MP4 file is left alone.
     */
    public static int salvage(Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".mp4") || !Files.isRegularFile(file)) {
            return 0;
        }
        int emptied = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long length = channel.size();
            long offset = 0;
            while (offset + HEADER <= length) {
                Box box = Box.at(channel, offset, length);
                if (box == null) {
                    break; // a box cut off by the crash: what precedes it is all there is to mend
                }
                if (box.type().equals("moof") && box.size() <= MAX_MOOF) {
                    ByteBuffer moof = ByteBuffer.allocate((int) box.size());
                    channel.read(moof, offset);
                    emptied += emptyRunsWithoutSizes(moof);
                    channel.write(moof.rewind(), offset);
                }
                offset += box.size();
            }
        }
        return emptied;
    }

    /** Patches {@code moof} (the whole box) in memory. */
    static int emptyRunsWithoutSizes(ByteBuffer moof) {
        int emptied = 0;
        for (int traf = HEADER; traf + HEADER <= moof.limit(); traf += childSize(moof, traf)) {
            if (childSize(moof, traf) < HEADER) {
                break;
            }
            if (!typeAt(moof, traf).equals("traf")) {
                continue;
            }
            int end = traf + childSize(moof, traf);
            boolean defaultSize = false;
            for (int child = traf + HEADER; child + HEADER <= end && childSize(moof, child) >= HEADER;
                 child += childSize(moof, child)) {
                int flags = moof.getInt(child + HEADER) & 0xffffff;
                switch (typeAt(moof, child)) {
                    case "tfhd" -> defaultSize = (flags & TF_DEFAULT_SAMPLE_SIZE) != 0;
                    case "trun" -> {
                        int count = child + HEADER + 4;
                        if ((flags & TR_SAMPLE_SIZE) == 0 && !defaultSize && moof.getInt(count) != 0) {
                            moof.putInt(count, 0);
                            emptied++;
                        }
                    }
                    default -> { }
                }
            }
        }
        return emptied;
    }

    private static int childSize(ByteBuffer box, int at) {
        return box.getInt(at);
    }

    private static String typeAt(ByteBuffer box, int at) {
        byte[] type = new byte[4];
        box.get(at + 4, type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    /** A top-level box that lies wholly inside the file. */
    private record Box(String type, long size) {

        static Box at(FileChannel channel, long offset, long length) throws IOException {
            ByteBuffer header = ByteBuffer.allocate(16);
            channel.read(header, offset);
            long size = header.getInt(0) & 0xffffffffL;
            String type = new String(header.array(), 4, 4, StandardCharsets.US_ASCII);
            if (size == 1) {
                size = header.getLong(8);
            } else if (size == 0) {
                size = length - offset; // runs to the end of the file
            }
            return size >= HEADER && offset + size <= length ? new Box(type, size) : null;
        }
    }
}
