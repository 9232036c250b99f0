package io.egress4j.core.cli;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.egress4j.core.cli.RecordCommand.UsageException;
import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --request}: protobuf JSON of a whole StartEgressRequest, or of one request on its own (a
 * WebEgressRequest, a TrackEgressRequest, ...). A bare request is of the type given, else the first of
 * StartEgressRequest's request types that parses it without unknown fields, so a new request type needs no change
 * here.
 */
final class RequestFile {

    private RequestFile() {
    }

    /** @param requestType the StartEgressRequest field the bare request goes in, or null to try each in turn */
    static StartEgressRequest read(Path file, String requestType) throws UsageException {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("request file not found: " + file);
        } catch (IOException e) {
            throw new UsageException("cannot read request file " + file + ": " + e.getMessage());
        }
        StartEgressRequest.Builder whole = StartEgressRequest.newBuilder();
        if (requestType == null && parses(json, whole)
                && whole.getRequestCase() != StartEgressRequest.RequestCase.REQUEST_NOT_SET) {
            return whole.build();
        }
        List<String> tried = new ArrayList<>();
        for (FieldDescriptor field : StartEgressRequest.getDescriptor().getOneofs().stream()
                .filter(oneof -> oneof.getName().equals("request")).findFirst().orElseThrow().getFields()) {
            if (requestType != null && !field.getName().equals(requestType)) {
                continue;
            }
            Message.Builder bare = StartEgressRequest.newBuilder().newBuilderForField(field);
            if (parses(json, bare)) {
                return StartEgressRequest.newBuilder().setField(field, bare.build()).build();
            }
            tried.add(field.getMessageType().getName());
        }
        if (requestType != null) {
            throw new UsageException(file + ": not a " + tried.get(0) + " (protobuf JSON)");
        }
        throw new UsageException(file + ": not a StartEgressRequest, nor any of " + String.join(", ", tried)
                + " (protobuf JSON)");
    }

    private static boolean parses(String json, Message.Builder builder) {
        try {
            JsonFormat.parser().merge(json, builder);
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }
}
