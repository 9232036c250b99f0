package io.egress4j.api;

import com.google.protobuf.Message;
import java.time.ZonedDateTime;
import org.osgi.annotation.versioning.ProviderType;

/** What the core offers an {@link EgressType} while it plans one request. */
@ProviderType
public interface EgressContext {

    String egressId();

    /** When the egress was accepted: fills {@code {time}} and generated names, the same in worker and handler. */
    ZonedDateTime startedAt();

    /**
     * Plans encoded outputs (files, segments, streams, images) with upstream's rules, defaults and messages, and
     * checks their storage; {@link RecordingSession#recordEncoded} records into them.
     */
    EncodedOutputs planEncoded(RequestedOutputs outputs) throws EgressException;

    /**
     * Plans a file the type writes itself (no transcoding) at the request's {@code filepath}. It is stored where
     * {@code fileOutput} (the request's output message, e.g. {@code DirectFileOutput}) says in its {@code output}
     * upload oneof, else on the configured storage; that choice is checked now.
     * {@link RecordingSession#directFile} names the file once what its name depends on (codec, publisher) is known.
     */
    DirectFile planDirectFile(String filepath, Message fileOutput) throws EgressException;

    /** Where the room is and a token to join it: the request's own, else a recorder token minted as upstream. */
    RoomAccess roomAccess(String roomName) throws EgressException;

    /**
     * Refuses a URL of the request that this node does not let requests reach: link-local addresses (cloud
     * metadata services), addresses outside {@code allowed_networks} when that is set, and {@code file:} URLs
     * except from the local user's own CLI.
     *
     * @param field names the URL in the error, e.g. {@code web url}
     * @throws EgressException INVALID_ARGUMENT {@code request has missing or invalid field: <field> (<why>)}
     * @since 2.1
     */
    void checkUrl(String field, String url) throws EgressException;

    /**
     * The configured {@code template_base}: where room composite templates are served; empty when the built-in
     * templates are to be used.
     *
     * @since 2.1
     */
    String templateBase();

    /** How this node runs browsers (from the configuration). */
    BrowserOptions browser();

    /** A copy of {@code message} fit to report: every secret the schema or a storage plugin declares redacted. */
    <T extends Message> T redact(T message);
}
