package io.egress4j.core.handler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boxes laid out as mp4mux writes them in first-moov-then-finalise mode; the defect (an audio run whose one sample
 * has no size, in a fragment whose header has no default size) is the one found in files kept after a crash.
 */
class FragmentedMp4SalvageTest {

    private static final int BASE_DATA_OFFSET = 0x1;
    private static final int DEFAULT_SIZE = 0x10;
    private static final int DEFAULT_FLAGS = 0x20;
    private static final int DATA_OFFSET = 0x1;
    private static final int SAMPLE_SIZE = 0x200;

    @TempDir
    Path dir;

    @Test
    void emptiesOnlyTheRunsWhoseSampleSizesAreGivenNowhere() throws Exception {
        byte[] moof = box("moof", box("mfhd", fullBox(0, ints(2))),
                traf(BASE_DATA_OFFSET | DEFAULT_FLAGS, trun(DATA_OFFSET | SAMPLE_SIZE, 385), trun(DATA_OFFSET)),
                traf(BASE_DATA_OFFSET | DEFAULT_SIZE | DEFAULT_FLAGS, trun(DATA_OFFSET)));
        Path file = write("crashed.mp4", box("ftyp", "isom".getBytes(StandardCharsets.US_ASCII)), mdat(64), moof,
                box("free", new byte[0]), new byte[] {0, 0, 0, 0, 'm', 'd', 'a', 't', 1, 2, 3});
        long size = Files.size(file);

        assertEquals(1, FragmentedMp4Salvage.salvage(file));
        byte[] mended = Files.readAllBytes(file);
        int moofAt = indexOf(mended, "moof") - 4;
        ByteBuffer patched = ByteBuffer.wrap(mended, moofAt, moof.length).slice();
        assertEquals(size, mended.length, "nothing moved");
        assertEquals(1, sampleCount(patched, 0), "the run with sizes is kept");
        assertEquals(0, sampleCount(patched, 1), "the run without sizes is emptied");
        assertEquals(1, sampleCount(patched, 2), "the run relying on the fragment's default size is kept");
        assertEquals(0, FragmentedMp4Salvage.salvage(file), "a mended file needs nothing more");
    }

    @Test
    void leavesAMoofCutOffByTheCrashAndOtherFilesAlone() throws Exception {
        byte[] moof = box("moof", traf(BASE_DATA_OFFSET, trun(DATA_OFFSET)));
        byte[] cut = Arrays.copyOf(moof, moof.length - 6);
        Path truncated = write("cut.mp4", box("ftyp", new byte[4]), mdat(16), cut);
        assertEquals(0, FragmentedMp4Salvage.salvage(truncated));
        assertArrayEquals(concat(box("ftyp", new byte[4]), mdat(16), cut), Files.readAllBytes(truncated));

        Path notMp4 = write("crashed.webm", box("ftyp", new byte[4]), moof);
        assertEquals(0, FragmentedMp4Salvage.salvage(notMp4));
    }

    @Test
    void mendsTheRecordingsACrashRecordLists() throws Exception {
        Path file = write("a.mp4", box("ftyp", new byte[4]), box("moof", traf(0, trun(DATA_OFFSET))));
        Files.writeString(dir.resolve(CrashRecord.RECORDINGS), "EG_a\t" + file + "\n");
        new CrashRecord(dir).salvageRecordings("EG_a");
        assertEquals(0, FragmentedMp4Salvage.salvage(file), "mended already");
    }

    private static int sampleCount(ByteBuffer moof, int run) {
        int found = -1;
        for (int at = 8; at + 8 <= moof.limit(); at++) {
            if (moof.get(at) == 't' && moof.get(at + 1) == 'r' && moof.get(at + 2) == 'u' && moof.get(at + 3) == 'n'
                    && ++found == run) {
                return moof.getInt(at + 8);
            }
        }
        throw new AssertionError("no run " + run);
    }

    private static byte[] traf(int tfhdFlags, byte[]... runs) {
        ByteArrayOutputStream tfhd = new ByteArrayOutputStream();
        tfhd.writeBytes(ints(1));
        if ((tfhdFlags & BASE_DATA_OFFSET) != 0) {
            tfhd.writeBytes(ByteBuffer.allocate(8).putLong(100).array());
        }
        if ((tfhdFlags & DEFAULT_SIZE) != 0) {
            tfhd.writeBytes(ints(371));
        }
        if ((tfhdFlags & DEFAULT_FLAGS) != 0) {
            tfhd.writeBytes(ints(0xc0));
        }
        return box("traf", box("tfhd", fullBox(tfhdFlags, tfhd.toByteArray())), concat(runs));
    }

    /** A run of one sample. */
    private static byte[] trun(int flags, int... sampleSize) {
        return box("trun", fullBox(flags, concat(ints(1), ints(16), ints(sampleSize))));
    }

    private static byte[] mdat(int payload) {
        return box("mdat", new byte[payload]);
    }

    private static byte[] fullBox(int flags, byte[] body) {
        return concat(ints(flags), body);
    }

    private static byte[] box(String type, byte[]... body) {
        byte[] content = concat(body);
        return concat(ints(8 + content.length), type.getBytes(StandardCharsets.US_ASCII), content);
    }

    private static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length);
        Arrays.stream(values).forEach(buffer::putInt);
        return buffer.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, String type) {
        byte[] wanted = type.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + 4 <= data.length; i++) {
            if (Arrays.equals(data, i, i + 4, wanted, 0, 4)) {
                return i;
            }
        }
        return -1;
    }

    private Path write(String name, byte[]... parts) throws Exception {
        return Files.write(dir.resolve(name), concat(parts));
    }
}
