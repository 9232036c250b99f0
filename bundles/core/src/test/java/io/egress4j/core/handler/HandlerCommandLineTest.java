package io.egress4j.core.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerCommandLineTest {

    @Test
    void handlersRunOnTheWorkersJvmOptionsButNotOnItsFiles() {
        List<String> worker = List.of("-XX:SharedArchiveFile=/opt/egress4j/lib/egress4j.jsa", "-XX:TieredStopAtLevel=1",
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xmx512m",
                "-XX:ErrorFile=/tmp/egress4j-run-1/hs_err_pid%p.log", "-XX:OnError=/opt/egress4j/bin/egress --crash",
                "-Degress.run.dir=/tmp/egress4j-run-1", "-Degress.home=/opt/egress4j",
                "-XX:ArchiveClassesAtExit=/tmp/new.jsa", "-agentlib:jdwp=transport=dt_socket,address=5005");

        assertEquals(List.of("-XX:SharedArchiveFile=/opt/egress4j/lib/egress4j.jsa", "-XX:TieredStopAtLevel=1",
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xmx512m"),
                HandlerCommandLine.inheritedJvmOptions(worker));
    }

    @Test
    void theHandlerCommandNamesTheLauncherAndTheConfig() {
        List<String> command = HandlerCommandLine.ofThisProcess("/etc/egress.yaml").command();

        assertEquals("setsid", command.get(0));
        assertEquals(List.of("io.egress4j.launcher.Main", "run-handler", "--config", "/etc/egress.yaml"),
                command.subList(command.size() - 4, command.size()));
    }
}
