package io.egress4j.psrpc;

/** The psrpc error codes, as they travel in {@code Response.code} (wire reference A9). */
public final class RpcCode {
    public static final String OK = "";
    public static final String CANCELED = "canceled";
    public static final String MALFORMED_REQUEST = "malformed_request";
    public static final String MALFORMED_RESULT = "malformed_result";
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";
    public static final String UNAVAILABLE = "unavailable";
    public static final String UNKNOWN = "unknown";
    public static final String INVALID_ARGUMENT = "invalid_argument";
    public static final String NOT_FOUND = "not_found";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String ALREADY_EXISTS = "already_exists";
    public static final String PERMISSION_DENIED = "permission_denied";
    public static final String RESOURCE_EXHAUSTED = "resource_exhausted";
    public static final String FAILED_PRECONDITION = "failed_precondition";
    public static final String ABORTED = "aborted";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String UNIMPLEMENTED = "unimplemented";
    public static final String INTERNAL = "internal";
    public static final String DATA_LOSS = "data_loss";
    public static final String UNAUTHENTICATED = "unauthenticated";
    public static final String UNPROCESSABLE_ENTITY = "unprocessable_entity";
    public static final String UPSTREAM_SERVER_ERROR = "upstream_server_error";
    public static final String UPSTREAM_CLIENT_ERROR = "upstream_client_error";

    private RpcCode() {
    }
}
