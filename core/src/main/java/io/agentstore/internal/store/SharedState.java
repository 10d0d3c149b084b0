package io.agentstore.internal.store;

import static io.agentstore.internal.store.SessionShapes.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentstore.Json;
import io.agentstore.internal.database.Call;
import io.agentstore.internal.database.Conn;
import io.agentstore.internal.shape.Shape;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The state sessions share: {@code app:} keys by every session of an app, {@code user:} keys by
 * a user's sessions in an app, each kept in its own row and written in the transaction of the
 * session write that changed it.
 */
final class SharedState {

    private SharedState() {}

    /**
     * A state object split by scope, each part as the JSON text written: the session's own keys,
     * the app's ({@code app:}) and the user's ({@code user:}); each null when it has no key.
     * Built before the write, so that no parsing or serialising runs under the writer's lock.
     */
    record Split(String own, String app, String user) {

        static Split of(Json state) {
            if (state == null) {
                return new Split(null, null, null);
            }
            ObjectNode tree = (ObjectNode) state.tree();
            boolean shared = false;
            for (Iterator<String> it = tree.fieldNames(); it.hasNext() && !shared; ) {
                String key = it.next();
                shared = key.startsWith("app:") || key.startsWith("user:");
            }
            if (!shared) {
                return new Split(tree.isEmpty() ? null : state.text(), null, null); // the whole, as given
            }
            ObjectNode own = null;
            ObjectNode app = null;
            ObjectNode user = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                if (key.startsWith("app:")) {
                    app = put(app, e);
                } else if (key.startsWith("user:")) {
                    user = put(user, e);
                } else {
                    own = put(own, e);
                }
            }
            return new Split(text(own), text(app), text(user));
        }

        private static String text(ObjectNode o) {
            return o == null ? null : o.toString();
        }

        private static ObjectNode put(ObjectNode into, Map.Entry<String, JsonNode> e) {
            ObjectNode o = into == null ? JsonNodeFactory.instance.objectNode() : into;
            o.set(e.getKey(), e.getValue());
            return o;
        }
    }

    /** Merges the shared parts of a split delta into the app's and the user's state. */
    static void merge(Conn c, Split delta, String app, String user, Instant now, String doing) throws SQLException {
        if (delta.app() != null) {
            change(c, APP_STATE, app, user, now, doing, null, delta.app());
        }
        if (delta.user() != null) {
            change(c, USER_STATE, app, user, now, doing, null, delta.user().toString());
        }
    }

    /**
     * One change of a shared-state row: with {@code key} null, {@code json} is a merge patch;
     * otherwise {@code json} is the value {@code key} is set to, or null to remove the key. The
     * row's update, or, when there is no row yet and something is to be set, the insert of the
     * change applied to {@code {}}.
     */
    static void change(
            Conn c, SharedShapes shapes, String app, String user, Instant now, String doing, String key, String json)
            throws SQLException {
        Shape update = key == null ? shapes.merge() : json == null ? shapes.remove() : shapes.set();
        Optional<Integer> length =
                bind(c.call(update), shapes, app, user, now, key, json).one(r -> r.get(shapes.length()));
        if (length.isPresent()) {
            SessionStoreImpl.stateWithinLimit(
                    length.get(), doing + " (the " + (shapes.perUser() ? "user's" : "app's") + " shared state)");
        } else if (json != null) {
            bind(c.call(key == null ? shapes.insertMerge() : shapes.insertSet()), shapes, app, user, now, key, json)
                    .update();
        } else {
            return; // nothing to remove: no row, no change
        }
        StateHistory.shared(c, shapes.perUser(), app, user, now);
    }

    private static Call bind(
            Call call, SharedShapes shapes, String app, String user, Instant now, String key, String json)
            throws SQLException {
        call.set(SHARED_APP, app).set(SHARED_NOW, now);
        if (shapes.perUser()) {
            call.set(SHARED_USER, user);
        }
        if (key != null) {
            call.set(SHARED_KEY, key);
        }
        if (json != null) {
            call.set(SHARED_JSON, Stored.json(json));
        }
        return call;
    }
}
