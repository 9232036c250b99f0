package io.egress4j.api;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.ImageOutput;
import livekit.LivekitEgress.Output;
import livekit.LivekitEgress.SegmentedFileOutput;
import livekit.LivekitEgress.StartEgressRequest;
import livekit.LivekitEgress.StorageConfig;
import livekit.LivekitEgress.StreamOutput;

/**
 * The outputs of LiveKit's v2 {@code StartEgressRequest} ({@code outputs}, each with an optional {@code storage},
 * and the request's {@code storage}) as the output lists of the classic requests, so that every egress type plans
 * both the same way. Storage precedence is upstream's: the output's, else the upload the output message carries
 * itself, else the request's, else the configuration's.
 *
 * @since 2.1
 */
public final class V2Outputs {

    private V2Outputs() {
    }

    /**
     * @param identifier names generated files (see {@link RequestedOutputs#identifier})
     * @param audio      whether the source records audio
     * @param video      whether the source records video
     */
    public static RequestedOutputs requested(String identifier, NameValues names, StartEgressRequest request,
                                             boolean audio, boolean video) {
        List<EncodedFileOutput> files = new ArrayList<>();
        List<SegmentedFileOutput> segments = new ArrayList<>();
        List<StreamOutput> streams = new ArrayList<>();
        List<ImageOutput> images = new ArrayList<>();
        for (Output output : request.getOutputsList()) {
            StorageConfig storage = output.hasStorage() ? output.getStorage() : request.getStorage();
            switch (output.getConfigCase()) {
                case FILE -> files.add(withStorage(EncodedFileOutput.newBuilder()
                        .setFileType(output.getFile().getFileType()).setFilepath(output.getFile().getFilepath())
                        .setDisableManifest(output.getFile().getDisableManifest()), storage, output.hasStorage()));
                case SEGMENTS -> segments.add(withStorage(output.getSegments().toBuilder(), storage,
                        output.hasStorage()));
                case IMAGES -> images.add(withStorage(output.getImages().toBuilder(), storage, output.hasStorage()));
                case STREAM -> streams.add(output.getStream());
                case CONFIG_NOT_SET -> {
                    // an empty output: the planner reports a request without outputs
                }
            }
        }
        return new RequestedOutputs(identifier, names, files, segments, streams, images,
                request.hasPreset() ? OptionalInt.of(request.getPresetValue()) : OptionalInt.empty(),
                request.hasAdvanced() ? request.getAdvanced() : null, audio, video);
    }

    /**
     * Sets {@code storage}'s provider in the message's own upload oneof ({@code output}), whose fields bear the same
     * names ({@code s3}, {@code gcp}, {@code azure}, {@code aliOSS}).
     *
     * @param overrides whether the storage is the output's own, which wins over an upload the message carries
     */
    @SuppressWarnings("unchecked")
    private static <T extends Message> T withStorage(Message.Builder output, StorageConfig storage,
                                                     boolean overrides) {
        OneofDescriptor upload = output.getDescriptorForType().getOneofs().stream()
                .filter(oneof -> oneof.getName().equals("output")).findFirst().orElseThrow();
        FieldDescriptor provider = storage.getProviderCase() == StorageConfig.ProviderCase.PROVIDER_NOT_SET ? null
                : StorageConfig.getDescriptor().findFieldByNumber(storage.getProviderCase().getNumber());
        if (provider != null && (overrides || !output.hasOneof(upload))) {
            output.setField(output.getDescriptorForType().findFieldByName(provider.getName()),
                    storage.getField(provider));
        }
        return (T) output.build();
    }
}
