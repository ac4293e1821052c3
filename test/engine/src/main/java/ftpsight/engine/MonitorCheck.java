package ftpsight.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.commons.alerting.action.IndexMonitorRequest;
import org.opensearch.commons.alerting.model.BucketLevelTrigger;
import org.opensearch.commons.alerting.model.ClusterMetricsInput;
import org.opensearch.commons.alerting.model.DocLevelMonitorInput;
import org.opensearch.commons.alerting.model.DocumentLevelTrigger;
import org.opensearch.commons.alerting.model.Monitor;
import org.opensearch.commons.alerting.model.QueryLevelTrigger;
import org.opensearch.commons.alerting.model.SearchInput;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.rest.RestRequest;
import org.opensearch.search.SearchModule;

/**
 * Parses OpenSearch Alerting monitor bodies with the Alerting plugin's own parser, {@code Monitor.parse} of
 * org.opensearch:common-utils, as {@code POST _plugins/_alerting/monitors} does, and validates the index request
 * the plugin would build from it. The plugin itself is not on Maven Central, so this is as close to "the plugin
 * accepts this monitor" as a test can get here.
 *
 * <p>Usage: {@code MonitorCheck FILE...}. Prints one JSON line per file, in order:
 * {@code {"file": ..., "ok": true, "monitor": <the parsed monitor written back>}} or
 * {@code {"file": ..., "ok": false, "error": "..."}}. Exits 0 when every file was read, whatever the verdicts.
 */
public final class MonitorCheck {

    private MonitorCheck() {}

    /** What the Alerting plugin registers for parsing monitors: search queries and aggregations, inputs, triggers. */
    private static NamedXContentRegistry registry() {
        List<NamedXContentRegistry.Entry> entries =
                new ArrayList<>(new SearchModule(Settings.EMPTY, List.of()).getNamedXContents());
        entries.add(Monitor.Companion.getXCONTENT_REGISTRY());
        entries.add(SearchInput.Companion.getXCONTENT_REGISTRY());
        entries.add(DocLevelMonitorInput.Companion.getXCONTENT_REGISTRY());
        entries.add(ClusterMetricsInput.Companion.getXCONTENT_REGISTRY());
        entries.add(QueryLevelTrigger.Companion.getXCONTENT_REGISTRY());
        entries.add(BucketLevelTrigger.Companion.getXCONTENT_REGISTRY());
        entries.add(DocumentLevelTrigger.Companion.getXCONTENT_REGISTRY());
        return new NamedXContentRegistry(entries);
    }

    private static String check(NamedXContentRegistry registry, Path file) throws Exception {
        String json = Files.readString(file);
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(
                registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, json)) {
            if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Monitor monitor = Monitor.Companion.parse(parser);
            if (parser.nextToken() != null) throw new IllegalArgumentException("content after the monitor");
            IndexMonitorRequest request = new IndexMonitorRequest(
                    "", -2L, 0L, WriteRequest.RefreshPolicy.IMMEDIATE, RestRequest.Method.POST, monitor, null);
            ActionRequestValidationException invalid = request.validate();
            if (invalid != null) throw invalid;
            XContentBuilder out = JsonXContent.contentBuilder();
            monitor.toXContent(out, ToXContent.EMPTY_PARAMS);
            return "{\"file\":" + quote(file.toString()) + ",\"ok\":true,\"monitor\":" + out.toString() + "}";
        } catch (Exception | AssertionError e) {
            // Kotlin's require() throws IllegalArgumentException; the parsers throw XContentParseException.
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                message += " / " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            return "{\"file\":" + quote(file.toString()) + ",\"ok\":false,\"error\":" + quote(message) + "}";
        }
    }

    private static String quote(String s) throws Exception {
        XContentBuilder b = JsonXContent.contentBuilder();
        b.value(s);
        return b.toString();
    }

    public static void main(String[] args) throws Exception {
        NamedXContentRegistry registry = registry();
        for (String arg : args) {
            System.out.println(check(registry, Path.of(arg)));
        }
    }
}
