package io.egress4j.core.request;

import io.egress4j.api.EgressException;
import io.egress4j.api.FileFormat;
import livekit.LivekitEgress.EncodedFileType;

import java.util.List;
import java.util.Locale;

/** Picks the container of an encoded file output. */
public final class FileFormatChooser {

    /** Upstream's preference for audio-only files when the request names no file type. */
    private static final List<FileFormat> AUDIO_ONLY_PREFERENCE = List.of(FileFormat.OGG, FileFormat.MP4, FileFormat.MP3);

    private FileFormatChooser() {
    }

    /**
     * An explicit {@code file_type} wins. With DEFAULT_FILETYPE: a {@code filepath} ending in {@code .webm} selects
     * WebM (our addition: the proto has no WEBM file type); otherwise audio-only takes the first of OGG, MP4, MP3 that
     * fits the requested audio codec, and anything with video takes MP4.
     *
     * @throws EgressException {@code request has missing or invalid field: file_type} for a value this proto version
     *                         does not know
     */
    public static FileFormat choose(EncodedFileType fileType, String filepath, RequestedEncoding encoding,
                                    boolean video) throws EgressException {
        return switch (fileType) {
            case MP4 -> FileFormat.MP4;
            case OGG -> FileFormat.OGG;
            case MP3 -> FileFormat.MP3;
            case DEFAULT_FILETYPE -> inferred(filepath, encoding, video);
            case UNRECOGNIZED -> throw EgressException.invalidField("file_type");
        };
    }

    private static FileFormat inferred(String filepath, RequestedEncoding encoding, boolean video) {
        if (filepath.toLowerCase(Locale.ROOT).endsWith(FileFormat.WEBM.extension())) {
            return FileFormat.WEBM;
        }
        if (video) {
            return FileFormat.MP4;
        }
        return AUDIO_ONLY_PREFERENCE.stream()
                .filter(format -> ContainerCodecs.of(format).accepts(encoding.audioCodec()))
                .findFirst()
                .orElseThrow(); // every audio codec fits one of them
    }
}
