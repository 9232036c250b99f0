package io.egress4j.api;

/** Containers a file output can write. */
public enum FileFormat {
    MP4(".mp4", "video/mp4"),
    OGG(".ogg", "audio/ogg"),
    WEBM(".webm", "video/webm"),
    MP3(".mp3", "audio/mpeg");

    private final String extension;
    private final String contentType;

    FileFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** The file name extension, with its leading dot. */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }
}
