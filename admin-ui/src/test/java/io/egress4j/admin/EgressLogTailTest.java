package io.egress4j.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class EgressLogTailTest {

    @Test
    void keepsTheLatestLinesOfEachEgressAndNothingUntagged() {
        try (EgressLogTail tail = new EgressLogTail()) {
            tail.publish(record("[{0}] accepted {1}", "EG_one", "web egress"));
            tail.publish(record("worker ready", null, null));
            for (int i = 0; i < EgressLogTail.LINES + 5; i++) {
                tail.publish(record("[{0}] line {1}", "EG_two", String.valueOf(i)));
            }
            List<String> one = tail.lines("EG_one");
            assertEquals(1, one.size());
            assertTrue(one.get(0).endsWith("INFO accepted web egress"), one.get(0));
            List<String> two = tail.lines("EG_two");
            assertEquals(EgressLogTail.LINES, two.size());
            assertTrue(two.get(two.size() - 1).endsWith("line " + (EgressLogTail.LINES + 4)), two.toString());
            assertEquals(List.of(), tail.lines("EG_three"));
        }
    }

    private static LogRecord record(String message, String egressId, String detail) {
        LogRecord record = new LogRecord(Level.INFO, message);
        if (egressId != null) {
            record.setParameters(new Object[] {egressId, detail});
        }
        return record;
    }
}
