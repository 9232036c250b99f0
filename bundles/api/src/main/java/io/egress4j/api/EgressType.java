package io.egress4j.api;

import io.egress4j.protocol.rpc.EgressRpc.StartEgressRequest;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One kind of egress request (web, track, room composite, ...): it recognises its requests, validates and plans
 * them with upstream's messages, and records them on the sources and outputs the core provides. Implementations are
 * OSGi services registered with the property {@value #NAME}, e.g. {@code egress.type=web}; a worker bids only for
 * requests some running type {@linkplain #handles handles}.
 */
@ConsumerType
public interface EgressType {

    /** Service property that names the egress type, as metrics and {@code egress plugins} show it. */
    String NAME = "egress.type";

    /** Whether this type runs {@code request} (its request oneof, and for shared oneofs, its fields). */
    boolean handles(StartEgressRequest request);

    /** Which {@code cpu_cost} entry prices {@code request} when the request brings no estimate of its own. */
    CostKey costKey(StartEgressRequest request);

    /**
     * Checks {@code request} as StartEgress does and plans it; nothing starts. The worker calls this before it
     * accepts the request, and the handler again before it runs it.
     *
     * @throws EgressException INVALID_ARGUMENT with upstream's message naming the field at fault
     */
    PlannedEgress plan(StartEgressRequest request, EgressContext context) throws EgressException;
}
