package io.egress4j.core.config;

/** {@code debug}: diagnostics, plus where to upload them (the inherited provider keys). */
public class DebugConfig extends UploadConfig {
    /** Write a pipeline dot file and a profile when a pipeline fails or freezes. */
    public boolean enableProfiling = false;
    /** Log packets and keyframes of every track. */
    public boolean enableTrackLogging = false;
    /** Log bytes and keyframes of every stream output, as CSV. */
    public boolean enableStreamLogging = false;
    /** Log every Chrome console event. */
    public boolean enableChromeLogging = false;
}
