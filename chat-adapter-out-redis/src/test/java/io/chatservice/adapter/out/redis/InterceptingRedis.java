package io.chatservice.adapter.out.redis;

import io.chatservice.adapter.out.redis.testing.TestRedis;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A template on the test Redis whose scripts and pipelines a test can intercept: to fail one of them, or to do
 * something at the exact moment it runs (a connection closing in the middle of a renewal).
 */
final class InterceptingRedis extends StringRedisTemplate implements AutoCloseable {

    interface ScriptInterceptor {
        @Nullable Object around(RedisScript<?> script, List<String> keys, Supplier<@Nullable Object> proceed);
    }

    interface PipelineInterceptor {
        List<Object> around(Supplier<List<Object>> proceed);
    }

    private final LettuceConnectionFactory factory;
    private volatile ScriptInterceptor scripts = (script, keys, proceed) -> proceed.get();
    private volatile PipelineInterceptor pipelines = Supplier::get;

    private InterceptingRedis(LettuceConnectionFactory factory) {
        super(factory);
        this.factory = factory;
    }

    static InterceptingRedis connect() {
        LettuceConnectionFactory factory =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestRedis.host(), TestRedis.port()));
        factory.afterPropertiesSet();
        factory.start();
        return new InterceptingRedis(factory);
    }

    void interceptScripts(ScriptInterceptor interceptor) {
        scripts = interceptor;
    }

    void interceptPipelines(PipelineInterceptor interceptor) {
        pipelines = interceptor;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T execute(RedisScript<T> script, List<String> keys, Object... args) {
        return (T) scripts.around(script, keys, () -> super.execute(script, keys, args));
    }

    @Override
    public List<Object> executePipelined(RedisCallback<?> action) {
        return pipelines.around(() -> super.executePipelined(action));
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
