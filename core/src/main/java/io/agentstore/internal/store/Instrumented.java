package io.agentstore.internal.store;

import io.agentstore.AgentStoreException;
import io.agentstore.StoreMetrics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store interface whose every call is timed for the metrics ({@code <store>.<method>}, e.g.
 * {@code memory.add}, with its outcome). Built only when metrics are installed: without them
 * the stores are the implementations themselves.
 */
final class Instrumented {

    private static final Logger LOG = LoggerFactory.getLogger(Instrumented.class);

    private Instrumented() {}

    static <T> T wrap(Class<T> type, T target, String store, StoreMetrics metrics) {
        if (metrics == null) {
            return target;
        }
        Map<Method, String> names = new HashMap<>();
        for (Method m : type.getMethods()) {
            names.put(m, store + "." + m.getName());
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            String name = names.get(method);
            if (name == null) { // equals, hashCode, toString
                return method.invoke(target, args);
            }
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                outcome = cause instanceof AgentStoreException a
                        ? a.code().name()
                        : cause.getClass().getName();
                throw cause;
            } finally {
                try {
                    metrics.operation(name, System.nanoTime() - start, outcome);
                } catch (RuntimeException e) {
                    LOG.warn("the store metrics failed on operation {}; ignored", name, e);
                }
            }
        });
        return type.cast(proxy);
    }
}
