package io.egress4j.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/** Apache Felix with the distribution's bundles installed and FileInstall watching the plugins folder. */
final class EgressFramework implements AutoCloseable {

    /** Bundles register their components asynchronously; a command that has not appeared by then never will. */
    private static final long COMMAND_TIMEOUT_MS = 30_000;

    /** Thrown when the framework or a command cannot be brought up; the message is meant for the user. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message) {
            super(message);
        }
    }

    /** The framework cache of each process: {@code egress4j-felix-<pid>-<random>} in the temp folder. */
    private static final String CACHE_PREFIX = "egress4j-felix-";
    private static final Pattern CACHE_NAME = Pattern.compile(Pattern.quote(CACHE_PREFIX) + "(\\d{1,10})-.+");

    private final Framework framework;
    private final Path storage;
    private final List<String> problems;

    private EgressFramework(Framework framework, Path storage, List<String> problems) {
        this.framework = framework;
        this.storage = storage;
        this.problems = problems;
    }

    static EgressFramework start(Path bundles, Path plugins) throws StartupException, IOException {
        List<Path> jars = listJars(bundles);
        if (jars.isEmpty()) {
            throw new StartupException("no bundles found in " + bundles + " (build with: mvn -B install -DskipTests)");
        }
        Path storage = Files.createTempDirectory(CACHE_PREFIX + ProcessHandle.current().pid() + "-");
        removeCachesOfEndedProcesses(storage.getParent());
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(frameworkProperties(storage, plugins));
        try {
            framework.start();
        } catch (BundleException e) {
            throw new StartupException("cannot start the OSGi framework: " + e.getMessage());
        }
        BundleContext context = framework.getBundleContext();
        context.addBundleListener(event -> reportPlugin(event, plugins));
        List<String> problems = new ArrayList<>();
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            try {
                // By reference: Felix reads the distribution's jar in place instead of copying it into its cache.
                installed.add(context.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                problems.add(jar.getFileName() + ": " + e.getMessage());
            }
        }
        for (Bundle bundle : installed) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    problems.add(bundle.getSymbolicName() + ": " + e.getMessage());
                }
            }
        }
        problems.forEach(p -> System.getLogger("egress").log(System.Logger.Level.WARNING, "bundle did not start: " + p));
        return new EgressFramework(framework, storage, problems);
    }

    /**
     * Deletes the framework caches of egress processes that are gone without removing theirs (killed or crashed):
     * each holds the bundles' embedded jars, about 100 MB.
     */
    private static void removeCachesOfEndedProcesses(Path temp) {
        try (Stream<Path> entries = Files.list(temp)) {
            entries.filter(entry -> {
                Matcher name = CACHE_NAME.matcher(entry.getFileName().toString());
                return name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty();
            }).forEach(EgressFramework::deleteRecursively);
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a cache left over costs disk space only.
        }
    }

    private static Map<String, String> frameworkProperties(Path storage, Path plugins) {
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.log.level", "1");
        properties.put("felix.fileinstall.dir", plugins.toString());
        properties.put("felix.fileinstall.poll", "500");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.bundles.new.start", "true");
        properties.put("felix.fileinstall.log.level", "1");
        return properties;
    }

    private static List<Path> listJars(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Tells the operator what FileInstall did with a jar dropped into (or removed from) the plugins folder. */
    private static void reportPlugin(BundleEvent event, Path plugins) {
        Bundle bundle = event.getBundle();
        if (!bundle.getLocation().contains(plugins.toUri().getPath())) {
            return;
        }
        String name = bundle.getSymbolicName() + " " + bundle.getVersion();
        switch (event.getType()) {
            case BundleEvent.STARTED -> System.getLogger("egress.plugins")
                    .log(System.Logger.Level.INFO, "plugin started: " + name + " (" + bundle.getLocation() + ")");
            case BundleEvent.UNINSTALLED -> System.getLogger("egress.plugins")
                    .log(System.Logger.Level.INFO, "plugin removed: " + name);
            default -> {
            }
        }
    }

    /** Waits for the bundle that implements {@code name} to register it. */
    @SuppressWarnings("unchecked")
    CommandService command(String name) throws StartupException {
        BundleContext context = framework.getBundleContext();
        Filter filter;
        try {
            filter = FrameworkUtil.createFilter("(&(objectClass=" + Function.class.getName() + ")("
                    + CommandService.NAME_PROPERTY + "=" + name + "))");
        } catch (InvalidSyntaxException e) {
            throw new StartupException("unknown command: " + name);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, filter, null);
        tracker.open();
        try {
            Object service = tracker.waitForService(COMMAND_TIMEOUT_MS);
            if (service == null) {
                throw new StartupException(missingCommand(name));
            }
            return new CommandService((Function<Map<String, Object>, Integer>) service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting");
        }
    }

    private String missingCommand(String name) {
        StringBuilder message = new StringBuilder("unknown command \"" + name + "\" (try egress --help)");
        if (!problems.isEmpty()) {
            message.append("; bundles that failed to start:");
            problems.forEach(p -> message.append("\n  ").append(p));
        }
        return message.toString();
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(15));
        } catch (BundleException | InterruptedException e) {
            System.getLogger("egress").log(System.Logger.Level.WARNING, "framework did not stop cleanly: " + e);
        }
        deleteRecursively(storage);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // The framework cache lives in the temp folder; a leftover is harmless.
        }
    }
}
