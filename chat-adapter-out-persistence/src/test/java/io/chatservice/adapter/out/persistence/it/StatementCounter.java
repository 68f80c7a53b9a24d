package io.chatservice.adapter.out.persistence.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.util.ClassUtils;

/**
 * Counts the SQL statements the current thread sends, so tests can pin down database round trips whether
 * they come from Hibernate or from {@code JdbcClient}. A JDBC batch counts once: it is one round trip.
 */
final class StatementCounter {

    private static final ThreadLocal<long[]> EXECUTED = ThreadLocal.withInitial(() -> new long[1]);

    private StatementCounter() {
    }

    record Counted<T>(T result, long statements) {
    }

    static <T> Counted<T> count(Supplier<T> work) {
        long before = EXECUTED.get()[0];
        T result = work.get();
        return new Counted<>(result, EXECUTED.get()[0] - before);
    }

    static long count(Runnable work) {
        return count(() -> {
            work.run();
            return Boolean.TRUE;
        }).statements();
    }

    /** Wraps the data source, its connections and their statements, keeping every interface they implement. */
    static DataSource wrap(DataSource dataSource) {
        return (DataSource) proxy(dataSource, connection -> connection instanceof Connection
                ? proxy(connection, statement -> statement instanceof Statement ? proxy(statement, r -> r) : statement)
                : connection);
    }

    private static Object proxy(Object target, UnaryOperator<Object> wrapResult) {
        boolean isStatement = target instanceof Statement;
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    if (isStatement && method.getName().startsWith("execute")) {
                        EXECUTED.get()[0]++;
                    }
                    try {
                        Object result = method.invoke(target, args);
                        return result == null ? null : wrapResult.apply(result);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        };
        return Proxy.newProxyInstance(
                target.getClass().getClassLoader(), ClassUtils.getAllInterfaces(target), handler);
    }
}
