package ftpsight.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.opensearch.action.admin.cluster.health.ClusterHealthResponse;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.ingest.common.IngestCommonPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.script.mustache.MustachePlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One real OpenSearch node in this JVM, for ftpsight's integration tests (started by start.sh).
 *
 * <p>Configured by environment variables, all optional:
 *
 * <ul>
 *   <li>ENGINE_NAME: run name, used as cluster and node name (default "ftpsight-test");
 *   <li>ENGINE_PORT: HTTP port; default: a free port chosen by the OS;
 *   <li>ENGINE_DATA: data folder kept across restarts; default: inside the temp home, deleted on exit;
 *   <li>ENGINE_URL_FILE: file the URL is written to once the node is ready (start.sh waits for it);
 *   <li>ENGINE_WATCH_PID: exit when that process is gone, so a killed test runner leaves no node behind;
 *   <li>ENGINE_HOME: the node's home folder, kept (default: a temp folder, deleted on exit).
 * </ul>
 *
 * <p>A node of a cluster (start.sh --nodes) also gets, all required together:
 *
 * <ul>
 *   <li>ENGINE_CLUSTER: the cluster name (ENGINE_NAME is then this node's name);
 *   <li>ENGINE_TRANSPORT_PORT: its transport port, fixed so that the others find it again after a restart;
 *   <li>ENGINE_SEED_HOSTS: the transport addresses of every node, comma-separated;
 *   <li>ENGINE_MANAGERS: the names of the cluster-manager-eligible nodes that bootstrap the cluster;
 *   <li>ENGINE_CLUSTER_SIZE: how many nodes must have joined before this one says it is ready;
 *   <li>ENGINE_ROLES: optional, its roles, comma-separated (default: all).
 * </ul>
 *
 * <p>Arguments {@code -Ename=value} set or override node settings, as with the {@code opensearch} launcher of a
 * distribution (test/docker/opensearch uses them to run this node in a container, listening on 0.0.0.0:9200).
 */
public final class EmbeddedOpenSearch {

    /** The modules a distribution would load from modules/; here they are on the classpath. */
    private static final List<Class<? extends Plugin>> PLUGINS = List.of(
            Netty4Plugin.class,
            PainlessPlugin.class,
            IngestCommonPlugin.class,
            CommonAnalysisPlugin.class,
            MapperExtrasPlugin.class,
            // Without it, {{field}} templates in ingest processors are silently kept as literal text.
            MustachePlugin.class,
            ReindexPlugin.class);

    private EmbeddedOpenSearch() {}

    public static void main(String[] args) throws Exception {
        String name = env("ENGINE_NAME", "ftpsight-test");
        String port = env("ENGINE_PORT", "0");
        String keptHome = env("ENGINE_HOME", "");
        Path home = keptHome.isEmpty()
                ? Files.createTempDirectory("ftpsight-engine-")
                : Files.createDirectories(Path.of(keptHome).toAbsolutePath());
        String keptData = env("ENGINE_DATA", "");
        Path data = keptData.isEmpty() ? home.resolve("data") : Path.of(keptData).toAbsolutePath();
        String cluster = env("ENGINE_CLUSTER", "");
        int clusterSize = Integer.parseInt(env("ENGINE_CLUSTER_SIZE", "1"));

        Settings.Builder builder = Settings.builder()
                .put("cluster.name", cluster.isEmpty() ? name : cluster)
                .put("node.name", name)
                .put("path.home", home.toString())
                .put("path.data", data.toString())
                .put("network.host", "127.0.0.1")
                .put("http.port", port) // "0" lets the OS pick; the bound port is read back below
                // The shipper writes to indices and data streams it does not create first.
                .put("action.auto_create_index", true)
                // A developer's fuller disk must not turn indices read-only in the middle of a test.
                .put("cluster.routing.allocation.disk.threshold_enabled", false);
        if (cluster.isEmpty()) {
            builder.put("transport.port", "0") // single node: nobody connects to it, so any free port
                    .put("discovery.type", "single-node");
        } else {
            builder.put("transport.port", required("ENGINE_TRANSPORT_PORT"))
                    .putList("discovery.seed_hosts", required("ENGINE_SEED_HOSTS").split(","))
                    .putList("cluster.initial_cluster_manager_nodes", required("ENGINE_MANAGERS").split(","));
            String roles = env("ENGINE_ROLES", "");
            if (!roles.isEmpty()) {
                builder.putList("node.roles", roles.split(","));
            }
        }
        Settings settings = builder.build();
        // Like the launcher's -E options, these properties win over the settings above.
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(settings, settingArguments(args), null, () -> name);

        // Plugins given as classes get no extension wiring, so Painless would not see the allow-lists that
        // ingest-common (Processors.lowercase, ...) and analysis-common declare as service providers.
        // PainlessPlugin keeps allow-lists in a static map, so loading them once here is enough.
        new PainlessPlugin().loadExtensions(EmbeddedOpenSearch::serviceProviders);

        Node node = new Node(environment, PLUGINS, true) {}; // the constructor taking plugins is protected
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                if (keptHome.isEmpty()) {
                    deleteTree(home);
                }
                closed.countDown();
            }
        }, "engine-shutdown"));

        try {
            node.start();
            // Ready means what the tests need: cluster state recovered, every primary shard assigned, and in a
            // cluster every node joined (a node restarted after a kill is ready once it is back in).
            ClusterHealthResponse health = node.client().admin().cluster().prepareHealth()
                    .setWaitForYellowStatus().setWaitForNodes(">=" + clusterSize)
                    .setTimeout(TimeValue.timeValueMinutes(2)).get();
            if (health.isTimedOut()) {
                throw new IllegalStateException("cluster still " + health.getStatus() + " after 2 minutes");
            }
        } catch (Exception e) {
            e.printStackTrace();
            // Last line of the log, where start.sh's tail shows it even under a long stack trace.
            System.out.println("[engine] could not start: " + e);
            System.exit(1); // runs the hook: closes what started and removes the temp home
        }

        int boundPort = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        String url = "http://127.0.0.1:" + boundPort;
        System.out.println("[engine] " + name + " started at " + url + ", data in " + data);
        String urlFile = env("ENGINE_URL_FILE", "");
        if (!urlFile.isEmpty()) {
            writeAtomically(Path.of(urlFile), url + "\n");
        }
        watchParent(env("ENGINE_WATCH_PID", ""));
        closed.await(); // the node's threads are daemons: keep the JVM up until the shutdown hook has run
    }

    private static Map<String, String> settingArguments(String[] args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("-E") || equals < 3) {
                throw new IllegalArgumentException("expected -Ename=value, got: " + arg);
            }
            settings.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        return settings;
    }

    private static <T> List<T> serviceProviders(Class<T> type) {
        return ServiceLoader.load(type, EmbeddedOpenSearch.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
    }

    private static void watchParent(String pid) {
        if (pid.isEmpty()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.out.println("[engine] process " + pid + " is gone, stopping");
            System.exit(0);
        }, "engine-watch-parent");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Readers poll for the file, so they must never see it half written. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[engine] could not delete " + root + ": " + e);
        }
    }

    private static String required(String key) {
        String value = env(key, "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is required for a node of a cluster (ENGINE_CLUSTER is set)");
        }
        return value;
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
